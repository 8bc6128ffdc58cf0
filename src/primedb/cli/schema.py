"""`primedb schema`: the desired state in `schema/*.sql` (apply, dump, diff)."""

import contextlib
from pathlib import Path

import click

from primedb.cli.diff import diff
from primedb.cli.lasting import lasting_server, throwaway_option
from primedb.cli.options import (
    dsn_option,
    folder_option,
    format_option,
    source_value,
    with_owners_option,
)


@click.group()
def schema() -> None:
    """Apply, dump and diff database schemas."""


@schema.command()
@dsn_option
@folder_option("schema_dir")
@throwaway_option
@format_option("table", "json")
def apply(dsn: str | None, schema_dir: Path, throwaway: bool, fmt: str) -> None:
    """Apply the schema files to an empty database (development and tests only).

    Refuses a database that already has tables; on any error nothing is applied.
    """
    from primedb.cli.render import emit
    from primedb.schema import apply_schema
    from primedb.schema.summary import AppliedSchema, summarize

    with lasting_server(dsn, throwaway=throwaway, command="schema apply") as target:
        files = apply_schema(target, schema_dir)
        applied = AppliedSchema(files=tuple(files), created=summarize(target))
    emit(applied, fmt)


@schema.command()
@dsn_option
@click.option(
    "--source",
    metavar="SOURCE",
    default=None,
    callback=source_value,
    help="What to dump: a DSN, `schema` (the schema files applied to a scratch database "
    "on the --dsn server) or `migrations` (the revisions at head). Default: the --dsn "
    "database itself.",
)
@folder_option("schema_dir")
@folder_option("migrations_dir")
@click.option(
    "--include-managed-partitions",
    is_flag=True,
    help="Also list the monthly partitions ensure_monthly_partitions() creates at run time.",
)
@with_owners_option
@format_option("sql", "json")
def dump(
    dsn: str | None,
    source: str | None,
    schema_dir: Path,
    migrations_dir: Path,
    include_managed_partitions: bool,
    with_owners: bool,
    fmt: str,
) -> None:
    """Print the catalog model of a database: as SQL that rebuilds it, or as JSON.

    The SQL runs with `psql -v ON_ERROR_STOP=1 -f -` on an empty database (where
    the roles it grants to exist) and builds the same catalog. Privileges are
    part of the model; owners only with --with-owners. An object the model
    cannot represent fails the command (exit 5), naming it.
    """
    from primedb.catalog import dump_sql, to_json
    from primedb.pg import server_dsn
    from primedb.sources import Folders, catalog_from, needs_server

    folders = Folders(schema_dir=schema_dir, migrations_dir=migrations_dir)
    given = source is not None and not needs_server(source)
    server = contextlib.nullcontext(None) if given else server_dsn(dsn)
    with server as target:
        catalog = catalog_from(
            source or target or "",
            server=target,
            folders=folders,
            include_managed_partitions=include_managed_partitions,
            with_owners=with_owners,
        )
    click.echo(to_json(catalog) if fmt == "json" else dump_sql(catalog), nl=False)


schema.add_command(diff)
