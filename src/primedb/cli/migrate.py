"""`primedb migrate`, `rollback`, `status` and `lint`: running and checking revisions.

Thin commands: each parses its options, calls one function of
`primedb.migrations` and renders the result. Statement and revision lines go
to stderr as the run goes; the summary (or the SQL, with --sql) to stdout.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from primedb.cli.options import dsn_option, format_option

F = TypeVar("F", bound=Callable[..., Any])


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from primedb.durations import parse_duration

    return None if value is None else parse_duration(value, f"--{param.name}".replace("_", "-"))


def _folder_option(func: F) -> F:
    return click.option(
        "--migrations-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The Alembic project (default: [tool.primedb] migrations_dir, else migrations/).",
    )(func)


def _run_options(func: F) -> F:
    options = [
        click.option("--sql", is_flag=True, help="Print the SQL instead of running it."),
        click.option(
            "--lock-wait",
            default="60s",
            show_default=True,
            callback=_duration,
            help="How long to wait for another run's migration lock before giving up.",
        ),
        click.option(
            "--lock-timeout",
            default=None,
            callback=_duration,
            help="lock_timeout of every statement (default: the revision's, else 3s).",
        ),
        click.option(
            "--statement-timeout",
            default=None,
            callback=_duration,
            help="statement_timeout of every statement (default: the revision's, else 10min).",
        ),
        click.option(
            "--lock-retries",
            type=click.IntRange(min=0),
            default=5,
            show_default=True,
            help="Runs of a revision that hit lock_timeout, after the first, before giving up.",
        ),
        click.option(
            "--retry-delay",
            default="1s",
            show_default=True,
            callback=_duration,
            help="Wait before the first retry; it doubles at each retry, up to 30s.",
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
) -> Any:
    from primedb.migrations.settings import RunSettings

    return RunSettings(
        lock_timeout_ms=lock_timeout,
        statement_timeout_ms=statement_timeout,
        lock_wait_ms=lock_wait,
        lock_retries=retries,
        retry_delay_ms=delay,
    )


def _folder(given: Path | None) -> Path:
    from primedb.project import project_folder

    return given if given is not None else project_folder("migrations_dir")


def _offline_start(dsn: str | None, folder: Path) -> str | None:
    """--sql starts at the database's revision when one is named, else at base."""
    import logging

    from primedb.migrations.versions import current_revision
    from primedb.pg import dsn as dsns

    resolved = dsns.resolve(dsn)
    if resolved is None:
        logging.getLogger("primedb").info("no database given: the SQL starts at base")
        return None
    return current_revision(resolved)


def _summary(result: Any, fmt: str) -> None:
    from primedb.cli.render import emit_payload as emit
    from primedb.texttable import table

    start, end = result.start or "base", result.end or "base"
    rows = [
        {
            "revision": s.step.revision.revision,
            "direction": s.step.direction.value,
            "message": s.step.revision.message,
            "ms": round(s.seconds * 1000, 1),
            "attempts": s.attempts,
        }
        for s in result.steps
    ]
    text = (
        f"from {start} to {end}: {len(rows)} revision{'s' if len(rows) != 1 else ''}\n"
        + table(rows)
        if rows
        else f"nothing to do: the database is at {end}"
    )
    emit({"from": result.start, "to": result.end, "revisions": rows}, fmt, text=text.rstrip())


@click.command()
@dsn_option
@_folder_option
@click.option("--to", "target", default="head", show_default=True, help="Revision to reach.")
@click.option(
    "--ignore-drift",
    is_flag=True,
    help="Run even when the live schema is not the one the next revision expects.",
)
@_run_options
@format_option("table", "json")
def migrate(
    dsn: str | None,
    migrations_dir: Path | None,
    target: str,
    ignore_drift: bool,
    sql: bool,
    lock_wait: int,
    lock_timeout: int | None,
    statement_timeout: int | None,
    lock_retries: int,
    retry_delay: int,
    fmt: str,
) -> None:
    """Apply the pending revisions, one at a time, under the migration lock.

    Each revision runs with lock_timeout and statement_timeout set; one that
    hits the lock timeout is rolled back and retried with a growing delay.
    Before the first, the live schema is compared with the one that revision
    expects (its expects_schema hash; managed monthly partitions never
    count): on drift, migrate refuses (exit 4) and names the differing
    objects, unless --ignore-drift.
    """
    folder = _folder(migrations_dir)
    settings = _settings(lock_wait, lock_timeout, statement_timeout, lock_retries, retry_delay)
    if sql:
        from primedb.migrations.offline import upgrade_sql

        click.echo(
            upgrade_sql(folder, start=_offline_start(dsn, folder), to=target, settings=settings),
            nl=False,
        )
        return
    from primedb.migrations.runner import migrate as run
    from primedb.pg import server_dsn

    with server_dsn(dsn) as resolved:
        result = run(resolved, folder, to=target, settings=settings, ignore_drift=ignore_drift)
    _summary(result, fmt)


