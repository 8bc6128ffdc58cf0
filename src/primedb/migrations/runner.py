"""`migrate` and `rollback`: Alembic's command API, one revision at a time, under the lock.

The run takes the migration lock (see `lock.py`), reads where the database
is, and applies (or undoes) the revisions one by one, each with its session
timeouts set first. A revision that hits `lock_timeout` (SQLSTATE 55P03) is
rolled back and run again after a doubling delay, a bounded number of times,
unless part of it was already committed by an autocommit block: then it is
not safe to run again, and the error says what state the database is in.

Runs on primedb's own scratch databases (`upgrade`, `downgrade`) are the same
runs, quiet and without the drift check, which they replace by comparisons of
their own; `schema_at` builds one to give the schema the migrations produce at
a revision, which is also what the drift check of a live database
(`check_drift`) names differing objects against.
"""

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from primedb.catalog.model import Catalog
from primedb.durations import format_duration
from primedb.errors import PrimedbError, UsageError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.drift import (
    DriftCheck,
    DriftReport,
    LiveDrift,
    enforce,
    expected_before,
    skip_drift,
)
from primedb.migrations.engine import StatementClock, make_engine
from primedb.migrations.environment import CONNECTION, TIMEOUTS, TIMEOUTS_SET
from primedb.migrations.errors import LockTimeoutExhausted, MigrationFailed, PartlyApplied
from primedb.migrations.history import BASE, History, alembic_config
from primedb.migrations.lock import migration_lock
from primedb.migrations.reporter import Direction, LogReporter, QuietReporter, Reporter, Step
from primedb.migrations.settings import RunSettings, timeout_statements
from primedb.migrations.versions import current_revision_on
from primedb.pg.databases import scratch_database
from primedb.texttable import table

__all__ = [
    "RunResult",
    "StepResult",
    "check_drift",
    "downgrade",
    "migrate",
    "rollback",
    "schema_at",
    "upgrade",
]

_Planner = Callable[[str | None], tuple[Step, ...]]
_Before = Callable[[tuple[Step, ...]], DriftReport | None]

LOCK_NOT_AVAILABLE = "55P03"
QUERY_CANCELED = "57014"


@dataclass(frozen=True, slots=True)
class StepResult:
    step: Step
    seconds: float
    attempts: int


@dataclass(frozen=True, slots=True)
class RunResult:
    """Where the database was, where it is now, and what ran in between."""

    start: str | None
    end: str | None
    steps: tuple[StepResult, ...]
    drift: DriftReport | None = None

    def _rows(self) -> list[dict[str, object]]:
        return [
            {
                "revision": s.step.revision.revision,
                "direction": s.step.direction.value,
                "message": s.step.revision.message,
                "ms": round(s.seconds * 1000, 1),
                "attempts": s.attempts,
            }
            for s in self.steps
        ]

    def as_dict(self) -> dict[str, object]:
        return {"from": self.start, "to": self.end, "revisions": self._rows()}

    def as_text(self) -> str:
        rows = self._rows()
        if not rows:
            return f"nothing to do: the database is at {self.end or BASE}"
        plural = "s" if len(rows) != 1 else ""
        start, end = self.start or BASE, self.end or BASE
        return f"from {start} to {end}: {len(rows)} revision{plural}\n{table(rows)}"


def migrate(
    dsn: str,
    folder: Path,
    *,
    to: str = "head",
    settings: RunSettings | None = None,
    reporter: Reporter | None = None,
    drift_check: DriftCheck | None = None,
    ignore_drift: bool = False,
) -> RunResult:
    """Upgrade the database of `dsn` to revision `to` (default: head).

    Before the first revision, `drift_check` (default: `check_drift`) compares
    the live schema with the one that revision expects.
    """
    history = History(folder)
    target = history.resolve(to)
    told = reporter or LogReporter()

    def plan(current: str | None) -> tuple[Step, ...]:
        return tuple(Step(Direction.UP, r) for r in history.upgrades(current, target))

    def before(steps: tuple[Step, ...]) -> DriftReport | None:
        if not steps:
            return None
        first = steps[0].revision
        report = (drift_check or check_drift)(dsn, expected_before(history, first))
        told.note(f"schema drift: {report.status.value} ({report.detail})")
        enforce(report, first, ignore=ignore_drift)
        return report

    return _run(dsn, folder, plan, settings or RunSettings(), told, before)


