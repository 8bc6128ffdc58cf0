"""Has the live schema drifted from what its revision says it should be?

Each generated revision records `expects_schema` and `produces_schema`,
hashes of the catalog before and after it (see `schemahash.py`). Before
running, `migrate` compares the hash of the live database with the first
pending revision's `expects_schema` and refuses on a mismatch
(`ignore_drift` overrides); `status` compares it with the `produces_schema`
of the revision the database is at (at base: the first revision's
`expects_schema`).

The hash alone says *that* the schema differs. To say *what* differs, the
check rebuilds the expected schema with the `Rebuild` it is given (the
runner gives the migrations upgraded to the database's revision, on a
scratch database of the same server) and names the differing objects.
That costs a few seconds and only happens on a mismatch; where the server
refuses a scratch database (no CREATEDB), the message says so and gives the
hashes. Managed monthly partitions never count: the catalog leaves them out.
A revision that records no hash (written by hand) is not checked, and the
report says so.
"""

import logging
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol

import psycopg

from primedb.catalog.model import Catalog
from primedb.catalog.read import read_catalog
from primedb.diff.plan import Timeouts
from primedb.errors import PrimedbError, SchemaDrift
from primedb.migrations.differences import catalog_differences, describe
from primedb.migrations.history import History, RevisionInfo
from primedb.migrations.schemahash import catalog_hash, hashable, short

__all__ = [
    "DriftCheck",
    "DriftReport",
    "DriftStatus",
    "Expectation",
    "LiveDrift",
    "Rebuild",
    "SchemaDrifted",
    "enforce",
    "expected_at",
    "expected_before",
    "skip_drift",
]

log = logging.getLogger("primedb.migrations")

_LIVE = "the database"


class DriftStatus(Enum):
    UNCHECKED = "not checked"
    MATCHES = "matches"
    DRIFTED = "drifted"


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftReport:
    status: DriftStatus
    detail: str
    expected: str | None = None
    actual: str | None = None
    differences: tuple[str, ...] = ()  # one line per differing object, when they are known


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    """What the live schema should be, and how to rebuild it to compare object by object."""

    schema_hash: str | None
    what: str  # `revision 1a2b's expects_schema`, for messages
    folder: Path
    revision: str | None  # the migrations give that schema at this revision (None: base)


class SchemaDrifted(SchemaDrift):
    """The live schema is not the one the next revision starts from."""


class DriftCheck(Protocol):
    """Compare the live schema of `dsn` with `expected`."""

    def __call__(self, dsn: str, expected: Expectation) -> DriftReport: ...


def skip_drift(dsn: str, expected: Expectation) -> DriftReport:
    """For primedb's own scratch databases, which it checks by other means."""
    return DriftReport(status=DriftStatus.UNCHECKED, detail="a scratch database of primedb")


class Rebuild(Protocol):
    """The schema the migrations of `folder` give at `revision` (None: base).

    Built on a scratch database of the server of `dsn`, the live database.
    """

    def __call__(self, dsn: str, folder: Path, revision: str | None) -> Catalog: ...


@dataclass(frozen=True, slots=True)
class LiveDrift:
    """The drift check of a live database: by hash, then object by object.

    `rebuild` makes the schema to name the differing objects with; it only
    runs when the hashes differ.
    """

    rebuild: Rebuild
    timeouts: Timeouts = field(default_factory=Timeouts)  # bound the read of the live schema

    def __call__(self, dsn: str, expected: Expectation) -> DriftReport:
        if expected.schema_hash is None:
            return DriftReport(
                status=DriftStatus.UNCHECKED,
                detail=f"{expected.what} is not recorded (a revision written by hand)",
            )
        live = read_catalog(
            dsn,
            lock_timeout_ms=self.timeouts.lock_timeout_ms,
            statement_timeout_ms=self.timeouts.statement_timeout_ms,
        )
        actual = catalog_hash(live)
        if actual == expected.schema_hash:
            return DriftReport(
                status=DriftStatus.MATCHES,
                expected=expected.schema_hash,
                actual=actual,
                detail=f"the live schema is {expected.what}, {short(actual)}",
            )
        lines, detail = self._what_differs(dsn, live, expected)
        return DriftReport(
            status=DriftStatus.DRIFTED,
            expected=expected.schema_hash,
            actual=actual,
            detail=detail,
            differences=lines,
        )

    def _what_differs(
        self, dsn: str, live: Catalog, expected: Expectation
    ) -> tuple[tuple[str, ...], str]:
        try:
            reference = self.rebuild(dsn, expected.folder, expected.revision)
        except (PrimedbError, psycopg.Error) as exc:
            log.debug("drift: could not rebuild the expected schema: %s", exc)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return (), (
                f"the live schema {short(catalog_hash(live))} is not {expected.what}, "
                f"{short(expected.schema_hash)}; the objects could not be named: no scratch "
                f"database to rebuild the expected schema on ({reason})"
            )
        found = catalog_differences(hashable(live), hashable(reference))
        lines = tuple(d.words(_LIVE, "the migrations") for d in found)
        text = describe(found, actual=_LIVE, expected="the migrations")
        if catalog_hash(reference) != expected.schema_hash:
            text += (
                f"; note: the migrations folder rebuilds {short(catalog_hash(reference))}, not "
                f"{expected.what}, {short(expected.schema_hash)} (was a revision edited? "
                "primedb check tells)"
            )
        return lines, text


def expected_before(history: History, revision: RevisionInfo) -> Expectation:
    """What `migrate` compares with before applying `revision`."""
    return Expectation(
        schema_hash=revision.expects_schema,
        what=f"revision {revision.revision}'s expects_schema",
        folder=history.folder,
        revision=revision.down_revision,
    )


def expected_at(history: History, current: str | None) -> Expectation:
    """What `status` compares with for a database at `current` (None: base)."""
    if current is None:
        if not history.revisions:
            return Expectation(
                schema_hash=None,
                what="the schema of base (there are no revisions)",
                folder=history.folder,
                revision=None,
            )
        first = history.revisions[0]
        return Expectation(
            schema_hash=first.expects_schema,
            what=f"revision {first.revision}'s expects_schema (the database is at base)",
            folder=history.folder,
            revision=None,
        )
    at = history.get(current)
    return Expectation(
        schema_hash=at.produces_schema,
        what=f"revision {at.revision}'s produces_schema",
        folder=history.folder,
        revision=at.revision,
    )


def enforce(report: DriftReport, revision: RevisionInfo, *, ignore: bool) -> None:
    """Refuse to run on a drifted database unless told to ignore it."""
    if report.status is DriftStatus.DRIFTED and not ignore:
        raise SchemaDrifted(
            f"the database has drifted from what revision {revision.revision} expects "
            f"(schema {short(report.actual)}, expected {short(report.expected)}): "
            f"{report.detail}; make the database match (primedb status shows the drift), "
            "or rerun with --ignore-drift"
        )
