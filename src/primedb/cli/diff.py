"""`primedb schema diff`: the plan between two schemas, as SQL or JSON.

Thin: parses the options, resolves the server the named sources are built
on, calls `primedb.sources.plan_between` and prints the plan. Exit 0 when
there is nothing to do, 1 when there are changes; hazards that were not
allowed are listed on stderr (refusing them is `primedb revision`'s job).
"""

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from primedb.cli.options import (
    allow_hazard_option,
    dsn_option,
    duration_option,
    folder_option,
    format_option,
    source_value,
    with_owners_option,
)

if TYPE_CHECKING:
    from primedb.diff.hazards import HazardKind


@click.command("diff")
@click.option(
    "--from",
    "source",
    metavar="SOURCE",
    required=True,
    callback=source_value,
    help="Where the plan starts: a DSN, `schema` (the schema files on a scratch database) or "
    "`migrations` (the revisions upgraded to head on a scratch database).",
)
@click.option(
    "--to",
    "target",
    metavar="SOURCE",
    required=True,
    callback=source_value,
    help="Where the plan ends.",
)
@dsn_option
@folder_option("schema_dir")
@folder_option("migrations_dir")
@click.option(
    "--rename",
    "renames",
    metavar="KIND:OLD=NEW",
    multiple=True,
    help="A rename instead of a drop and an add: table:public.old=new, "
    "column:public.table.old=new (also index, constraint, view, sequence, enum). "
    "`-- primedb: renamed from OLD` markers in the schema files count too.",
)
@allow_hazard_option(
    "A hazard kind not to list on stderr (primedb revision refuses the others); repeatable."
)
@duration_option(
    "--lock-timeout", default=None, help_text="lock_timeout set before the statements (default 3s)."
)
@duration_option(
    "--statement-timeout",
    default=None,
    help_text="statement_timeout set before the statements (default 10min).",
)
@with_owners_option
@format_option("sql", "json")
@click.pass_context
def diff(
    ctx: click.Context,
    source: str,
    target: str,
    dsn: str | None,
    schema_dir: Path,
    migrations_dir: Path,
    renames: tuple[str, ...],
    allowed: tuple["HazardKind", ...],
    lock_timeout: int | None,
    statement_timeout: int | None,
    with_owners: bool,
    fmt: str,
) -> None:
    """Print the plan that brings --from to --to: SQL for psql, or JSON.

    The SQL runs with `psql -v ON_ERROR_STOP=1 -f -` on the --from database.
    Every statement is marked with its lock and hazards; online-safe forms are
    used where PostgreSQL has them. Exit 0: nothing to do; 1: there are changes.
    """
    from primedb.diff import Timeouts, parse_rename, plan_json, plan_sql
    from primedb.diff.output import statement_label
    from primedb.pg import server_dsn
    from primedb.sources import Folders, needs_server, plan_between

    defaults = Timeouts()
    timeouts = Timeouts(
        lock_timeout_ms=defaults.lock_timeout_ms if lock_timeout is None else lock_timeout,
        statement_timeout_ms=(
            defaults.statement_timeout_ms if statement_timeout is None else statement_timeout
        ),
    )
    server = server_dsn(dsn) if needs_server(source, target) else contextlib.nullcontext(None)
    with server as scratch:
        plan = plan_between(
            source,
            target,
            server=scratch,
            folders=Folders(schema_dir=schema_dir, migrations_dir=migrations_dir),
            renames=[parse_rename(r) for r in renames],
            timeouts=timeouts,
            with_owners=with_owners,
        )
    click.echo(plan_json(plan) if fmt == "json" else plan_sql(plan), nl=False)
    refused = plan.unallowed(allowed)
    for statement, hazard in refused:
        click.echo(
            f"hazard not allowed: {hazard.message(statement_label(statement, hazard))}", err=True
        )
    if refused:
        flags = " ".join(f"--allow-hazard {k}" for k in sorted({h.kind.value for _, h in refused}))
        click.echo(f"{len(refused)} hazards not allowed; {flags} to accept them", err=True)
    ctx.exit(0 if plan.empty else 1)
