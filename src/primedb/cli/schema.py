"""`primedb schema`: the desired state in `schema/*.sql`."""

from pathlib import Path

import click

from primedb.cli.options import dsn_option, format_option


@click.group()
def schema() -> None:
    """Apply, dump and diff database schemas."""


@schema.command()
@dsn_option
@click.option(
    "--schema-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder of .sql files, applied in file-name order.",
)
@format_option("table", "json")
def apply(dsn: str | None, schema_dir: Path, fmt: str) -> None:
    """Apply the schema files to an empty database (development and tests only).

    Refuses a database that already has tables; on any error nothing is applied.
    """
    from primedb.cli.render import emit, table
    from primedb.pg import server_dsn
    from primedb.schema import apply_schema
    from primedb.schema.summary import summarize

    with server_dsn(dsn) as target:
        files = apply_schema(target, schema_dir)
        counts = summarize(target)
    rows = [{"object": k, "count": v} for k, v in counts.items()]
    emit(
        {"files": [f.name for f in files], "created": counts},
        fmt,
        text=f"applied {len(files)} files\n" + table(rows),
    )
