"""`primedb schema`: the desired state in `schema/*.sql`."""

from pathlib import Path

import click

from primedb.cli.diff import diff
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
    from primedb.cli.render import emit_payload as emit
    from primedb.pg import server_dsn
    from primedb.schema import apply_schema
    from primedb.schema.summary import summarize
    from primedb.texttable import table

    with server_dsn(dsn) as target:
        files = apply_schema(target, schema_dir)
        counts = summarize(target)
    rows = [{"object": k, "count": v} for k, v in counts.items()]
    emit(
        {"files": [f.name for f in files], "created": counts},
        fmt,
        text=f"applied {len(files)} files\n" + table(rows),
    )


@schema.command()
@dsn_option
@click.option(
    "--source",
    metavar="SOURCE",
    default=None,
    help="What to dump: a DSN, or `schema` (the schema files applied to a scratch database "
    "on the --dsn server). Default: the --dsn database itself.",
)
@click.option(
    "--schema-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the schema files for --source schema (default: the project's schema_dir).",
)
@click.option(
    "--include-managed-partitions",
    is_flag=True,
    help="Also list the monthly partitions ensure_monthly_partitions() creates at run time.",
)
@format_option("sql", "json")
def dump(
    dsn: str | None,
    source: str | None,
    schema_dir: Path | None,
    include_managed_partitions: bool,
    fmt: str,
) -> None:
    """Print the catalog model of a database: as SQL that rebuilds it, or as JSON.

    The SQL runs with `psql -v ON_ERROR_STOP=1 -f -` on an empty database and
    builds the same catalog. Owners and privileges are not part of the model.
    An object the model cannot represent fails the command (exit 5), naming it.
    """
    from primedb.catalog import catalog_from, dump_sql, to_json
    from primedb.pg import server_dsn
    from primedb.project import project_folder

    folder = schema_dir if schema_dir is not None else project_folder("schema_dir")
    with server_dsn(dsn) as target:
        catalog = catalog_from(
            source or target,
            target,
            schema_dir=folder,
            include_managed_partitions=include_managed_partitions,
        )
    click.echo(to_json(catalog) if fmt == "json" else dump_sql(catalog), nl=False)


schema.add_command(diff)
