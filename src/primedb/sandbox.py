"""The embedded default of the analysis commands: a new database, migrated to head and seeded.

Without a DSN, `primedb demo`, `explain`, `advise`, `bench` and `workload`
build this on a throwaway server: a database brought to the PrimeCloudProV2
schema the way a production database gets it (the migrations, to head), then
filled by the deterministic seed at a chosen scale. The same scale and seed
give the same rows, so figures measured on two sandboxes compare.
"""

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from primedb.migrations.reporter import QuietReporter
from primedb.migrations.runner import migrate
from primedb.pg import create_database
from primedb.project import project_folder
from primedb.schema.roles import ensure_roles
from primedb.seed import Progress, SeedReport, seed_database

__all__ = ["DEFAULT_DATABASE", "Sandbox", "build_sandbox"]

DEFAULT_DATABASE = "primedb_sandbox"

log = logging.getLogger("primedb")


@dataclass(frozen=True, slots=True)
class Sandbox:
    """A database primedb built: where it is, which revisions made it, what was seeded."""

    dsn: str
    database: str
    revisions: tuple[str, ...]  # the revisions applied, oldest first ("<rev> <message>")
    seed: SeedReport | None  # None: migrated only


def build_sandbox(
    server_dsn: str,
    *,
    migrations_dir: Path,
    database: str = DEFAULT_DATABASE,
    scale: float | None,
    seed: int = 1,
    as_of: date | None = None,
    progress: Progress | None = None,
    schema_dir: Path | None = None,
) -> Sandbox:
    """Create `database` on the server, migrate it to head, seed it at `scale` (None: no seed).

    `as_of` is the month the seeded data ends before (default: this month); the
    benchmark baselines pin it, so that their data does not move with the calendar.
    The roles the migrations grant to are made first (`ensure_roles`, from the
    roles file of `schema_dir`, by default the project's schema folder).
    """
    ensure_roles(server_dsn, schema_dir or project_folder("schema_dir"))
    target = create_database(server_dsn, database)
    log.info("created database %s", database)
    migrated = migrate(target, migrations_dir, reporter=QuietReporter())
    applied = tuple(f"{r.step.revision.revision} {r.step.revision.message}" for r in migrated.steps)
    log.info("migrated to %s (%d revisions)", migrated.end, len(applied))
    seeded = None
    if scale is not None:
        seeded = seed_database(target, scale=scale, seed=seed, as_of=as_of, progress=progress)
        log.info("seeded %d rows in %.1f s", seeded.rows, seeded.total_seconds)
    return Sandbox(dsn=target, database=database, revisions=applied, seed=seeded)
