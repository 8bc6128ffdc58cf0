"""What went wrong in a revision, in the words of the errors a run ends with.

Every message says where the database is now (alembic_version, and the
statements of an interrupted revision that took effect) and the way out.
"""

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from primedb.durations import format_duration
from primedb.migrations.history import BASE
from primedb.migrations.reporter import Direction, Step

__all__ = ["LOCK_NOT_AVAILABLE", "QUERY_CANCELED", "Failure"]

LOCK_NOT_AVAILABLE = "55P03"
QUERY_CANCELED = "57014"


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed attempt at a revision: its SQLSTATE, libpq's reason, the statement."""

    sqlstate: str | None
    reason: str
    where: str
    hint: str = ""  # the server's own way out (a check the plan runs says what to do)

    @classmethod
    def of(cls, exc: Exception) -> "Failure":
        if isinstance(exc, DBAPIError):
            orig = exc.orig
            sqlstate = getattr(orig, "sqlstate", None)
            diag = getattr(orig, "diag", None)
            reason = (getattr(diag, "message_primary", None) or str(orig)).strip()
            hint = (getattr(diag, "message_hint", None) or "").strip()
            return cls(sqlstate, reason, f"`{_short(exc.statement or '')}`", hint)
        return cls(None, f"{type(exc).__name__}: {exc}", "the revision's Python code")

    def failed(self, step: Step, statement_timeout_ms: int, took_effect: int) -> str:
        info = step.revision
        if self.sqlstate == QUERY_CANCELED:
            what = f"hit statement_timeout ({format_duration(statement_timeout_ms)})"
            way_out = "rerun with a larger --statement-timeout"
        else:
            what = f"failed: {self.reason}"
            way_out = self.hint or "fix the revision (or the data) and rerun"
        return (
            f"{step.direction.value} of revision {info.label} {what} at {self.where}; "
            f"{_where_now(step, took_effect)}; {way_out}"
        )

    def exhausted(
        self, step: Step, attempts: int, lock_timeout_ms: int, holders: str, took_effect: int
    ) -> str:
        return (
            f"{step.direction.value} of revision {step.revision.label} hit lock_timeout "
            f"({format_duration(lock_timeout_ms)}) {attempts} times, last at {self.where}, "
            f"waiting for: {holders}; {_where_now(step, took_effect)}; rerun when they are "
            "done, or raise --lock-timeout or --lock-retries"
        )


def before(step: Step) -> str:
    """The revision the database is at while `step` has not completed."""
    info = step.revision
    if step.direction is Direction.UP:
        return info.down_revision or BASE
    return info.revision


def _where_now(step: Step, took_effect: int) -> str:
    if not took_effect:
        return f"it was rolled back and the database is still at {before(step)}"
    noun = "statement" if took_effect == 1 else "statements"
    return (
        f"its first {took_effect} {noun} took effect (they ran outside a transaction, or in "
        f"one that committed before an autocommit block) while alembic_version still says "
        f"{before(step)}: the next run goes on after them"
    )


def _short(sql: str) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= 100 else flat[:97] + "..."
