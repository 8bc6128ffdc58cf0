"""The main job, end to end, on one new database: the pipeline `primedb demo` runs.

Each step is a library call of its own; this module only puts them in order
and collects what each one reports, so the command line can print one screen:
create the database, migrate it to head (the way a production database gets
the PrimeCloudProV2 schema), seed it, and run every canonical query once with
its sampled parameters.
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb.migrations.runner import migrate
from primedb.migrations.scratch import QuietReporter
from primedb.pg import connect, create_database
from primedb.pg.info import ServerInfo, server_info
from primedb.queries import load_queries
from primedb.sampling import QueryRun, run_sampled
from primedb.schema.summary import per_table, summarize
from primedb.seed import Progress, SeedReport, seed_database

__all__ = ["DemoReport", "run_demo"]

log = logging.getLogger("primedb")


@dataclass(frozen=True, slots=True)
class DemoReport:
    database: str
    server: ServerInfo
    revisions: tuple[str, ...]  # the revisions applied, oldest first ("<rev> <message>")
    schema_objects: dict[str, int]
    tables: tuple[dict[str, Any], ...]
    seed: SeedReport
    queries: tuple[QueryRun, ...]


def run_demo(
    server_dsn: str,
    *,
    database: str,
    migrations_dir: Path,
    queries_dir: Path,
    scale: float,
    seed: int,
    progress: Progress | None = None,
) -> DemoReport:
    """Create `database`, migrate it to head, seed it at `scale`, run each canonical query."""
    queries = load_queries(queries_dir)  # first: a broken query file fails before any work
    target = create_database(server_dsn, database)
    log.info("created database %s", database)
    migrated = migrate(target, migrations_dir, reporter=QuietReporter())
    applied = tuple(f"{r.step.revision.revision} {r.step.revision.message}" for r in migrated.steps)
    log.info("migrated to %s (%d revisions)", migrated.end, len(applied))
    seeded = seed_database(target, scale=scale, seed=seed, progress=progress)
    log.info("seeded %d rows in %.1f s", seeded.rows, seeded.total_seconds)
    with connect(target, autocommit=True) as conn:
        runs = run_sampled(conn, queries.values())
    return DemoReport(
        database=database,
        server=server_info(target),
        revisions=applied,
        schema_objects=summarize(target),
        tables=tuple(per_table(target)),
        seed=seeded,
        queries=tuple(runs),
    )