@click.command()
@dsn_option
@_folder_option
@click.option("--to", "target", default=None, help="Revision to go back to (`base`: all).")
@click.option("--steps", type=click.IntRange(min=1), default=None, help="Revisions to undo.")
@_run_options
@format_option("table", "json")
def rollback(
    dsn: str | None,
    migrations_dir: Path | None,
    target: str | None,
    steps: int | None,
    sql: bool,
    lock_wait: int,
    lock_timeout: int | None,
    statement_timeout: int | None,
    lock_retries: int,
    retry_delay: int,
    fmt: str,
) -> None:
    """Undo revisions: the last one, the last --steps N, or down to --to REV."""
    if target is not None and steps is not None:
        raise click.UsageError("give --to or --steps, not both")
    folder = _folder(migrations_dir)
    settings = _settings(lock_wait, lock_timeout, statement_timeout, lock_retries, retry_delay)
    if sql:
        from primedb.migrations.offline import downgrade_sql

        start = _offline_start(dsn, folder)
        if start is None and dsn is None:
            from primedb.migrations.history import History

            start = History(folder).head  # no database: undo from head
        click.echo(
            downgrade_sql(folder, start=start, to=target, steps=steps, settings=settings), nl=False
        )
        return
    from primedb.migrations.runner import rollback as run
    from primedb.pg import server_dsn

    with server_dsn(dsn) as resolved:
        result = run(resolved, folder, to=target, steps=steps, settings=settings)
    _summary(result, fmt)


@click.command()
@dsn_option
@_folder_option
@format_option("table", "json")
@click.pass_context
def status(ctx: click.Context, dsn: str | None, migrations_dir: Path | None, fmt: str) -> None:
    """The database's revision, the pending ones with their hazards, and schema drift.

    Drift: the live schema against the one its revision produces (at base:
    the one the first revision expects), by hash, and object by object when
    they differ. Exits 0 when the database is at head and has not drifted,
    1 when revisions are pending or the schema has drifted (or both).
    """
    from primedb.cli.render import emit_payload as emit
    from primedb.errors import FINDINGS
    from primedb.migrations.status import migration_status
    from primedb.pg import server_dsn
    from primedb.texttable import table

    folder = _folder(migrations_dir)
    with server_dsn(dsn) as resolved:
        found = migration_status(resolved, folder)
    rows = [
        {
            "revision": p.revision,
            "message": p.message,
            "hazards": [k.value for k in p.hazards] or "none",
            "from": p.hazards_from,
        }
        for p in found.pending
    ]
    head = found.head or "base (no revisions)"
    lines = [
        f"database at {found.current or 'base'} ({found.applied} of "
        f"{found.applied + len(found.pending)} revisions applied); head is {head}",
        f"{len(rows)} pending" + (":" if rows else ": up to date"),
    ]
    if rows:
        lines.append(table(rows))
    drift = found.drift
    if drift.differences:
        count = len(drift.differences)
        noun = "object differs" if count == 1 else "objects differ"
        lines.append(f"schema drift: drifted ({count} {noun} from what the migrations give):")
        lines.extend(f"  {d}" for d in drift.differences)
    else:
        lines.append(f"schema drift: {drift.status.value} ({drift.detail})")
    emit(found.as_dict(), fmt, text="\n".join(lines))
    if not found.up_to_date or found.drifted:
        ctx.exit(FINDINGS)


