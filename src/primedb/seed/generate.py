"""`primedb seed`: fill an empty database at the schema's head with synthetic data.

Everything loads in one transaction, so a failure (a constraint the data
breaks, an interrupt, a lost connection) leaves the database as it was,
catalog included. In that transaction the seed sets the tables' indexes and
foreign keys aside (`setaside`), truncates the tables so COPY may freeze the
rows, streams every table with binary COPY (`load`), moves the identity
sequences past the loaded ids, re-creates the indexes and foreign keys (which
checks every row) and commits; deferred rules (an account has an owner) are
checked at the commit like any application write. Then the tables are
analyzed, so the planner sees the data.
"""

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from primedb.errors import BadInput, UsageError
from primedb.pg.connect import connect
from primedb.schema.apply import apply_schema
from primedb.seed import billing, events, tables
from primedb.seed.analyze import analyze_tables
from primedb.seed.catalog import query, rows
from primedb.seed.load import Block, copy_tables, resolve_target
from primedb.seed.progress import Progress, ProgressEvent, Step
from primedb.seed.report import PhaseReport, SeedReport, TableReport
from primedb.seed.setaside import capture
from primedb.seed.tables import Table
from primedb.seed.tuning import tune_index_builds
from primedb.seed.world import Sizes, World, make_world, month_start

__all__ = ["plan", "seed_database"]

log = logging.getLogger("primedb.seed")

HAS_ROWS = "SELECT EXISTS (SELECT 1 FROM {table})"
LOCK = "LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"
TRUNCATE = "TRUNCATE {tables}"


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


def seed_database(
    dsn: str,
    *,
    scale: float = 0.01,
    seed: int = 1,
    as_of: date | datetime | None = None,
    progress: Progress | None = None,
    schema_dir: Path | None = None,
) -> SeedReport:
    """Load synthetic data into the empty tables of `dsn`.

    The data depends on (scale, seed, the month of as_of) only; `as_of`
    defaults to today (UTC). With `schema_dir`, a database that has none of
    the tables first gets that schema applied (in its own transaction).
    """
    if not scale > 0:
        raise UsageError(f"--scale must be positive, got {scale}")
    started = time.perf_counter()
    anchor = month_start(as_of or datetime.now(UTC))
    work = plan(make_world(Sizes.at(scale), seed, anchor))
    names = [t.name for t in work]
    notify = progress or (lambda event: None)
    phases: list[PhaseReport] = []

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases.append(PhaseReport(name, now - since))
        log.debug("seed: %s took %.2f s", name, now - since)
        return now

    if schema_dir is not None:
        _apply_schema_to_empty(dsn, names, schema_dir)
    with connect(dsn) as conn:
        try:
            mark = time.perf_counter()
            _refuse_unless_empty(conn, names)
            aside = capture(conn, names)
            aside.drop(conn)
            conn.execute(sql.SQL(TRUNCATE).format(tables=_identifiers(names)))
            targets = [(t, resolve_target(conn, t.name)) for t in work]
            mark = phase("prepare", mark)

            def on_block(block: Block) -> None:
                notify(ProgressEvent(Step.COPY, block.table.name, block.stop, block.table.rows))

            seconds = copy_tables(conn, targets, on_block)
            for table in work:
                if table.rows:
                    conn.execute(
                        query("seed_set_identity"), {"table": table.name, "last_id": table.rows}
                    )
            mark = phase("copy", mark)

            tune_index_builds(conn)
            _restore(conn, aside.restore_indexes, Step.INDEX, aside.index_builds, notify)
            mark = phase("indexes", mark)
            _restore(
                conn, aside.restore_foreign_keys, Step.FOREIGN_KEY, len(aside.foreign_keys), notify
            )
            mark = phase("foreign keys", mark)
            conn.commit()
            mark = phase("commit", mark)
        except psycopg.Error as exc:
            conn.rollback()
            raise BadInput(f"seed failed: {_describe(exc)}; nothing was written") from exc

    notify(ProgressEvent(Step.ANALYZE, "", 0, 1))
    analyze_tables(dsn, [(t.name, t.rows) for t in work])
    notify(ProgressEvent(Step.ANALYZE, "", 1, 1))
    phase("analyze", mark)
    return SeedReport(
        scale=scale,
        seed=seed,
        as_of=anchor,
        tables=tuple(TableReport(t.name, t.rows, seconds.get(t.name, 0.0)) for t in work),
        phases=tuple(phases),
        total_seconds=time.perf_counter() - started,
    )


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
    # Locked first, so no row can arrive between the check and the TRUNCATE.
    conn.execute(sql.SQL(LOCK).format(tables=_identifiers(names)))
    for name in names:
        found = conn.execute(sql.SQL(HAS_ROWS).format(table=sql.Identifier(name))).fetchone()
        if found and found[0]:
            raise UsageError(
                f"table {name} already has rows; seed only fills an empty database "
                "(seed a new database, e.g. one made with `primedb schema apply`)"
            )


Restore = Callable[[psycopg.Connection[Any], Callable[[str], None]], None]


def _restore(
    conn: psycopg.Connection[Any], restore: Restore, step: Step, total: int, notify: Progress
) -> None:
    count = 0

    def on_step(name: str) -> None:
        nonlocal count
        count += 1
        notify(ProgressEvent(step, name, count, total))

    restore(conn, on_step)


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
