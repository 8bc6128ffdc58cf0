"""`primedb seed`: fill an empty database at the schema's head with synthetic data.

A seed runs on as many connections as the machine has cores:

1. prepare (one transaction): lock the tables, check they are empty, read the
   indexes, foreign keys (`setaside`) and identity sequences to put back, and
   drop the indexes and foreign keys;
2. the jobs (`work`, run by `schedule`): the big tables load side by side
   with binary COPY, each index and foreign key is rebuilt as soon as what it
   needs is there, so both cores stay busy;
3. commit: the identity sequences move past the loaded ids;
4. analyze, table by table, on every connection.

What a failure leaves: on one connection (`connections=1`) steps 1 to 3 are
one transaction, which the server rolls back whatever happens to the client.
On several, every job commits; so before the prepare commits, a guardian
process (`guardian`) receives the undo plan (`undo`), and a failed job, an
interrupt, or this process killed outright makes it run one transaction that
ends the seed's sessions, empties the tables, re-creates what was set aside
and puts the sequences back: the tables are empty again, the catalog and the
sequences as they were. Until the seed ends, other sessions may see tables
half-loaded and without their indexes: seed a database nothing else uses.
Statistics are not part of that unit: ANALYZE runs once everything is
committed (and deferred rules, such as an account's owner, were checked at
their transaction's commit like any application write).
"""

import logging
import os
import secrets
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from primedb.errors import BadInput, UsageError
from primedb.pg.connect import connect
from primedb.schema.apply import apply_schema
from primedb.seed import billing, events, tables
from primedb.seed.catalog import query, rows
from primedb.seed.guardian import Guardian
from primedb.seed.jobs import Phase
from primedb.seed.load import Block, resolve_target
from primedb.seed.progress import Progress, ProgressEvent, Step
from primedb.seed.rebuild import Builds
from primedb.seed.report import PhaseReport, SeedReport, TableReport
from primedb.seed.schedule import Timing, run_jobs
from primedb.seed.setaside import SetAside, capture
from primedb.seed.tables import Table
from primedb.seed.undo import UndoPlan, capture_sequences, restore_sequences
from primedb.seed.work import analyze_jobs, seed_jobs
from primedb.seed.world import Sizes, World, make_world, month_start

__all__ = ["default_connections", "plan", "seed_database"]

log = logging.getLogger("primedb.seed")

HAS_ROWS = "SELECT EXISTS (SELECT 1 FROM {table})"
LOCK = "LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"

_STEP = {Phase.INDEXES: Step.INDEX, Phase.FOREIGN_KEYS: Step.FOREIGN_KEY}


def plan(world: World) -> list[Table]:
    """Every table, parents before children."""
    subs = billing.Subscriptions(world)
    return [
        tables.users(world),
        tables.accounts(world),
        tables.account_members(world),
        billing.products(world),
        billing.subscriptions(world, subs),
        billing.orders(world, subs),
        billing.invoices(world, subs),
        billing.invitations(world),
        billing.quota_requests(world),
        tables.buckets(world),
        tables.access_keys(world),
        events.usage_records(world),
        events.audit_logs(world),
        events.notifications(world),
    ]


