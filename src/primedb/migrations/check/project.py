"""`check_project()`: every check of `primedb check`, on scratch databases of one server.

The order keeps the costly part for last and makes it useful: the declared
hazards first (no database), then the walk up from base on a scratch
database (the schema after each revision, held to its hashes), which gives
each revision's lint its exact starting schema and the head to compare with
`schema/`; then the rows, and the walk down (`stairway.py`).
"""

import time
from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.diff.engine import diff
from primedb.errors import PrimedbError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.check.findings import Check, CheckReport, Finding
from primedb.migrations.check.rows import RowSource, SeedRows
from primedb.migrations.check.stairway import Climb, walk_down, walk_up
from primedb.migrations.differences import catalog_differences, describe
from primedb.migrations.history import History
from primedb.migrations.revision_lint import lint_revision
from primedb.pg.databases import scratch_database
from primedb.schema.build import build_schema
from primedb.schema.roles import ensure_roles

__all__ = ["check_project"]

_SHOWN_CHANGES = 5


def check_project(
    server: str,
    *,
    schema_dir: Path,
    migrations_dir: Path,
    rows: RowSource | None = None,
) -> CheckReport:
    """Check the revisions of `migrations_dir` against `schema_dir` (see the package docstring)."""
    history = History(migrations_dir)
    findings: list[Finding] = []
    notes: list[str] = []
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(check: Check) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[check.value] = seconds.get(check.value, 0.0) + now - clock
        clock = now

    findings.extend(_declared(history, notes))
    lap(Check.HAZARDS)
    ensure_roles(server, schema_dir)  # the revisions grant to them (schema/*roles.sql)
    with (
        scratch_database(server, prefix="primedb_stairway") as stair,
        scratch_database(server, prefix="primedb_schema") as wanted_dsn,
    ):
        climb = walk_up(stair, history)
        findings.extend(climb.findings)
        lap(Check.HASHES)
        findings.extend(_lint(history, climb))
        lap(Check.LINT)
        wanted = build_schema(wanted_dsn, schema_dir)
        if climb.complete:
            findings.extend(_reproduces(climb.catalogs[history.head], wanted))
        else:
            notes.append("schema/ not compared: the migrations did not reach head")
        lap(Check.SCHEMA)
        if climb.complete and history.revisions:
            findings.extend(_stairway(stair, history, climb, rows or SeedRows(), notes))
        lap(Check.STAIRWAY)
    return CheckReport(
        revisions=len(history.revisions),
        findings=tuple(sorted(findings, key=lambda f: list(Check).index(f.check))),
        notes=tuple(notes),
        seconds=seconds,
    )


def _declared(history: History, notes: list[str]) -> list[Finding]:
    found = []
    for revision in history.revisions:
        if revision.upgrade_hazards is None:
            notes.append(
                f"revision {revision.revision} declares no upgrade_hazards (written by hand): "
                "its hazards are what the lint finds"
            )
            continue
        extra = sorted(
            {k.value for k in revision.upgrade_hazards}
            - {k.value for k in revision.allowed_hazards}
        )
        if extra:
            found.append(
                Finding(
                    check=Check.HAZARDS,
                    revision=revision.revision,
                    message=(
                        f"its upgrade carries hazards it does not allow: {', '.join(extra)}; "
                        "regenerate it with primedb revision --allow-hazard KIND, deliberately"
                    ),
                )
            )
    return found


def _lint(history: History, climb: Climb) -> list[Finding]:
    found = []
    for revision in history.revisions:
        start = climb.catalogs.get(revision.down_revision)
        result = lint_revision(history.folder, revision, start)
        for finding in result.findings:
            found.append(
                Finding(
                    check=Check.LINT,
                    revision=revision.revision,
                    message=(
                        f"{finding.location}: {finding.message}; not in its allowed_hazards "
                        f"(allow it with primedb revision --allow-hazard {finding.kind.value})"
                    ),
                )
            )
    return found


def _reproduces(head: Catalog, wanted: Catalog) -> list[Finding]:
    forward, backward = diff(head, wanted), diff(wanted, head)
    if head == wanted and forward.empty and backward.empty:
        return []
    differences = describe(
        catalog_differences(head, wanted), actual="the migrations", expected="schema/"
    )
    changes = [c.description for c in forward.changes]
    shown = ", ".join(changes[:_SHOWN_CHANGES])
    more = f" and {len(changes) - _SHOWN_CHANGES} more" if len(changes) > _SHOWN_CHANGES else ""
    noun = "change would reach it" if len(changes) == 1 else "changes would reach it"
    plan = f"{len(changes)} {noun} ({shown}{more})" if changes else "the diff finds nothing to do"
    return [
        Finding(
            check=Check.SCHEMA,
            revision=None,
            message=(
                f"the migrations at head do not reproduce schema/: {differences}; {plan}; "
                'write the revision with primedb revision -m "..."'
            ),
        )
    ]


def _stairway(
    dsn: str, history: History, climb: Climb, rows: RowSource, notes: list[str]
) -> list[Finding]:
    try:
        notes.append(f"stairway rows: {rows(dsn)}")
    except PrimedbError as exc:
        notes.append(f"the stairway ran on empty tables: the rows could not be loaded ({exc})")
    head = climb.catalogs[history.head]
    loaded = read_schema(dsn)
    if loaded != head:
        text = describe(catalog_differences(loaded, head), actual="the database", expected="head")
        return [
            Finding(
                check=Check.STAIRWAY,
                revision=None,
                message=f"loading the rows changed the schema; the walk down did not run: {text}",
            )
        ]
    return walk_down(dsn, history, climb)
