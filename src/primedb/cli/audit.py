"""`primedb audit`: the index and schema health audit, on a live database or on `schema/`."""

import logging
from pathlib import Path

import click

from primedb.cli.options import dsn_option, folder_option, format_option

_LEVELS = ("info", "warning", "error")


@click.command()
@dsn_option
@click.option(
    "--schema",
    "schemas",
    metavar="NAME",
    multiple=True,
    help="Audit only this schema (repeatable; default: every schema but PostgreSQL's own).",
)
@click.option(
    "--check",
    "checks",
    metavar="NAME",
    multiple=True,
    help="Run only this check (repeatable; default: every check of the checks folder).",
)
@click.option(
    "--fail-on",
    type=click.Choice(_LEVELS),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity remains (suppressed ones never count).",
)
@click.option(
    "--checks-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the checks, one SQL file each (default: [tool.primedb] checks_dir, else "
    "the project's analyzers/checks, else the catalog primedb ships).",
)
@folder_option("migrations_dir")
@format_option("table", "json")
@click.pass_context
def audit(
    ctx: click.Context,
    dsn: str | None,
    schemas: tuple[str, ...],
    checks: tuple[str, ...],
    fail_on: str,
    checks_dir: Path | None,
    migrations_dir: Path,
    fmt: str,
) -> None:
    """Audit indexes, tables, constraints and sequences: findings with evidence and a fix.

    Each check is a SQL file of the checks folder (analyzers/checks/). Given no
    database, the audit runs on the embedded default migrated to head (the
    schema as the migrations build it): only the checks that read the catalog
    alone run there; the ones that need a live database's statistics are listed
    as skipped, with why. Suppressions and thresholds are read from
    [tool.primedb.audit] of pyproject.toml; a suppressed finding is still listed.
    """
    # Imports here keep `primedb --help` fast.
    from primedb.analyzers.audit import Severity, audit_database
    from primedb.cli.render import emit
    from primedb.errors import FINDINGS
    from primedb.pg import dsn as dsns
    from primedb.secrets import mask

    names = checks or None
    only = schemas or None
    log = logging.getLogger("primedb")
    target = dsns.resolve(dsn)
    if target is not None:
        # A live database: no need for the embedded default's machinery (alembic, the seed,
        # numpy: 1.4 s of imports).
        log.info("using the database from %s: %s", dsns.source(dsn), mask(target))
        result = audit_database(target, checks_dir=checks_dir, names=names, schemas=only)
    else:
        from primedb.cli.targets import analysis_database

        with analysis_database(None, migrations_dir=migrations_dir, scale=None, seed=1) as box:
            log.info(
                "no database given: auditing the schema at head; checks that need a live "
                "database's statistics are skipped (see the list)"
            )
            result = audit_database(
                box, checks_dir=checks_dir, names=names, schemas=only, live=False
            )
    emit(result, fmt)
    if result.failing(Severity(fail_on)):
        ctx.exit(FINDINGS)
