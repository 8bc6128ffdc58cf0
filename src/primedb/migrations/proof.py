"""The proof of a new revision, on scratch databases, before its file is written.

Three runs, each compared with an exact catalog (`==`, object by object
when it fails):

1. the rendered file's upgrade, run by the real runner from the current
   state (the migrations at head), gives the desired catalog (`schema/`);
2. its downgrade, from there, gives the current catalog back;
3. the independent reverse diff, `diff(desired, current)`, run on the
   desired state, also gives the current catalog: the derived downgrade
   and a diff made the other way agree in effect.

The file is proven where it will run: a copy of the migrations folder
holding it, under Alembic, through `op.execute` and `autocommit_block`, so
a statement Alembic would alter, or one PostgreSQL refuses in a
transaction, fails the proof rather than a production run.
"""

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from primedb.catalog.model import Catalog
from primedb.diff.plan import Plan, Statement
from primedb.errors import BadInput, PrimedbError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.differences import catalog_differences, describe
from primedb.migrations.runner import downgrade, upgrade
from primedb.migrations.settings import timeout_statements
from primedb.pg.connect import connect

__all__ = [
    "Candidate",
    "Proof",
    "ProofFailed",
    "prove_revision",
    "run_statements",
    "trial_folder",
]

_Action = Callable[[], object]


class ProofFailed(BadInput):
    """The new revision does not do what it must on a scratch database; nothing was written."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Proof:
    """How long each part of the proof took, in seconds."""

    upgrade_s: float
    downgrade_s: float
    reverse_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """The revision to prove: its file, and where it goes in the history."""

    filename: str
    source: str
    revision: str
    down_revision: str | None


def prove_revision(
    candidate: Candidate,
    trial: Path,
    *,
    current_dsn: str,
    desired_dsn: str,
    current: Catalog,
    desired: Catalog,
    reverse: Plan,
) -> Proof:
    """Run the three checks of the module docstring; raise `ProofFailed` on the first miss.

    `trial` is a migrations folder holding the candidate (`trial_folder`);
    `current_dsn` holds the migrations at head, `desired_dsn` the schema
    files; both are scratch databases, changed by the proof.
    """
    started = time.perf_counter()
    _run(lambda: upgrade(current_dsn, trial, candidate.revision), "upgrade")
    _expect(read_schema(current_dsn), desired, "its upgrade", "schema/")
    upgraded = time.perf_counter()
    _run(lambda: downgrade(current_dsn, trial, candidate.down_revision), "downgrade")
    _expect(read_schema(current_dsn), current, "its downgrade", "the migrations at head")
    downgraded = time.perf_counter()
    try:
        run_statements(desired_dsn, reverse.up(), reverse)
    except PrimedbError as exc:
        raise ProofFailed(
            f"the reverse diff (schema/ back to the migrations at head) fails on a scratch "
            f"database: {exc}; nothing was written: this is a primedb bug, please report it"
        ) from exc
    _expect(read_schema(desired_dsn), current, "the reverse diff", "the migrations at head")
    reversed_ = time.perf_counter()
    return Proof(
        upgrade_s=upgraded - started,
        downgrade_s=downgraded - upgraded,
        reverse_s=reversed_ - downgraded,
    )


@contextlib.contextmanager
def trial_folder(folder: Path, candidate: Candidate) -> Iterator[Path]:
    """A temporary copy of the migrations folder `folder`, holding the candidate too."""
    with tempfile.TemporaryDirectory(prefix="primedb_proof_") as tmp:
        trial = Path(tmp) / "migrations"
        shutil.copytree(folder, trial, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (trial / "versions").mkdir(exist_ok=True)
        (trial / "versions" / candidate.filename).write_text(candidate.source)
        yield trial


def _run(action: _Action, direction: str) -> None:
    try:
        action()
    except PrimedbError as exc:
        raise ProofFailed(
            f"the new revision's {direction} fails on a scratch database: {exc}; "
            "nothing was written"
        ) from exc


def _expect(found: Catalog, wanted: Catalog, what: str, target: str) -> None:
    if found == wanted:
        return
    differences = catalog_differences(found, wanted)
    raise ProofFailed(
        f"the new revision is not proven: {what} does not give {target} exactly, "
        f"{describe(differences, actual='the result', expected=target)}; nothing was written: "
        "this is a primedb bug (please report it with the schema change), or a change the "
        "diff cannot make: make it in two revisions"
    )


def run_statements(dsn: str, statements: Sequence[Statement], plan: Plan) -> None:
    """Run `statements` as a revision would: each transactional run in one transaction."""
    with connect(dsn, autocommit=True, application_name="primedb proof") as conn:
        for setting in timeout_statements(plan.timeouts):
            conn.execute(setting)
        pending: list[Statement] = []
        try:
            for statement in statements:
                if statement.transactional:
                    pending.append(statement)
                    continue
                _transaction(conn, pending)
                pending = []
                conn.execute(statement.sql)
            _transaction(conn, pending)
        except psycopg.Error as exc:
            raise BadInput(f"{(exc.diag.message_primary or str(exc)).strip()}") from exc


def _transaction(conn: psycopg.Connection[Any], statements: Sequence[Statement]) -> None:
    if not statements:
        return
    with conn.transaction():
        for statement in statements:
            conn.execute(statement.sql)
