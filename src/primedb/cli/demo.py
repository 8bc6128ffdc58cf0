"""`primedb demo`: the main job, end to end, on the embedded default database."""

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
@format_option("table", "json")
def demo(dsn: str | None, database: str, fmt: str) -> None:
    """Run the pipeline on a new database: create it, report the server and its extensions."""
    from primedb.cli.render import emit, table
    from primedb.pg import create_database, server_dsn
    from primedb.pg.info import server_info

    with server_dsn(dsn) as server:
        target = create_database(server, database)
        info = server_info(target)
    installed = [e.name for e in info.installed]
    available = [e.name for e in info.extensions]
    payload = {
        "database": database,
        "server_version": info.version,
        "extensions_installed": installed,
        "extensions_available": available,
    }
    text = "\n".join(
        [
            f"database        {database}",
            f"server          PostgreSQL {info.version}",
            f"installed       {', '.join(installed) or '(none)'}",
            f"available       {len(available)} extensions",
            "",
            table(
                [
                    {
                        "extension": e.name,
                        "version": e.default_version,
                        "installed": e.installed_version,
                    }
                    for e in info.extensions
                ]
            ),
        ]
    )
    emit(payload, fmt, text=text)