def default_connections() -> int:
    """One connection per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def seed_database(
    dsn: str,
    *,
    scale: float = 0.01,
    seed: int = 1,
    as_of: date | datetime | None = None,
    progress: Progress | None = None,
    schema_dir: Path | None = None,
    connections: int | None = None,
) -> SeedReport:
    """Load synthetic data into the empty tables of `dsn`.

    The data depends on (scale, seed, the month of as_of) only; `as_of`
    defaults to today (UTC). With `schema_dir`, a database that has none of
    the tables first gets that schema applied (in its own transaction).
    `connections` defaults to one per core (see the module's docstring for
    what a failure leaves with one or several).
    """
    if not scale > 0:
        raise UsageError(f"--scale must be positive, got {scale}")
    count = default_connections() if connections is None else connections
    if count < 1:
        raise UsageError(f"--connections must be at least 1, got {count}")
    started = time.perf_counter()
    guardian = Guardian() if count > 1 else None  # starts while the world is built
    try:
        anchor = month_start(as_of or datetime.now(UTC))
        work = plan(make_world(Sizes.at(scale), seed, anchor))
        if schema_dir is not None:
            _apply_schema_to_empty(dsn, [t.name for t in work], schema_dir)
        run = _Seed(dsn, work, count, progress or (lambda event: None), guardian)
        timings, commit = run.load()
    finally:
        if guardian is not None:
            guardian.close()
    mark = time.perf_counter()
    analyzed = run.analyze()
    phases = (
        PhaseReport("prepare", run.prepared - started, run.prepared - started),
        *(_phase(p, timings) for p in (Phase.COPY, Phase.INDEXES, Phase.FOREIGN_KEYS)),
        PhaseReport("commit", commit, commit),
        PhaseReport("analyze", time.perf_counter() - mark, _phase(Phase.ANALYZE, analyzed).busy),
    )
    return SeedReport(
        scale=scale,
        seed=seed,
        as_of=anchor,
        tables=tuple(TableReport(t.name, t.rows, run.copy_seconds.get(t.name, 0.0)) for t in work),
        phases=phases,
        total_seconds=time.perf_counter() - started,
        connections=count,
    )


class _Seed:
    """One seed's connections, progress and timings."""

    def __init__(
        self, dsn: str, work: list[Table], count: int, notify: Progress, guardian: Guardian | None
    ) -> None:
        self.dsn = dsn
        self.work = work
        self.count = count
        self.guardian = guardian
        self.copy_seconds: dict[str, float] = {}  # filled by the load jobs
        self.prepared = 0.0
        self.aside = SetAside((), (), ())
        self._notify = notify
        self._lock = threading.Lock()
        self._steps = {Phase.INDEXES: 0, Phase.FOREIGN_KEYS: 0}
        self._totals = {Phase.INDEXES: 0, Phase.FOREIGN_KEYS: 0}
        self._app = f"primedb-seed-{secrets.token_hex(4)}"
        self._connections: list[psycopg.Connection[Any]] = []

    def load(self) -> tuple[list[Timing], float]:
        """Steps 1 to 3; returns the jobs' timings and the commit's seconds."""
        names = [t.name for t in self.work]
        conn = self._connect(autocommit=False)
        try:
            _refuse_unless_empty(conn, names)
            aside = capture(conn, names)
            undo_plan = UndoPlan(tuple(names), aside, capture_sequences(conn, aside), self._app)
            targets = [(t, resolve_target(conn, t.name)) for t in self.work]
            aside.drop(conn)
            if self.guardian is not None:  # one transaction: autovacuum sees nothing before
                aside.pause_autovacuum(conn)
            self._totals = {
                Phase.INDEXES: len(Builds(aside)),
                Phase.FOREIGN_KEYS: len(aside.foreign_keys),
            }
            jobs = seed_jobs(targets, aside, self._on_block, self._on_step, self.copy_seconds)
            self.aside = aside
            if self.guardian is not None:
                self.guardian.arm(self.dsn, undo_plan)
                conn.commit()
        except BaseException:
            conn.rollback()
            self._close()
            raise
        self.prepared = time.perf_counter()
        try:
            if self.guardian is None:
                cores = default_connections()
                timings = run_jobs([conn], jobs, shared_transaction=True, cores=cores)
            else:
                workers = [self._connect(autocommit=True) for _ in range(self.count)]
                timings = run_jobs(workers, jobs)
            mark = time.perf_counter()
            self._set_identities(conn)
            if self.guardian is not None:
                aside.resume_autovacuum(conn)
            conn.commit()
        except BaseException as exc:
            conn.rollback()
            if self.guardian is None:
                self._restore_sequences(conn, undo_plan)
            self._close()
            if self.guardian is not None:
                self.guardian.undo()
            if isinstance(exc, psycopg.Error):
                raise BadInput(f"seed failed: {_describe(exc)}; nothing was written") from exc
            raise
        if self.guardian is not None:
            self.guardian.release()
        return timings, time.perf_counter() - mark

    def analyze(self) -> list[Timing]:
        """Step 4, on the seed's connections (a new one when the load ran on one)."""
        self._notify(ProgressEvent(Step.ANALYZE, "", 0, 1))
        try:
            if not self._connections[1:]:
                self._connect(autocommit=True)
            timings = run_jobs(self._connections[1:], analyze_jobs(self.work, self.aside))
        except psycopg.Error as exc:
            raise BadInput(
                f"seed: the rows are in, but ANALYZE failed: {_describe(exc)}; "
                "run ANALYZE on the tables for the planner to see them"
            ) from exc
        finally:
            self._close()
        self._notify(ProgressEvent(Step.ANALYZE, "", 1, 1))
        return timings

    def _restore_sequences(self, conn: psycopg.Connection[Any], plan: UndoPlan) -> None:
        """After a rollback on one connection: setval is not undone by it."""
        try:
            restore_sequences(conn, plan)
            conn.commit()
        except psycopg.Error as exc:  # the connection is gone: nothing more to do here
            log.warning("seed: could not put the identity sequences back: %s", _describe(exc))

    def _set_identities(self, conn: psycopg.Connection[Any]) -> None:
        for table in self.work:
            if table.rows:
                conn.execute(
                    query("seed_set_identity"), {"table": table.name, "last_id": table.rows}
                )

    def _on_block(self, block: Block) -> None:
        with self._lock:
            self._notify(ProgressEvent(Step.COPY, block.table.name, block.stop, block.table.rows))

    def _on_step(self, phase: Phase, name: str) -> None:
        with self._lock:
            self._steps[phase] += 1
            self._notify(ProgressEvent(_STEP[phase], name, self._steps[phase], self._totals[phase]))

    def _connect(self, *, autocommit: bool) -> psycopg.Connection[Any]:
        conn = connect(self.dsn, autocommit=autocommit, application_name=self._app)
        self._connections.append(conn)
        return conn

    def _close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()