def rollback(
    dsn: str,
    folder: Path,
    *,
    to: str | None = None,
    steps: int | None = None,
    settings: RunSettings | None = None,
    reporter: Reporter | None = None,
) -> RunResult:
    """Undo revisions: down to `to` (a revision or `base`), else the last `steps` (default 1)."""
    history = History(folder)
    if to is not None and steps is not None:
        raise UsageError("give --to or --steps, not both")
    target_given = history.resolve(to) if to is not None else None

    def plan(current: str | None) -> tuple[Step, ...]:
        target = target_given if to is not None else history.steps_back(current, steps or 1)
        return tuple(Step(Direction.DOWN, r) for r in history.downgrades(current, target))

    return _run(dsn, folder, plan, settings or RunSettings(), reporter or LogReporter(), None)


def upgrade(dsn: str, folder: Path, to: str | None = "head") -> RunResult:
    """Upgrade primedb's own scratch database `dsn` to `to` (None: stay at base), quietly."""
    return migrate(dsn, folder, to=to or BASE, reporter=QuietReporter(), drift_check=skip_drift)


def downgrade(dsn: str, folder: Path, to: str | None) -> RunResult:
    """Downgrade primedb's own scratch database `dsn` to `to` (None: base), quietly."""
    return rollback(dsn, folder, to=to or BASE, reporter=QuietReporter())


def schema_at(
    dsn: str, folder: Path, revision: str | None, *, include_managed_partitions: bool = False
) -> Catalog:
    """The schema the migrations of `folder` give at `revision` (None: base).

    Built on a scratch database of the server of `dsn`, dropped afterwards.
    """
    with scratch_database(dsn, prefix="primedb_migrations") as scratch:
        upgrade(scratch, folder, revision)
        return read_schema(scratch, include_managed_partitions=include_managed_partitions)


# The drift check of live databases: differing objects are named against `schema_at`.
check_drift = LiveDrift(rebuild=schema_at)


def _run(
    dsn: str,
    folder: Path,
    plan: _Planner,
    settings: RunSettings,
    reporter: Reporter,
    before: _Before | None,
) -> RunResult:
    with migration_lock(
        dsn, wait_s=settings.lock_wait_ms / 1000, on_wait=reporter.lock_waiting
    ) as waited:
        reporter.lock_acquired(waited)
        engine = make_engine(dsn)
        clock = StatementClock(engine, reporter.statement)
        try:
            with engine.connect() as conn:
                start = current_revision_on(conn)
                conn.commit()
                steps = plan(start)
                drift = before(steps) if before else None
                if not steps:
                    reporter.note(f"nothing to do: the database is at {start or BASE}")
                done = tuple(_apply(conn, folder, s, settings, clock, reporter) for s in steps)
                end = current_revision_on(conn)
                conn.commit()
        finally:
            engine.dispose()
    return RunResult(start=start, end=end, steps=done, drift=drift)


