"""`primedb migrate`, `rollback`, `status` and `stamp`: running revisions on a database.

Thin commands: each parses its options, calls one function of
`primedb.migrations` and emits the result. Statement and revision lines go
to stderr as the run goes; the summary (or the SQL, with --sql) to stdout.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from primedb.cli.lasting import lasting_server, throwaway_option
from primedb.cli.options import dsn_option, duration_option, folder_option, format_option

if TYPE_CHECKING:  # primedb.migrations loads Alembic: not for `primedb --help`
    from primedb.migrations.settings import RunSettings

F = TypeVar("F", bound=Callable[..., Any])


def _run_options(func: F) -> F:
    options = [
        click.option("--sql", is_flag=True, help="Print the SQL instead of running it."),
        duration_option(
            "--lock-wait",
            default="60s",
            help_text="How long to wait for another run's migration lock before giving up.",
        ),
        duration_option(
            "--lock-timeout",
            default=None,
            help_text="lock_timeout of every statement (default: the revision's, else 3s).",
        ),
        duration_option(
            "--statement-timeout",
            default=None,
            help_text="statement_timeout of every statement (default: the revision's, else 10min).",
        ),
        click.option(
            "--lock-retries",
            type=click.IntRange(min=0),
            default=5,
            show_default=True,
            help="Runs of a revision that hit lock_timeout, after the first, before giving up.",
        ),
        duration_option(
            "--retry-delay",
            default="1s",
            help_text="Wait before the first retry; it doubles at each retry, up to 30s.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(
    lock_wait: int,
    lock_timeout: int | None,
    statement_timeout: int | None,
    retries: int,
    delay: int,
) -> "RunSettings":
    from primedb.migrations.settings import RunSettings

    return RunSettings(
        lock_timeout_ms=lock_timeout,
        statement_timeout_ms=statement_timeout,
        lock_wait_ms=lock_wait,
        lock_retries=retries,
        retry_delay_ms=delay,
    )


def _offline_start(dsn: str | None) -> str | None:
    """--sql starts at the database's revision when one is named, else at base."""
    import logging

    from primedb.migrations.versions import current_revision
    from primedb.pg import dsn as dsns

    resolved = dsns.resolve(dsn)
    if resolved is None:
        logging.getLogger("primedb").info("no database given: the SQL starts at base")
        return None
    return current_revision(resolved)


@click.command()
@dsn_option
@folder_option("migrations_dir")
@click.option("--to", "target", default="head", show_default=True, help="Revision to reach.")
@click.option(
    "--ignore-drift",
    is_flag=True,
    help="Run even when the live schema is not the one the next revision expects.",
)
@_run_options
@throwaway_option
@format_option("table", "json")
def migrate(
    dsn: str | None,
    migrations_dir: Path,
    target: str,
    ignore_drift: bool,
    sql: bool,
    lock_wait: int,
    lock_timeout: int | None,
    statement_timeout: int | None,
    lock_retries: int,
    retry_delay: int,
    throwaway: bool,
    fmt: str,
) -> None:
    """Apply the pending revisions, one at a time, under the migration lock.

    Each revision runs with lock_timeout and statement_timeout set; one that
    hits the lock timeout is rolled back and retried with a growing delay.
    Before the first, the live schema is compared with the one that revision
    expects (its expects_schema hash; managed monthly partitions never
    count): on drift, migrate refuses (exit 6) and names the differing
    objects, unless --ignore-drift.
    """
    from primedb.cli.render import emit
    from primedb.migrations.offline import upgrade_sql
    from primedb.migrations.runner import migrate as run

    settings = _settings(lock_wait, lock_timeout, statement_timeout, lock_retries, retry_delay)
    if sql and fmt == "json":
        raise click.UsageError("--sql prints the SQL itself; --format json does not apply to it")
    if sql:
        start = _offline_start(dsn)
        click.echo(upgrade_sql(migrations_dir, start=start, to=target, settings=settings), nl=False)
        return
    with lasting_server(dsn, throwaway=throwaway, command="migrate") as resolved:
        result = run(
            resolved, migrations_dir, to=target, settings=settings, ignore_drift=ignore_drift
        )
    emit(result, fmt)


