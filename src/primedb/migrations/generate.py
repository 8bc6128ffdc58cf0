"""`primedb revision`: the next revision, from the migrations at head to `schema/`.

1. The current state: the migrations upgraded to head on a scratch
   database. The desired state: the schema files applied to another.
2. The plan: `diff(current, desired)` with the rename hints given and the
   schema files' `-- primedb: renamed from` markers. Every table is assumed
   to hold rows (the revision runs on production, not on the scratch
   database), so row-dependent hazards show unless the plan creates the table.
3. A hazard that was not allowed stops here (`HazardNotAllowed`).
4. The file is rendered (`render.py`): upgrade, the plan's derived downgrade,
   the hazards, `expects_schema` / `produces_schema` (`schemahash.py`).
5. Its upgrade SQL is linted as `primedb check` will lint it
   (`revision_lint.py`); a finding not allowed stops here too.
6. It is proven on the scratch databases (`proof.py`), and only then written.

Nothing to change: nothing is written, and the outcome says so.
"""

import os
import re
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from alembic.util import rev_id

from primedb.catalog.model import Catalog
from primedb.diff.engine import diff
from primedb.diff.hazards import HazardKind
from primedb.diff.markers import schema_renames
from primedb.diff.output import plan_data, refuse_unallowed
from primedb.diff.plan import Plan, Timeouts
from primedb.diff.renames import Rename
from primedb.errors import UsageError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.differences import catalog_differences, describe
from primedb.migrations.history import History
from primedb.migrations.proof import Candidate, Proof, ProofFailed, prove_revision, trial_folder
from primedb.migrations.render import render_revision, revision_filename
from primedb.migrations.revision_lint import lint_revision, refuse_lint_findings
from primedb.migrations.runner import upgrade
from primedb.migrations.schemahash import catalog_hash, short
from primedb.pg.databases import scratch_database
from primedb.schema.build import build_schema
from primedb.schema.roles import ensure_roles

__all__ = ["RevisionOutcome", "RevisionRequest", "make_revision"]

_ID = re.compile(r"[A-Za-z0-9_]{1,32}")
_SHOWN = 10  # changes listed by name in the text


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionRequest:
    message: str
    schema_dir: Path
    migrations_dir: Path
    allowed: tuple[HazardKind, ...] = ()
    renames: tuple[Rename, ...] = ()  # from --rename; the schema files' markers are added
    timeouts: Timeouts = field(default_factory=Timeouts)
    revision_id: str | None = None  # default: a random 12-hex id, as Alembic makes them
    created_at: datetime | None = None  # default: now


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionOutcome:
    plan: Plan
    expects_schema: str
    produces_schema: str
    down_revision: str | None
    renames: tuple[Rename, ...]  # every hint the diff was given
    revision: str | None = None  # None: nothing to do, nothing written
    path: Path | None = None
    proof: Proof | None = None
    seconds: float = 0.0

    @property
    def written(self) -> bool:
        return self.path is not None

    def as_dict(self) -> dict[str, object]:
        proof = self.proof
        return {
            "written": self.written,
            "path": str(self.path) if self.path else None,
            "revision": self.revision,
            "down_revision": self.down_revision,
            "expects_schema": self.expects_schema,
            "produces_schema": self.produces_schema,
            "plan": plan_data(self.plan),
            "proof_seconds": None
            if proof is None
            else {
                "upgrade": proof.upgrade_s,
                "downgrade": proof.downgrade_s,
                "reverse": proof.reverse_s,
            },
            "seconds": round(self.seconds, 3),
        }

    def as_text(self) -> str:
        if self.path is None or self.proof is None:
            return (
                "nothing to do: the migrations at head already give the schema files "
                f"(schema {short(self.produces_schema)}); no revision written"
            )
        plan, proof = self.plan, self.proof
        changes = [c.description for c in plan.changes]
        shown = changes[:_SHOWN] + (
            [f"... and {len(changes) - _SHOWN} more"] if len(changes) > _SHOWN else []
        )

        def kinds(direction: str) -> str:
            found = sorted({h.kind.value for _, h in plan.hazards(direction)})
            return ", ".join(found) or "none"

        after = self.down_revision or "base"
        return "\n".join(
            [
                f"wrote {_shown_path(self.path)} (revision {self.revision}, after {after})",
                f"{len(changes)} change{'s' if len(changes) != 1 else ''}:",
                *(f"  {c}" for c in shown),
                f"upgrade: {len(plan.up())} statements; hazards: {kinds('up')}",
                f"downgrade: {len(plan.down())} statements; hazards: {kinds('down')}",
                f"schema {short(self.expects_schema)} -> {short(self.produces_schema)}",
                "proven on scratch databases: the upgrade gives the schema files exactly "
                f"({proof.upgrade_s:.2f}s), the downgrade gives back the head "
                f"({proof.downgrade_s:.2f}s), the reverse diff agrees ({proof.reverse_s:.2f}s); "
                f"{self.seconds:.1f}s in all",
                "review it, then: primedb migrate",
            ]
        )


