"""`primedb lint`: the hazards of hand-written SQL, or of every revision's upgrade SQL."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from primedb.cli.options import allow_hazard_option, dsn_option, folder_option, format_option

if TYPE_CHECKING:
    from primedb.diff.hazards import HazardKind


@click.command()
@click.argument("files", nargs=-1)
@dsn_option
@folder_option("migrations_dir")
@allow_hazard_option("Accept every finding of this hazard kind (repeatable).")
@format_option("table", "json")
@click.pass_context
def lint(
    ctx: click.Context,
    files: tuple[str, ...],
    dsn: str | None,
    migrations_dir: Path,
    allowed: tuple["HazardKind", ...],
    fmt: str,
) -> None:
    """Hazards in hand-written SQL FILES (folders: their .sql files; `-`: stdin).

    Without FILES, lints the upgrade SQL of every revision of the migrations
    folder, each with the hazards it declares allowed (`allowed_hazards`, as
    `primedb check` does). A comment `-- primedb: allow KIND` on a statement
    accepts it. With a database (--dsn, PRIMEDB_DSN, DATABASE_URL), tables
    without rows do not count; without one, every table is assumed to hold
    rows. Exits 1 with findings, 0 when clean.
    """
    import logging

    from primedb.cli.render import emit
    from primedb.errors import FINDINGS
    from primedb.lint import lint_paths
    from primedb.migrations.revision_lint import lint_revisions
    from primedb.pg import dsn as dsns
    from primedb.secrets import mask

    resolved = dsns.resolve(dsn)
    if resolved is not None:
        logging.getLogger("primedb").info(
            "row counts from %s: %s", dsns.source(dsn), mask(resolved)
        )
    if files:
        result = lint_paths(files, dsn=resolved, allow=allowed)
    else:
        result = lint_revisions(migrations_dir, dsn=resolved, allow=allowed)
    emit(result, fmt)
    if not result.clean:
        ctx.exit(FINDINGS)
