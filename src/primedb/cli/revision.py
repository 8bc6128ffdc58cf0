"""`primedb revision` and `primedb check`: writing the next revision, and checking them all.

Thin commands over `primedb.migrations.generate` and `primedb.migrations.check`;
both build their states on scratch databases of the --dsn server (else a
throwaway cluster). Results go to stdout, progress to stderr.
"""

from pathlib import Path
from typing import Any

import click

from primedb.cli.migrate import F, _folder, _folder_option
from primedb.cli.options import dsn_option, format_option


def _schema_dir_option(func: F) -> F:
    return click.option(
        "--schema-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The schema files (default: [tool.primedb] schema_dir, else schema/).",
    )(func)


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@click.command()
@click.option("-m", "--message", required=True, help="What the revision changes (its file name).")
@click.option(
    "--allow-hazard",
    "allowed",
    multiple=True,
    metavar="KIND",
    help="Accept the upgrade's hazards of this kind (repeatable); recorded in the file.",
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
@_schema_dir_option
@_folder_option
@format_option("table", "json")
def revision(
    message: str,
    allowed: tuple[str, ...],
    renames: tuple[str, ...],
    rev_id: str | None,
    dsn: str | None,
    schema_dir: Path | None,
    migrations_dir: Path | None,
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
    from primedb.cli.render import emit_payload as emit
    from primedb.diff.renames import parse_rename
    from primedb.migrations.generate import RevisionRequest, allowed_kinds, make_revision
    from primedb.pg import server_dsn

    request = RevisionRequest(
        message=message,
        schema_dir=schema_dir if schema_dir is not None else _project("schema_dir"),
        migrations_dir=_folder(migrations_dir),
        allowed=allowed_kinds(allowed),
        renames=tuple(parse_rename(r) for r in renames),
        revision_id=rev_id,
    )
    with server_dsn(dsn) as server:
        outcome = make_revision(server, request)
    emit(_revision_data(outcome), fmt, text=_revision_text(outcome))


def _project(key: Any) -> Path:
    from primedb.project import project_folder

    return project_folder(key)


def _revision_data(outcome: Any) -> dict[str, object]:
    from primedb.diff import plan_data

    proof = outcome.proof
    return {
        "written": outcome.written,
        "path": str(outcome.path) if outcome.path else None,
        "revision": outcome.revision,
        "down_revision": outcome.down_revision,
        "expects_schema": outcome.expects_schema,
        "produces_schema": outcome.produces_schema,
        "plan": plan_data(outcome.plan),
        "proof_seconds": None
        if proof is None
        else {
            "upgrade": proof.upgrade_s,
            "downgrade": proof.downgrade_s,
            "reverse": proof.reverse_s,
        },
        "seconds": round(outcome.seconds, 3),
    }


def _revision_text(outcome: Any) -> str:
    from primedb.migrations.schemahash import short

    if not outcome.written:
        return (
            "nothing to do: the migrations at head already give the schema files "
            f"(schema {short(outcome.produces_schema)}); no revision written"
        )
    plan, proof = outcome.plan, outcome.proof
    changes = [c.description for c in plan.changes]
    shown = changes[:10] + ([f"... and {len(changes) - 10} more"] if len(changes) > 10 else [])

    def kinds(direction: str) -> str:
        found = sorted({h.kind.value for _, h in plan.hazards(direction)})
        return ", ".join(found) or "none"

    after = outcome.down_revision or "base"
    return "\n".join(
        [
            f"wrote {_shown_path(outcome.path)} (revision {outcome.revision}, after {after})",
            f"{len(changes)} change{'s' if len(changes) != 1 else ''}:",
            *(f"  {c}" for c in shown),
            f"upgrade: {len(plan.up())} statements; hazards: {kinds('up')}",
            f"downgrade: {len(plan.down())} statements; hazards: {kinds('down')}",
            f"schema {short(outcome.expects_schema)} -> {short(outcome.produces_schema)}",
            "proven on scratch databases: the upgrade gives the schema files exactly "
            f"({proof.upgrade_s:.2f}s), the downgrade gives back the head "
            f"({proof.downgrade_s:.2f}s), the reverse diff agrees ({proof.reverse_s:.2f}s); "
            f"{outcome.seconds:.1f}s in all",
            "review it, then: primedb migrate",
        ]
    )


@click.command()
@dsn_option
@_schema_dir_option
@_folder_option
@format_option("table", "json")
@click.pass_context
def check(
    ctx: click.Context,
    dsn: str | None,
    schema_dir: Path | None,
    migrations_dir: Path | None,
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
    from primedb.cli.render import emit_payload as emit
    from primedb.errors import FINDINGS
    from primedb.migrations.check import Check, check_project
    from primedb.pg import server_dsn

    with server_dsn(dsn) as server:
        report = check_project(
            server,
            schema_dir=schema_dir if schema_dir is not None else _project("schema_dir"),
            migrations_dir=_folder(migrations_dir),
        )
    lines = [f"primedb check: {report.revisions} revision{'s' if report.revisions != 1 else ''}"]
    for kind in Check:
        failed = report.failed(kind)
        mark = "ok  " if not failed else "FAIL"
        lines.append(f"{mark}  {kind.value} ({report.seconds.get(kind.value, 0.0):.1f}s)")
        lines.extend(f"      {f.line()}" for f in failed)
    lines.extend(f"note: {n}" for n in report.notes)
    count = len(report.findings)
    lines.append("all checks pass" if report.ok else f"{count} problem{'s' if count > 1 else ''}")
    emit(report.as_dict(), fmt, text="\n".join(lines))
    if not report.ok:
        ctx.exit(FINDINGS)
