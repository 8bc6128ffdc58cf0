"""Has the live schema drifted from what the next revision expects?

Each generated revision records `expects_schema`, a hash of the catalog it
starts from. Before running, `migrate` compares it with the hash of the live
database and refuses on a mismatch (`ignore_drift` overrides). The hash
comes from the catalog model, which arrives with `primedb revision`; until
then `check_drift` says plainly that it checked nothing, and `migrate` never
claims otherwise. A different check plugs in through the `DriftCheck` Protocol.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from primedb.errors import HazardNotAllowed
from primedb.migrations.history import RevisionInfo

__all__ = [
    "DriftCheck",
    "DriftReport",
    "DriftStatus",
    "SchemaDrifted",
    "check_drift",
    "enforce",
    "expected_at",
    "expected_before",
]


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


class SchemaDrifted(HazardNotAllowed):
    """The live schema is not the one the next revision starts from."""


class DriftCheck(Protocol):
    """Compare the live schema of `dsn` with the hash `expected` (`what` names its origin)."""

    def __call__(self, dsn: str, expected: str | None, what: str) -> DriftReport: ...


def check_drift(dsn: str, expected: str | None, what: str) -> DriftReport:
    """The live schema against `expected`: not computed yet, so never claims a result."""
    if expected is None:
        return DriftReport(status=DriftStatus.UNCHECKED, detail=f"{what} records no schema hash")
    return DriftReport(
        status=DriftStatus.UNCHECKED,
        expected=expected,
        detail="the live schema hash is not computed yet (it comes with the catalog model)",
    )


def expected_before(revision: RevisionInfo) -> tuple[str | None, str]:
    """What `migrate` compares with before applying `revision`."""
    return revision.expects_schema, f"revision {revision.revision} (expects_schema)"


def expected_at(revision: RevisionInfo | None) -> tuple[str | None, str]:
    """What `status` compares with for a database at `revision`."""
    if revision is None:
        return None, "base (no revision applied)"
    return revision.produces_schema, f"revision {revision.revision} (produces_schema)"


def enforce(report: DriftReport, revision: RevisionInfo, *, ignore: bool) -> None:
    """Refuse to run on a drifted database unless told to ignore it."""
    if report.status is DriftStatus.DRIFTED and not ignore:
        raise SchemaDrifted(
            f"the database has drifted from what revision {revision.revision} expects "
            f"(schema {report.actual}, expected {report.expected}): {report.detail}; "
            "find the change with primedb status, or rerun with --ignore-drift"
        )