@click.command()
@dsn_option
@folder_option("migrations_dir")
@click.option("--to", "target", default=None, help="Revision to go back to (`base`: all).")
@click.option("--steps", type=click.IntRange(min=1), default=None, help="Revisions to undo.")
@_run_options
@throwaway_option
@format_option("table", "json")
def rollback(
    dsn: str | None,
    migrations_dir: Path,
    target: str | None,
    steps: int | None,
    sql: bool,
    lock_wait: int,
    lock_timeout: int | None,
    statement_timeout: int | None,
    lock_retries: int,
    retry_delay: int,
    throwaway: bool,
    fmt: str,
) -> None:
    """Undo revisions: the last one, the last --steps N, or down to --to REV."""
    from primedb.cli.render import emit
    from primedb.migrations.history import History
    from primedb.migrations.offline import downgrade_sql
    from primedb.migrations.runner import rollback as run

    if target is not None and steps is not None:
        raise click.UsageError("give --to or --steps, not both")
    settings = _settings(lock_wait, lock_timeout, statement_timeout, lock_retries, retry_delay)
    if sql and fmt == "json":
        raise click.UsageError("--sql prints the SQL itself; --format json does not apply to it")
    if sql:
        start = _offline_start(dsn)
        if start is None and dsn is None:
            start = History(migrations_dir).head  # no database: undo from head
        click.echo(
            downgrade_sql(migrations_dir, start=start, to=target, steps=steps, settings=settings),
            nl=False,
        )
        return
    with lasting_server(dsn, throwaway=throwaway, command="rollback") as resolved:
        result = run(resolved, migrations_dir, to=target, steps=steps, settings=settings)
    emit(result, fmt)


@click.command()
@dsn_option
@folder_option("migrations_dir")
@format_option("table", "json")
@click.pass_context
def status(ctx: click.Context, dsn: str | None, migrations_dir: Path, fmt: str) -> None:
    """The database's revision, the pending ones with their hazards, and schema drift.

    Drift: the live schema against the one its revision produces (at base:
    the one the first revision expects), by hash, and object by object when
    they differ. Exits 0 when the database is at head and has not drifted,
    1 when revisions are pending or the schema has drifted (or both).
    """
    from primedb.cli.render import emit
    from primedb.errors import FINDINGS
    from primedb.migrations.status import migration_status
    from primedb.pg import server_dsn

    with server_dsn(dsn) as resolved:
        found = migration_status(resolved, migrations_dir)
    emit(found, fmt)
    if not found.up_to_date or found.drifted:
        ctx.exit(FINDINGS)


@click.command()
@dsn_option
@folder_option("migrations_dir")
@click.argument("revision", default="head")
@duration_option(
    "--lock-wait",
    default="60s",
    help_text="How long to wait for another run's migration lock before giving up.",
)
@click.option(
    "--ignore-drift",
    is_flag=True,
    help="Stamp even when the live schema is not the revision's, or a revision is recorded.",
)
@throwaway_option
@format_option("table", "json")
def stamp(
    dsn: str | None,
    migrations_dir: Path,
    revision: str,
    lock_wait: int,
    ignore_drift: bool,
    throwaway: bool,
    fmt: str,
) -> None:
    """Adopt a database that already has the schema: record REVISION (default head).

    Nothing runs: the database's live schema must already be exactly what
    REVISION produces (its produces_schema hash), else stamp refuses (exit 6)
    and names the differing objects. Afterwards `primedb migrate` goes on from
    there.
    """
    from primedb.cli.render import emit
    from primedb.migrations.stamp import stamp as run

    with lasting_server(dsn, throwaway=throwaway, command="stamp") as resolved:
        result = run(
            resolved,
            migrations_dir,
            to=revision,
            lock_wait_s=lock_wait / 1000,
            ignore_drift=ignore_drift,
        )
    emit(result, fmt)
