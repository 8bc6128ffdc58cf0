"""`primedb demo`: the main job, end to end, on the embedded default database."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from primedb.cli.options import dsn_option, format_option

if TYPE_CHECKING:
    from primedb.demo import DemoReport


@click.command()
@dsn_option
@click.option(
    "--database",
    default="primedb_demo",
    show_default=True,
    help="Name of the database the demo creates (refused if it exists).",
)
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=0.01,
    show_default=True,
    help="Size of the seeded data (1 is about 5.3M rows).",
)
@click.option("--seed", "seed_", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--migrations-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The Alembic project migrated to head (default: [tool.primedb] migrations_dir).",
)
@click.option(
    "--queries-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the named queries (default: [tool.primedb] queries_dir).",
)
@format_option("table", "json")
def demo(
    dsn: str | None,
    database: str,
    scale: float,
    seed_: int,
    migrations_dir: Path | None,
    queries_dir: Path | None,
    fmt: str,
) -> None:
    """Run the pipeline on a new database: migrate, seed, every canonical query once."""
    from primedb.cli.render import emit_payload as emit
    from primedb.cli.seed import SeedProgress
    from primedb.demo import run_demo
    from primedb.pg import server_dsn
    from primedb.project import project_folder

    with server_dsn(dsn) as server:
        report = run_demo(
            server,
            database=database,
            migrations_dir=migrations_dir or project_folder("migrations_dir"),
            queries_dir=queries_dir or project_folder("queries_dir"),
            scale=scale,
            seed=seed_,
            progress=SeedProgress(),
        )
    emit(_payload(report), fmt, text=_text(report))


def _payload(report: "DemoReport") -> dict[str, Any]:
    info = report.server
    return {
        "database": report.database,
        "server_version": info.version,
        "extensions_installed": [e.name for e in info.installed],
        "extensions_available": [e.name for e in info.extensions],
        "revisions": list(report.revisions),
        "schema_objects": report.schema_objects,
        "tables": list(report.tables),
        "seed": report.seed.as_dict(),
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
            for run, sample in zip(report.queries, _sample_names(report), strict=True)
        ],
    }


def _sample_names(report: "DemoReport") -> list[str]:
    """`heavy` for the first parameter set of a query, `typical` for the second, then #n."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for run in report.queries:
        n = seen[run.name] = seen.get(run.name, 0) + 1
        names.append({1: "heavy", 2: "typical"}.get(n, f"#{n}"))
    return names


def _text(report: "DemoReport") -> str:
    from primedb.texttable import table

    info = report.server
    installed = ", ".join(e.name for e in info.installed) or "(none)"
    created = ", ".join(f"{n} {kind}" for kind, n in report.schema_objects.items())
    seeded = report.seed
    queries = [
        {
            "query": run.name,
            "sample": sample,
            "rows": run.rows,
            "server ms": f"{run.planning_ms + run.execution_ms:.2f}",
            "buffers": run.shared_hit + run.shared_read,
        }
        for run, sample in zip(report.queries, _sample_names(report), strict=True)
    ]
    return "\n".join(
        [
            f"database   {report.database}",
            f"server     PostgreSQL {info.version}; extensions {installed} "
            f"({len(info.extensions)} available)",
            f"migrated   to head, {len(report.revisions)} revision(s): "
            f"{'; '.join(report.revisions)}",
            f"schema     {created}",
            f"seed       {seeded.rows:,} rows in {seeded.total_seconds:.1f} s "
            f"({seeded.rows_per_second:,.0f} rows/s), scale {seeded.scale:g}, seed {seeded.seed}",
            "",
            table(list(report.tables)),
            "",
            f"canonical queries, once per sampled parameter set ({len(queries)} runs):",
            table(queries),
        ]
    )
