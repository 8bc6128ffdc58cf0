"""What a migration run tells as it goes: a Protocol, and the one that logs to stderr.

The runner calls a `Reporter` at each event (waiting for the lock, a revision
starting, each statement with its duration, a retry, a revision done). The
CLI uses `LogReporter`, whose lines go to stderr through the `primedb`
logger; runs on primedb's own databases use `QuietReporter` (their hundreds
of statement lines are not the user's run); tests pass their own to see the
events, or to act on one (release a lock when the first retry is announced).
"""

import logging
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from primedb.migrations.history import RevisionInfo
from primedb.migrations.lock import LockHolder

__all__ = ["Direction", "LogReporter", "QuietReporter", "Reporter", "StatementTiming", "Step"]

log = logging.getLogger("primedb.migrations")

_SHOWN_SQL = 120  # characters of a statement shown on its line


class Direction(Enum):
    UP = "upgrade"
    DOWN = "downgrade"


@dataclass(frozen=True, slots=True)
class Step:
    """One revision applied (up) or undone (down)."""

    direction: Direction
    revision: RevisionInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementTiming:
    sql: str
    seconds: float
    ok: bool
    housekeeping: bool  # Alembic's version table, session settings, driver start-up

    def line(self) -> str:
        flat = " ".join(self.sql.split())
        if len(flat) > _SHOWN_SQL:
            flat = flat[: _SHOWN_SQL - 3] + "..."
        status = "" if self.ok else "  (failed)"
        return f"{self.seconds * 1000:9.1f} ms  {flat}{status}"


class Reporter(Protocol):
    def lock_waiting(self, holder: LockHolder | None, wait_s: float) -> None: ...

    def lock_acquired(self, waited_s: float) -> None: ...

    def step_started(self, step: Step, attempt: int) -> None: ...

    def statement(self, timing: StatementTiming) -> None: ...

    def retrying(self, step: Step, attempt: int, delay_s: float, reason: str) -> None: ...

    def step_done(self, step: Step, seconds: float) -> None: ...

    def note(self, message: str) -> None: ...


class LogReporter:
    """One line per event on the `primedb.migrations` logger (stderr in the CLI)."""

    def lock_waiting(self, holder: LockHolder | None, wait_s: float) -> None:
        who = holder.describe() if holder else "another session"
        log.warning("waiting up to %gs for the migration lock, held by %s", wait_s, who)

    def lock_acquired(self, waited_s: float) -> None:
        if waited_s >= 0.05:
            log.info("migration lock taken after %.1fs", waited_s)

    def step_started(self, step: Step, attempt: int) -> None:
        again = f" (attempt {attempt})" if attempt > 1 else ""
        log.info("%s %s%s", step.direction.value, step.revision.label, again)

    def statement(self, timing: StatementTiming) -> None:
        log.log(logging.DEBUG if timing.housekeeping else logging.INFO, "%s", timing.line())

    def retrying(self, step: Step, attempt: int, delay_s: float, reason: str) -> None:
        log.warning(
            "%s %s: %s; rolled back, retry %d in %.1fs",
            step.direction.value,
            step.revision.revision,
            reason,
            attempt,
            delay_s,
        )

    def step_done(self, step: Step, seconds: float) -> None:
        log.info(
            "%s %s done in %.1f ms", step.direction.value, step.revision.revision, seconds * 1000
        )

    def note(self, message: str) -> None:
        log.info("%s", message)


class QuietReporter:
    """A Reporter for runs on primedb's own databases: every event at debug level."""

    def lock_waiting(self, holder: LockHolder | None, wait_s: float) -> None:
        log.debug("waiting for the migration lock of a scratch database")

    def lock_acquired(self, waited_s: float) -> None:
        pass

    def step_started(self, step: Step, attempt: int) -> None:
        log.debug("scratch: %s %s", step.direction.value, step.revision.label)

    def statement(self, timing: StatementTiming) -> None:
        log.debug("scratch: %s", timing.line())

    def retrying(self, step: Step, attempt: int, delay_s: float, reason: str) -> None:
        log.debug("scratch: retry %d of %s: %s", attempt, step.revision.revision, reason)

    def step_done(self, step: Step, seconds: float) -> None:
        pass

    def note(self, message: str) -> None:
        log.debug("scratch: %s", message)
