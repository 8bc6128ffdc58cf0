"""The table locks a seed job takes, and which of them PostgreSQL makes wait for each other.

The scheduler starts a job only when its locks conflict with no running
job's, so a connection never sits blocked behind another of the seed's own
(two foreign keys to `users` each take SHARE ROW EXCLUSIVE on it, and those
conflict; two index builds on one table take SHARE, and those do not).
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Claim", "Lock", "clash"]


class Lock(enum.Enum):
    """PostgreSQL's table lock modes (the ones a seed takes, and the rest for completeness)."""

    ACCESS_SHARE = "ACCESS SHARE"
    ROW_SHARE = "ROW SHARE"
    ROW_EXCLUSIVE = "ROW EXCLUSIVE"
    SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"  # ANALYZE, VALIDATE CONSTRAINT
    SHARE = "SHARE"  # CREATE INDEX
    SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"  # ADD FOREIGN KEY, on both tables
    EXCLUSIVE = "EXCLUSIVE"
    ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"  # TRUNCATE, ADD PRIMARY KEY, ATTACH

    def conflicts_with(self, other: "Lock") -> bool:
        return other in _CONFLICTS[self]


_A = Lock
# The conflict table of the PostgreSQL manual ("Explicit Locking"), row by row.
_CONFLICTS: dict[Lock, frozenset[Lock]] = {
    _A.ACCESS_SHARE: frozenset({_A.ACCESS_EXCLUSIVE}),
    _A.ROW_SHARE: frozenset({_A.EXCLUSIVE, _A.ACCESS_EXCLUSIVE}),
    _A.ROW_EXCLUSIVE: frozenset(
        {_A.SHARE, _A.SHARE_ROW_EXCLUSIVE, _A.EXCLUSIVE, _A.ACCESS_EXCLUSIVE}
    ),
    _A.SHARE_UPDATE_EXCLUSIVE: frozenset(
        {
            _A.SHARE_UPDATE_EXCLUSIVE,
            _A.SHARE,
            _A.SHARE_ROW_EXCLUSIVE,
            _A.EXCLUSIVE,
            _A.ACCESS_EXCLUSIVE,
        }
    ),
    _A.SHARE: frozenset(
        {
            _A.ROW_EXCLUSIVE,
            _A.SHARE_UPDATE_EXCLUSIVE,
            _A.SHARE_ROW_EXCLUSIVE,
            _A.EXCLUSIVE,
            _A.ACCESS_EXCLUSIVE,
        }
    ),
    _A.SHARE_ROW_EXCLUSIVE: frozenset(
        {
            _A.ROW_EXCLUSIVE,
            _A.SHARE_UPDATE_EXCLUSIVE,
            _A.SHARE,
            _A.SHARE_ROW_EXCLUSIVE,
            _A.EXCLUSIVE,
            _A.ACCESS_EXCLUSIVE,
        }
    ),
    _A.EXCLUSIVE: frozenset(set(Lock) - {_A.ACCESS_SHARE}),
    _A.ACCESS_EXCLUSIVE: frozenset(Lock),
}


@dataclass(frozen=True, slots=True)
class Claim:
    """A lock a job takes on one relation (schema-qualified, as the seed names them)."""

    relation: str
    mode: Lock


def clash(ours: Iterable[Claim], theirs: Iterable[Claim]) -> bool:
    """True when some lock of `ours` would wait for one of `theirs` on the same relation."""
    held: dict[str, list[Lock]] = {}
    for claim in theirs:
        held.setdefault(claim.relation, []).append(claim.mode)
    return any(
        claim.mode.conflicts_with(other) for claim in ours for other in held.get(claim.relation, ())
    )
