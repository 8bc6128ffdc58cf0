"""`primedb revision` and `primedb check`: writing the next revision, and checking them all.

Thin commands over `primedb.migrations.generate` and `primedb.migrations.check`;
both build their states on scratch databases of the --dsn server (else a
throwaway cluster). Results go to stdout, progress to stderr.
"""

from pathlib import Path
from typing import TYPE_CHECKING

import click

from primedb.cli.options import allow_hazard_option, dsn_option, folder_option, format_option

if TYPE_CHECKING:
    from primedb.diff.hazards import HazardKind


@click.command()
@click.option("-m", "--message", required=True, help="What the revision changes (its file name).")
@allow_hazard_option(
    "Accept the upgrade's hazards of this kind (repeatable); recorded in the file."
)
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="KIND:OLD=NEW",
    help="A rename instead of a drop and an add: table:public.old=new, "
    "column:public.table.old=new (also index, constraint, view, sequence, enum). "
    "`-- primedb: renamed from OLD` markers in the schema files count too.",
)
@click.option("--rev-id", default=None, help="The revision id (default: 12 random hex digits).")
@dsn_option
@folder_option("schema_dir")
@folder_option("migrations_dir")
@format_option("table", "json")
def revision(
    message: str,
    allowed: tuple["HazardKind", ...],
    renames: tuple[str, ...],
    rev_id: str | None,
    dsn: str | None,
    schema_dir: Path,
    migrations_dir: Path,
    fmt: str,
) -> None:
    """Write the next revision: from the migrations at head to the schema files.

    Both states are built on scratch databases (of --dsn's server, else a
    throwaway cluster) and diffed; the downgrade is the plan's own inverse.
    The revision is refused while its upgrade has a hazard not allowed
    (exit 4), and proven before it is written: its upgrade must give exactly
    the schema files' catalog and its downgrade exactly the current one,
    else nothing is written (exit 5). Nothing to change: nothing is written
    (exit 0).
    """
    from primedb.cli.render import emit
    from primedb.diff.renames import parse_rename
    from primedb.migrations.generate import RevisionRequest, make_revision
    from primedb.pg import server_dsn

    request = RevisionRequest(
        message=message,
        schema_dir=schema_dir,
        migrations_dir=migrations_dir,
        allowed=allowed,
        renames=tuple(parse_rename(r) for r in renames),
        revision_id=rev_id,
    )
    with server_dsn(dsn) as server:
        outcome = make_revision(server, request)
    emit(outcome, fmt)


@click.command()
@dsn_option
@folder_option("schema_dir")
@folder_option("migrations_dir")
@format_option("table", "json")
@click.pass_context
def check(
    ctx: click.Context,
    dsn: str | None,
    schema_dir: Path,
    migrations_dir: Path,
    fmt: str,
) -> None:
    """CI: the revisions reproduce the schema files, roll back and forward, and are safe.

    On scratch databases (of --dsn's server, else a throwaway cluster): the
    migrations at head give exactly the schema files' catalog (an empty diff
    both ways); every revision passes upgrade -> downgrade -> upgrade with
    rows in the tables (the PrimeCloudProV2 seed at scale 0.001), each step
    giving exactly the schema it records and keeping the rows of the tables it
    does not touch; no revision has a hazard it does not allow, and its
    upgrade SQL passes primedb lint with its allowed hazards. Exit 0 when all
    hold, 1 with a report of each problem.
    """
    from primedb.cli.render import emit
    from primedb.errors import FINDINGS
    from primedb.migrations.check import check_project
    from primedb.pg import server_dsn

    with server_dsn(dsn) as server:
        report = check_project(server, schema_dir=schema_dir, migrations_dir=migrations_dir)
    emit(report, fmt)
    if not report.ok:
        ctx.exit(FINDINGS)