@click.command()
@click.argument("files", nargs=-1)
@dsn_option
@_folder_option
@click.option(
    "--allow-hazard",
    "allow",
    multiple=True,
    metavar="KIND",
    help="Accept every finding of this hazard kind (repeatable).",
)
@format_option("table", "json")
@click.pass_context
def lint(
    ctx: click.Context,
    files: tuple[str, ...],
    dsn: str | None,
    migrations_dir: Path | None,
    allow: tuple[str, ...],
    fmt: str,
) -> None:
    """Hazards in hand-written SQL FILES (folders: their .sql files; `-`: stdin).

    Without FILES, lints the upgrade SQL of every revision of the migrations
    folder. A comment `-- primedb: allow KIND` on a statement accepts it. With
    a database (--dsn, PRIMEDB_DSN, DATABASE_URL), tables without rows do not
    count; without one, every table is assumed to hold rows. Exits 1 with
    findings, 0 when clean.
    """
    import logging

    from primedb.cli.render import emit_payload as emit
    from primedb.diff.hazards import HazardKind
    from primedb.errors import FINDINGS, UsageError
    from primedb.migrations.lint import lint_paths, lint_revisions
    from primedb.pg import dsn as dsns

    try:
        kinds = tuple(HazardKind(k) for k in allow)
    except ValueError as exc:
        known = ", ".join(k.value for k in HazardKind)
        raise UsageError(f"{exc}; --allow-hazard takes one of: {known}") from None
    resolved = dsns.resolve(dsn)
    if resolved is not None:
        logging.getLogger("primedb").info(
            "row counts from %s: %s", dsns.source(dsn), dsns.mask(resolved)
        )
    if files:
        result = lint_paths(files, dsn=resolved, allow=kinds)
    else:
        result = lint_revisions(_folder(migrations_dir), dsn=resolved, allow=kinds)
    rows = [
        {"where": f.location, "kind": f.kind.value, "statement": f.statement, "message": f.message}
        for f in result.findings
    ]
    rows_from = "live row counts" if result.live else "tables assumed to hold rows"
    footer = (
        f"{len(rows)} finding{'s' if len(rows) != 1 else ''} in {result.statements} statements "
        f"of {result.files} file{'s' if result.files != 1 else ''} ({len(result.allowed)} "
        f"allowed; {rows_from})"
    )
    text = "\n".join(
        [f"{r['where']}  {r['kind']}  {r['statement']}\n    {r['message']}" for r in rows]
        + [footer]
    )
    payload = {
        "findings": [f.as_dict() for f in result.findings],
        "allowed": [f.as_dict() for f in result.allowed],
        "statements": result.statements,
        "files": result.files,
        "live": result.live,
    }
    emit(payload, fmt, text=text)
    if not result.clean:
        ctx.exit(FINDINGS)


@click.command()
@dsn_option
@_folder_option
@click.argument("revision", default="head")
@click.option(
    "--lock-wait",
    default="60s",
    show_default=True,
    callback=_duration,
    help="How long to wait for another run's migration lock before giving up.",
)
@click.option(
    "--ignore-drift",
    is_flag=True,
    help="Stamp even when the live schema is not the revision's, or a revision is recorded.",
)
@format_option("table", "json")
def stamp(
    dsn: str | None,
    migrations_dir: Path | None,
    revision: str,
    lock_wait: int,
    ignore_drift: bool,
    fmt: str,
) -> None:
    """Adopt a database that already has the schema: record REVISION (default head).

    Nothing runs: the database's live schema must already be exactly what
    REVISION produces (its produces_schema hash), else stamp refuses (exit 4)
    and names the differing objects. Afterwards `primedb migrate` goes on from
    there.
    """
    from primedb.cli.render import emit_payload as emit
    from primedb.migrations.stamp import stamp as run
    from primedb.pg import server_dsn

    with server_dsn(dsn) as resolved:
        result = run(
            resolved,
            _folder(migrations_dir),
            to=revision,
            lock_wait_s=lock_wait / 1000,
            ignore_drift=ignore_drift,
        )
    emit(
        {"from": result.start, "to": result.end, "drift": result.drift.status.value},
        fmt,
        text=f"stamped {result.end} (was {result.start or 'base'}); {result.drift.detail}",
    )
