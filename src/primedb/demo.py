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
from primedb.texttable import table

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

    def _samples(self) -> list[str]:
        """`heavy` for the first parameter set of a query, `typical` for the second, then #n."""
        names: list[str] = []
        seen: dict[str, int] = {}
        for run in self.queries:
            n = seen[run.name] = seen.get(run.name, 0) + 1
            names.append({1: "heavy", 2: "typical"}.get(n, f"#{n}"))
        return names

    def as_dict(self) -> dict[str, Any]:
        info = self.server
        return {
            "database": self.database,
            "server_version": info.version,
            "extensions_installed": [e.name for e in info.installed],
            "extensions_available": [e.name for e in info.extensions],
            "revisions": list(self.revisions),
            "schema_objects": self.schema_objects,
            "tables": list(self.tables),
            "seed": self.seed.as_dict(),
            "queries": [
                {
                    "name": run.name,
                    "sample": sample,
                    "params": dict(run.params),
                    "rows": run.rows,
                    "server_ms": round(run.planning_ms + run.execution_ms, 3),
                    "shared_hit": run.shared_hit,
                    "shared_read": run.shared_read,
                }
                for run, sample in zip(self.queries, self._samples(), strict=True)
            ],
        }

    def as_text(self) -> str:
        info = self.server
        installed = ", ".join(e.name for e in info.installed) or "(none)"
        created = ", ".join(f"{n} {kind}" for kind, n in self.schema_objects.items())
        seeded = self.seed
        queries = [
            {
                "query": run.name,
                "sample": sample,
                "rows": run.rows,
                "server ms": f"{run.planning_ms + run.execution_ms:.2f}",
                "buffers": run.shared_hit + run.shared_read,
            }
            for run, sample in zip(self.queries, self._samples(), strict=True)
        ]
        return "\n".join(
            [
                f"database   {self.database}",
                f"server     PostgreSQL {info.version}; extensions {installed} "
                f"({len(info.extensions)} available)",
                f"migrated   to head, {len(self.revisions)} "
                f"revision{'' if len(self.revisions) == 1 else 's'}: "
                f"{'; '.join(self.revisions)}",
                f"schema     {created}",
                f"seed       {seeded.rows:,} rows in {seeded.total_seconds:.1f} s "
                f"({seeded.rows_per_second:,.0f} rows/s), scale {seeded.scale:g}, "
                f"seed {seeded.seed}",
                "",
                table(list(self.tables)),
                "",
                f"canonical queries, once per sampled parameter set ({len(queries)} runs):",
                table(queries),
            ]
        )


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
