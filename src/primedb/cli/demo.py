"""`primedb demo`: the main job, end to end, on the embedded default database."""

from pathlib import Path

import click

from primedb.cli.options import dsn_option, format_option


@click.command()
@dsn_option
@click.option(
    "--database",
    default="primedb_demo",
    show_default=True,
    help="Name of the database the demo creates (refused if it exists).",
)
@click.option(
    "--schema-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the desired schema (default: [tool.primedb] schema_dir).",
)
@format_option("table", "json")
def demo(dsn: str | None, database: str, schema_dir: Path | None, fmt: str) -> None:
    """Run the pipeline on a new database: create it, apply the schema, report."""
    from primedb.cli.render import emit, table
    from primedb.demo import run_demo
    from primedb.pg import server_dsn
    from primedb.project import project_folder

    with server_dsn(dsn) as server:
        report = run_demo(
            server, database=database, schema_dir=schema_dir or project_folder("schema_dir")
        )
    info = report.server
    installed = [e.name for e in info.installed]
    payload = {
        "database": report.database,
        "server_version": info.version,
        "extensions_installed": installed,
        "extensions_available": [e.name for e in info.extensions],
        "schema_files": list(report.schema_files),
        "schema_objects": report.schema_objects,
        "tables": list(report.tables),
    }
    created = ", ".join(f"{n} {kind}" for kind, n in report.schema_objects.items())
    text = "\n".join(
        [
            f"database        {report.database}",
            f"server          PostgreSQL {info.version}",
            f"extensions      {', '.join(installed) or '(none)'} "
            f"({len(info.extensions)} available)",
            f"schema          {len(report.schema_files)} files applied: {created}",
            "",
            table(list(report.tables)),
        ]
    )
    emit(payload, fmt, text=text)