def _phase(phase: Phase, timings: list[Timing]) -> PhaseReport:
    mine = [t for t in timings if t.phase is phase]
    if not mine:
        return PhaseReport(phase.value, 0.0, 0.0)
    span = max(t.end for t in mine) - min(t.start for t in mine)
    return PhaseReport(phase.value, span, sum(t.end - t.start for t in mine))


def _apply_schema_to_empty(dsn: str, names: list[str], schema_dir: Path) -> None:
    with connect(dsn) as conn:
        missing = rows(conn, "seed_missing_tables", tables=names)
    if len(missing) == len(names):
        log.info("applying the schema of %s first", schema_dir)
        apply_schema(dsn, schema_dir)


def _refuse_unless_empty(conn: psycopg.Connection[Any], names: list[str]) -> None:
    missing = [r["name"] for r in rows(conn, "seed_missing_tables", tables=names)]
    if missing:
        raise UsageError(
            f"table {', '.join(missing)} does not exist; seed needs a database at the schema's "
            "head: run `primedb schema apply` or `primedb migrate` first, or pass --apply-schema"
        )
    # Locked first, so no row can arrive between the check and the drops.
    conn.execute(sql.SQL(LOCK).format(tables=_identifiers(names)))
    for name in names:
        found = conn.execute(sql.SQL(HAS_ROWS).format(table=sql.Identifier(name))).fetchone()
        if found and found[0]:
            raise UsageError(
                f"table {name} already has rows; seed only fills an empty database "
                "(seed a new database, e.g. one made with `primedb schema apply`)"
            )


def _identifiers(names: list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)


def _describe(exc: psycopg.Error) -> str:
    diag = exc.diag
    message = (diag.message_primary or str(exc)).strip()
    where = [f"table {diag.table_name}"] if diag.table_name else []
    if diag.constraint_name:
        where.append(f"constraint {diag.constraint_name}")
    detail = f" ({', '.join(where)})" if where else ""
    return f"{message}{detail}"
