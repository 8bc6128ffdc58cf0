"""Steps 1 and 2: the database built the way production gets it, then seeded.

Step 1 creates the database, migrates it to head (the revisions of
`migrations/`, as `primedb migrate` applies them) and reads what it holds:
the server and its extensions, the objects per kind, per table its columns,
constraints, indexes, triggers and partitions. Step 2 fills it with the
deterministic seed at the chosen scale.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from primedb.demo.context import DemoContext
from primedb.demo.pipeline import Outcome
from primedb.migrations.bookkeeping import bookkeeping_names
from primedb.pg.info import ServerInfo, server_info
from primedb.sandbox import build_sandbox
from primedb.schema.summary import per_table, summarize
from primedb.seed import Progress, SeedReport, seed_database

__all__ = ["Migrated", "Seeded", "migrate_step", "seed_step"]


@dataclass(frozen=True, slots=True)
class Migrated:
    database: str
    server: ServerInfo
    revisions: tuple[str, ...]  # applied, oldest first ("<rev> <message>")
    objects: dict[str, int]
    tables: tuple[dict[str, Any], ...]

    @property
    def head(self) -> str | None:
        return self.revisions[-1].split()[0] if self.revisions else None

    def server_dict(self) -> dict[str, Any]:
        return {
            "version": self.server.version,
            "extensions_installed": [e.name for e in self.server.installed],
            "extensions_available": len(self.server.extensions),
        }

    def parts(self) -> dict[str, Any]:
        return {
            "server": self.server_dict(),
            "schema": {
                "revisions": list(self.revisions),
                "head": self.head,
                "objects": self.objects,
                "tables": list(self.tables),
            },
        }

    def summary(self) -> str:
        made = ", ".join(
            f"{self.objects[kind]} {kind}" for kind in ("tables", "partitions", "indexes")
        )
        n = len(self.revisions)
        return f"at head {self.head} ({n} revision{'s' if n != 1 else ''}): {made}"

    def highlights(self) -> list[str]:
        return []

    def findings(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class Seeded:
    report: SeedReport

    def parts(self) -> dict[str, Any]:
        return {"seed": self.report.as_dict()}

    def summary(self) -> str:
        r = self.report
        return (
            f"{r.rows:,} rows ({r.rows_per_second:,.0f} rows/s), scale {r.scale:g}, "
            f"seed {r.seed}, as of {r.as_of:%Y-%m}"
        )

    def highlights(self) -> list[str]:
        return []

    def findings(self) -> bool:
        return False


def migrate_step(context: DemoContext, done: Mapping[str, Outcome]) -> Migrated:
    settings = context.settings
    box = build_sandbox(
        context.server_dsn,
        migrations_dir=settings.migrations_dir,
        database=settings.database,
        scale=None,
    )
    return Migrated(
        database=box.database,
        server=server_info(box.dsn),
        revisions=box.revisions,
        objects=summarize(box.dsn, without=bookkeeping_names()),
        tables=tuple(per_table(box.dsn, without=bookkeeping_names())),
    )


def seed_step(
    progress: Progress | None,
) -> Callable[[DemoContext, Mapping[str, Outcome]], Seeded]:
    """Step 2, reporting the seed's progress to `progress`."""

    def run(context: DemoContext, done: Mapping[str, Outcome]) -> Seeded:
        settings = context.settings
        report = seed_database(
            context.dsn,
            scale=settings.scale,
            seed=settings.seed,
            as_of=settings.as_of,
            progress=progress,
        )
        return Seeded(report)

    return run
