"""The main job, end to end, on one new database: the pipeline `primedb demo` runs.

Each step is a library call of its own; this module only puts them in order
and collects what each one reports, so the command line can print one screen:
create the database, migrate it to head (the way a production database gets
the PrimeCloudProV2 schema), seed it, and run every canonical query once with
its sampled parameters.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb.pg import connect
from primedb.pg.info import ServerInfo, server_info
from primedb.queries import load_queries
from primedb.sampling import QueryRun, run_sampled
from primedb.sandbox import build_sandbox
from primedb.schema.summary import per_table, summarize
from primedb.seed import Progress, SeedReport

__all__ = ["DemoReport", "run_demo"]


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
    box = build_sandbox(
        server_dsn,
        migrations_dir=migrations_dir,
        database=database,
        scale=scale,
        seed=seed,
        progress=progress,
    )
    target = box.dsn
    assert box.seed is not None  # a scale was given
    with connect(target, autocommit=True) as conn:
        runs = run_sampled(conn, queries.values())
    return DemoReport(
        database=database,
        server=server_info(target),
        revisions=box.revisions,
        schema_objects=summarize(target),
        tables=tuple(per_table(target)),
        seed=box.seed,
        queries=tuple(runs),
    )