def _apply(
    conn: Connection,
    folder: Path,
    step: Step,
    settings: RunSettings,
    clock: StatementClock,
    reporter: Reporter,
) -> StepResult:
    info = step.revision
    timeouts = settings.timeouts_for(info.lock_timeout_ms, info.statement_timeout_ms)
    attempt = 0
    while True:
        attempt += 1
        reporter.step_started(step, attempt)
        started = time.perf_counter()
        for statement in timeout_statements(timeouts):
            conn.exec_driver_sql(statement)
        conn.commit()
        committed = clock.committed, clock.failed_outside_transaction
        config = alembic_config(
            folder, **{CONNECTION: conn, TIMEOUTS: timeouts, TIMEOUTS_SET: True}
        )
        try:
            if step.direction is Direction.UP:
                command.upgrade(config, info.revision)
            else:
                command.downgrade(config, info.down_revision or BASE)
        except PrimedbError:
            _reset(conn)
            raise
        except Exception as exc:
            _reset(conn)
            failure = _Failure.of(exc)
            if (clock.committed, clock.failed_outside_transaction) != committed:
                raise PartlyApplied(failure.partly(step)) from exc
            if failure.sqlstate == LOCK_NOT_AVAILABLE and attempt <= settings.lock_retries:
                delay = settings.retry_delay(attempt)
                reason = (
                    f"lock timeout ({format_duration(timeouts.lock_timeout_ms)}) at {failure.where}"
                )
                reporter.retrying(step, attempt, delay, reason)
                time.sleep(delay)
                continue
            if failure.sqlstate == LOCK_NOT_AVAILABLE:
                raise LockTimeoutExhausted(
                    failure.exhausted(step, attempt, timeouts.lock_timeout_ms)
                ) from exc
            raise MigrationFailed(failure.failed(step, timeouts.statement_timeout_ms)) from exc
        seconds = time.perf_counter() - started
        reporter.step_done(step, seconds)
        return StepResult(step=step, seconds=seconds, attempts=attempt)


def _reset(conn: Connection) -> None:
    with contextlib.suppress(Exception):
        conn.rollback()


@dataclass(frozen=True, slots=True)
class _Failure:
    """What went wrong in a revision, in the words of the error messages."""

    sqlstate: str | None
    reason: str
    where: str

    @classmethod
    def of(cls, exc: Exception) -> "_Failure":
        if isinstance(exc, DBAPIError):
            orig = exc.orig
            sqlstate = getattr(orig, "sqlstate", None)
            diag = getattr(orig, "diag", None)
            reason = (getattr(diag, "message_primary", None) or str(orig)).strip()
            return cls(sqlstate, reason, f"`{_short(exc.statement or '')}`")
        return cls(None, f"{type(exc).__name__}: {exc}", "the revision's Python code")

    def failed(self, step: Step, statement_timeout_ms: int) -> str:
        info = step.revision
        if self.sqlstate == QUERY_CANCELED:
            what = f"hit statement_timeout ({format_duration(statement_timeout_ms)})"
            way_out = "rerun with a larger --statement-timeout"
        else:
            what = f"failed: {self.reason}"
            way_out = "fix the revision (or the data) and rerun"
        return (
            f"{step.direction.value} of revision {info.label} {what} at {self.where}; "
            f"it was rolled back and the database is still at {_before(step)}; {way_out}"
        )

    def exhausted(self, step: Step, attempts: int, lock_timeout_ms: int) -> str:
        return (
            f"{step.direction.value} of revision {step.revision.label} hit lock_timeout "
            f"({format_duration(lock_timeout_ms)}) {attempts} times, last at {self.where}; "
            f"it was rolled back each time and the database is still at {_before(step)}; "
            "a session holds a conflicting lock for long (see pg_locks and pg_stat_activity): "
            "rerun when it is done, or raise --lock-timeout or --lock-retries"
        )

    def partly(self, step: Step) -> str:
        info = step.revision
        after = info.revision if step.direction is Direction.UP else info.down_revision or BASE
        return (
            f"{step.direction.value} of revision {info.label} failed at {self.where}: "
            f"{self.reason}, once part of it had run outside a transaction (autocommit block), "
            "so it is not retried; "
            f"the database is between {_before(step)} and {after} while alembic_version still "
            f"says {_before(step)}: drop any INVALID index a failed CONCURRENTLY build left "
            "(DROP INDEX CONCURRENTLY), finish or undo the applied part by hand, then rerun"
        )


def _before(step: Step) -> str:
    info = step.revision
    if step.direction is Direction.UP:
        return info.down_revision or BASE
    return info.revision


def _short(sql: str) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= 100 else flat[:97] + "..."
