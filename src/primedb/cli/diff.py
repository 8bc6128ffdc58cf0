"""`primedb schema diff`: the plan between two schemas, as SQL or JSON.

Thin: parses the options, reads both catalogs, calls `primedb.diff.diff` and
prints the plan. Exit 0 when there is nothing to do, 1 when there are
changes; hazards that were not allowed are listed on stderr (refusing them
is `primedb revision`'s job).
"""

from pathlib import Path

import click

from primedb.cli.options import dsn_option, format_option


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from primedb.durations import parse_duration

    return None if value is None else parse_duration(value, f"--{param.name}".replace("_", "-"))


@click.command("diff")
@click.option(
    "--from",
    "source",
    metavar="SOURCE",
    required=True,
    help="Where the plan starts: a DSN, `schema` (the schema files on a scratch database) or "
    "`migrations` (the revisions upgraded to head on a scratch database).",
)
@click.option("--to", "target", metavar="SOURCE", required=True, help="Where the plan ends.")
@dsn_option
@click.option(
    "--schema-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The schema files (default: [tool.primedb] schema_dir).",
)
@click.option(
    "--migrations-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The Alembic project (default: [tool.primedb] migrations_dir).",
)
@click.option(
    "--rename",
    "renames",
    metavar="KIND:OLD=NEW",
    multiple=True,
    help="A rename instead of a drop and an add: table:public.old=new, "
    "column:public.table.old=new (also index, constraint, view, sequence, enum). "
    "`-- primedb: renamed from OLD` markers in the schema files count too.",
)
@click.option(
    "--allow-hazard",
    "allowed",
    metavar="KIND",
    multiple=True,
    help="A hazard kind not to list on stderr (primedb revision refuses the others); repeatable.",
)
@click.option(
    "--lock-timeout",
    default=None,
    callback=_duration,
    help="lock_timeout set before the statements (default 3s).",
)
@click.option(
    "--statement-timeout",
    default=None,
    callback=_duration,
    help="statement_timeout set before the statements (default 10min).",
)
@format_option("sql", "json")
@click.pass_context
def diff(
    ctx: click.Context,
    source: str,
    target: str,
    dsn: str | None,
    schema_dir: Path | None,
    migrations_dir: Path | None,
    renames: tuple[str, ...],
    allowed: tuple[str, ...],
    lock_timeout: int | None,
    statement_timeout: int | None,
    fmt: str,
) -> None:
    """Print the plan that brings --from to --to: SQL for psql, or JSON.

    The SQL runs with `psql -v ON_ERROR_STOP=1 -f -` on the --from database.
    Every statement is marked with its lock and hazards; online-safe forms are
    used where PostgreSQL has them. Exit 0: nothing to do; 1: there are changes.
    """
    from primedb.diff import HazardKind, plan_json, plan_sql
    from primedb.diff.output import statement_label
    from primedb.diff.sources import plan_between
    from primedb.errors import UsageError

    try:
        kinds = [HazardKind(k) for k in allowed]
    except ValueError as exc:
        known = ", ".join(k.value for k in HazardKind)
        raise UsageError(f"{exc}; --allow-hazard takes one of: {known}") from None

    plan = plan_between(
        source,
        target,
        server=dsn,
        schema_dir=schema_dir,
        migrations_dir=migrations_dir,
        renames=renames,
        lock_timeout_ms=lock_timeout,
        statement_timeout_ms=statement_timeout,
    )
    click.echo(plan_json(plan) if fmt == "json" else plan_sql(plan), nl=False)
    refused = plan.unallowed(kinds)
    for statement, hazard in refused:
        click.echo(
            f"hazard not allowed: {hazard.message(statement_label(statement, hazard))}", err=True
        )
    if refused:
        flags = " ".join(f"--allow-hazard {k}" for k in sorted({h.kind.value for _, h in refused}))
        click.echo(f"{len(refused)} hazards not allowed; {flags} to accept them", err=True)
    ctx.exit(0 if plan.empty else 1)
