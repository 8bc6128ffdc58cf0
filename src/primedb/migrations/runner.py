"""`migrate` and `rollback`: Alembic's command API, one revision at a time, under the lock.

The run takes the migration lock (see `lock.py`), reads where the database
is, and applies (or undoes) the revisions one by one, each with its session
timeouts set first; every session of the run starts with timeouts too, so
nothing waits unbounded. A revision that hits `lock_timeout` (SQLSTATE 55P03)
is rolled back and run again after a doubling delay, a bounded number of
times, and the wait names the sessions holding the locks. Each revision is
journaled (`journal.py`): a run killed after part of a revision took effect
(an autocommit block) is resumed by the next one, which replays nothing that
took effect, skips the drift check the half-applied schema would fail, and
holds the finished revision to its `produces_schema` instead.

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

from primedb.catalog.model import Catalog
from primedb.durations import format_duration
from primedb.errors import PrimedbError, UsageError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.drift import (
    DriftCheck,
    DriftReport,
    DriftStatus,
    LiveDrift,
    SchemaDrifted,
    enforce,
    expected_at,
    expected_before,
    skip_drift,
)
from primedb.migrations.engine import StatementClock, make_engine
from primedb.migrations.environment import CONNECTION, TIMEOUTS, TIMEOUTS_SET
from primedb.migrations.errors import LockTimeoutExhausted, MigrationFailed, PartlyApplied
from primedb.migrations.failure import LOCK_NOT_AVAILABLE, Failure
from primedb.migrations.history import BASE, History, alembic_config
from primedb.migrations.journal import Journal
from primedb.migrations.lock import migration_lock
from primedb.migrations.reporter import Direction, LogReporter, QuietReporter, Reporter, Step
from primedb.migrations.settings import RunSettings, timeout_statements
from primedb.migrations.versions import current_revision_on
from primedb.pg.databases import scratch_database
from primedb.pg.locks import lock_holders
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
# Before the first step (whether a run of it was interrupted); after a resumed step.
_Before = Callable[[tuple[Step, ...], bool], DriftReport | None]
_After = Callable[[Step], None]


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

    run = settings or RunSettings()
    check = drift_check or LiveDrift(rebuild=schema_at, timeouts=run.timeouts_for())

    def before(steps: tuple[Step, ...], interrupted: bool) -> DriftReport | None:
        if not steps:
            return None
        first = steps[0].revision
        if interrupted:
            # Part of it took effect: the live schema is between two hashes; it is held to
            # the revision's produces_schema once the run has finished it (`after`).
            told.note(f"a run of revision {first.label} was interrupted: finishing it")
            return None
        report = check(dsn, expected_before(history, first))
        told.note(f"schema drift: {report.status.value} ({report.detail})")
        enforce(report, first, ignore=ignore_drift)
        return report

    def after(step: Step) -> None:
        report = check(dsn, expected_at(history, step.revision.revision))
        told.note(f"schema after the resumed revision: {report.status.value} ({report.detail})")
        if report.status is DriftStatus.DRIFTED and not ignore_drift:
            raise SchemaDrifted(
                f"revision {step.revision.label} was finished after an interrupted run, but "
                f"the schema it left is not the one it produces: {report.detail}; the database "
                f"records {step.revision.revision}: make the schema match by hand (primedb "
                "status shows the difference)"
            )

    return _run(dsn, folder, plan, run, told, before, after)


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
    dsn: str,
    folder: Path,
    revision: str | None,
    *,
    include_managed_partitions: bool = False,
    with_owners: bool = False,
) -> Catalog:
    """The schema the migrations of `folder` give at `revision` (None: base).

    Built on a scratch database of the server of `dsn`, dropped afterwards.
    """
    with scratch_database(dsn, prefix="primedb_migrations") as scratch:
        upgrade(scratch, folder, revision)
        return read_schema(
            scratch, include_managed_partitions=include_managed_partitions, with_owners=with_owners
        )


# The drift check of live databases: differing objects are named against `schema_at`.
check_drift = LiveDrift(rebuild=schema_at)


def _run(
    dsn: str,
    folder: Path,
    plan: _Planner,
    settings: RunSettings,
    reporter: Reporter,
    before: _Before | None,
    after: _After | None = None,
) -> RunResult:
    with migration_lock(
        dsn, wait_s=settings.lock_wait_ms / 1000, on_wait=reporter.lock_waiting
    ) as waited:
        reporter.lock_acquired(waited)
        engine = make_engine(dsn, timeouts=settings.timeouts_for())
        StatementClock(engine, reporter.statement)
        journal = Journal(engine)
        try:
            with engine.connect() as conn:
                start = current_revision_on(conn)
                conn.commit()
                steps = plan(start)
                interrupted = bool(steps) and journal.progress(conn, steps[0]).interrupted
                drift = before(steps, interrupted) if before else None
                if not steps:
                    reporter.note(f"nothing to do: the database is at {start or BASE}")
                done = []
                for step in steps:
                    done.append(_apply(conn, dsn, folder, step, settings, journal, reporter))
                    if after is not None and step is steps[0] and interrupted:
                        after(step)
                end = current_revision_on(conn)
                conn.commit()
        finally:
            engine.dispose()
    return RunResult(start=start, end=end, steps=tuple(done), drift=drift)


def _apply(
    conn: Connection,
    dsn: str,
    folder: Path,
    step: Step,
    settings: RunSettings,
    journal: Journal,
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
        resumed = journal.begin(conn, step)
        if resumed.digests:
            reporter.note(
                f"resuming revision {info.label}: its first {len(resumed.digests)} statements "
                "took effect in an interrupted run"
            )
        config = alembic_config(
            folder, **{CONNECTION: conn, TIMEOUTS: timeouts, TIMEOUTS_SET: True}
        )
        try:
            if step.direction is Direction.UP:
                command.upgrade(config, info.revision)
            else:
                command.downgrade(config, info.down_revision or BASE)
        except Exception as exc:
            journal.pause()
            _reset(conn)
            if isinstance(exc, PrimedbError):
                raise
            failure = Failure.of(exc)
            if failure.sqlstate == LOCK_NOT_AVAILABLE:
                holders = lock_holders(dsn)
                if attempt <= settings.lock_retries:
                    # Safe even after part of it took effect: the journal skips that part.
                    delay = settings.retry_delay(attempt)
                    lock = format_duration(timeouts.lock_timeout_ms)
                    reason = f"lock timeout ({lock}) at {failure.where}, waiting for: {holders}"
                    reporter.retrying(step, attempt, delay, reason)
                    time.sleep(delay)
                    continue
                took = len(journal.progress(conn, step).digests)
                raise LockTimeoutExhausted(
                    failure.exhausted(step, attempt, timeouts.lock_timeout_ms, holders, took)
                ) from exc
            took = len(journal.progress(conn, step).digests)
            message = failure.failed(step, timeouts.statement_timeout_ms, took)
            raise (PartlyApplied if took else MigrationFailed)(message) from exc
        journal.finish(conn, step)
        seconds = time.perf_counter() - started
        reporter.step_done(step, seconds)
        return StepResult(step=step, seconds=seconds, attempts=attempt)


def _reset(conn: Connection) -> None:
    with contextlib.suppress(Exception):
        conn.rollback()