def _shown_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def make_revision(server: str, request: RevisionRequest) -> RevisionOutcome:
    """Diff, refuse, render, prove and write the next revision; scratch databases on `server`."""
    started = time.perf_counter()
    if not request.message.strip():
        raise UsageError('a revision needs a message: primedb revision -m "what it changes"')
    history = History(request.migrations_dir)
    hints = (*request.renames, *schema_renames(request.schema_dir))
    folder = request.migrations_dir
    revision = _revision_id(history, request.revision_id)
    filename = revision_filename(revision, request.message)
    target = folder / "versions" / filename
    if target.exists():
        raise UsageError(f"{target} already exists; pass another --rev-id or move the file away")
    ensure_roles(server, request.schema_dir)  # the revisions grant to them
    with (
        scratch_database(server, prefix="primedb_current") as current_dsn,
        scratch_database(server, prefix="primedb_desired") as desired_dsn,
    ):
        upgrade(current_dsn, folder)
        current = read_schema(current_dsn)
        desired = build_schema(desired_dsn, request.schema_dir)
        plan = diff(current, desired, renames=hints, timeouts=request.timeouts)
        outcome = RevisionOutcome(
            plan=plan,
            expects_schema=catalog_hash(current),
            produces_schema=catalog_hash(desired),
            down_revision=history.head,
            renames=hints,
        )
        if plan.empty:
            _nothing_left(current, desired)
            return _timed(outcome, started)
        refuse_unallowed(plan, request.allowed)
        source = render_revision(
            plan,
            revision=revision,
            down_revision=history.head,
            message=request.message,
            created_at=request.created_at or datetime.now(UTC),
            expects_schema=outcome.expects_schema,
            produces_schema=outcome.produces_schema,
            allowed_hazards=request.allowed,
        )
        candidate = Candidate(
            filename=filename, source=source, revision=revision, down_revision=history.head
        )
        with trial_folder(folder, candidate) as trial:
            info = History(trial).get(revision)
            refuse_lint_findings(lint_revision(trial, info, current))
            proof = prove_revision(
                candidate,
                trial,
                current_dsn=current_dsn,
                desired_dsn=desired_dsn,
                current=current,
                desired=desired,
                reverse=diff(desired, current, timeouts=request.timeouts),
            )
    path = _write(target, source)
    return _timed(
        RevisionOutcome(
            plan=plan,
            expects_schema=outcome.expects_schema,
            produces_schema=outcome.produces_schema,
            down_revision=history.head,
            renames=hints,
            revision=revision,
            path=path,
            proof=proof,
        ),
        started,
    )


def _nothing_left(current: Catalog, desired: Catalog) -> None:
    """An empty plan between catalogs that differ would hide a change: refuse it."""
    if current != desired:
        found = catalog_differences(current, desired)
        raise ProofFailed(
            "the diff finds nothing to do, yet the migrations at head and schema/ differ: "
            f"{describe(found, actual='the migrations', expected='schema/')}; nothing was "
            "written: this is a primedb bug, please report it"
        )


def _revision_id(history: History, given: str | None) -> str:
    """The id asked for (checked), else a new random one, as Alembic makes them."""
    taken = {r.revision for r in history.revisions}
    if given is not None:
        if not _ID.fullmatch(given):
            raise UsageError(
                f"revision id {given!r} is not usable in a file name; use letters, digits and _"
            )
        if given in taken:
            raise UsageError(f"revision {given} already exists; pass another --rev-id")
        return given
    while (candidate := rev_id()) in taken:
        pass
    return candidate


def _write(path: Path, source: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(source)
    os.replace(partial, path)  # a reader never sees half a revision
    return path


def _timed(outcome: RevisionOutcome, started: float) -> RevisionOutcome:
    return replace(outcome, seconds=time.perf_counter() - started)
