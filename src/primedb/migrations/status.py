"""`primedb status`: where the database is, what is pending, with which hazards, and drift.

Drift is the live schema against the one its revision produces (see
`drift.py`): a hash comparison, and the differing objects by name when the
hashes differ.

The hazards of a pending revision are the kinds it declares
(`upgrade_hazards`, written by `primedb revision`); a revision written by
hand that declares none is linted instead, from the SQL its upgrade would
send (offline mode), so hand-written revisions are not waved through.
"""

from dataclasses import dataclass
from pathlib import Path

from primedb.diff.hazards import HazardKind
from primedb.lint import lint_text
from primedb.migrations.drift import (
    DriftCheck,
    DriftReport,
    DriftStatus,
    expected_at,
)
from primedb.migrations.history import History, RevisionInfo
from primedb.migrations.offline import revision_upgrade_sql
from primedb.migrations.runner import check_drift
from primedb.migrations.versions import current_revision
from primedb.texttable import table

__all__ = ["PendingRevision", "Status", "migration_status"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingRevision:
    revision: str
    message: str
    hazards: tuple[HazardKind, ...]
    hazards_from: str  # "declared" (the file's upgrade_hazards) or "lint" (its SQL)
    path: Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Status:
    current: str | None
    head: str | None
    applied: int
    pending: tuple[PendingRevision, ...]
    drift: DriftReport

    @property
    def up_to_date(self) -> bool:
        return not self.pending

    @property
    def drifted(self) -> bool:
        return self.drift.status is DriftStatus.DRIFTED

    def as_dict(self) -> dict[str, object]:
        return {
            "current": self.current,
            "head": self.head,
            "applied": self.applied,
            "up_to_date": self.up_to_date,
            "pending": [
                {
                    "revision": p.revision,
                    "message": p.message,
                    "hazards": [k.value for k in p.hazards],
                    "hazards_from": p.hazards_from,
                    "path": str(p.path),
                }
                for p in self.pending
            ],
            "drift": {
                "status": self.drift.status.value,
                "detail": self.drift.detail,
                "expected": self.drift.expected,
                "actual": self.drift.actual,
                "differences": list(self.drift.differences),
            },
        }

    def as_text(self) -> str:
        rows = [
            {
                "revision": p.revision,
                "message": p.message,
                "hazards": [k.value for k in p.hazards] or "none",
                "from": p.hazards_from,
            }
            for p in self.pending
        ]
        total = self.applied + len(self.pending)
        noun = "revision" if total == 1 else "revisions"
        lines = [
            f"database at {self.current or 'base'} ({self.applied} of {total} {noun} "
            f"applied); head is {self.head or 'base (no revisions)'}",
            f"{len(rows)} pending" + (":" if rows else ": up to date"),
        ]
        if rows:
            lines.append(table(rows))
        drift = self.drift
        if drift.differences:
            count = len(drift.differences)
            noun = "object differs" if count == 1 else "objects differ"
            lines.append(f"schema drift: drifted ({count} {noun} from what the migrations give):")
            lines.extend(f"  {d}" for d in drift.differences)
        else:
            lines.append(f"schema drift: {drift.status.value} ({drift.detail})")
        return "\n".join(lines)


def migration_status(dsn: str, folder: Path, *, drift_check: DriftCheck = check_drift) -> Status:
    """The state of the database of `dsn` against the revisions of `folder`."""
    history = History(folder)
    current = current_revision(dsn)
    pending = history.upgrades(current, history.head)
    return Status(
        current=current,
        head=history.head,
        applied=history.position(current) + 1,
        pending=tuple(_pending(folder, r) for r in pending),
        drift=drift_check(dsn, expected_at(history, current)),
    )


def _pending(folder: Path, revision: RevisionInfo) -> PendingRevision:
    if revision.upgrade_hazards is not None:
        kinds, origin = revision.upgrade_hazards, "declared"
    else:
        found = lint_text(revision_upgrade_sql(folder, revision), str(revision.path))
        kinds, origin = (
            tuple(sorted({f.kind for f in found.findings}, key=lambda k: k.value)),
            "lint",
        )
    return PendingRevision(
        revision=revision.revision,
        message=revision.message,
        hazards=kinds,
        hazards_from=origin,
        path=revision.path,
    )
