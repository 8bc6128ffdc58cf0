"""A migration plan: ordered changes, each a list of statements with lock, hazards, timeouts.

The shape follows two good examples: Alembic's operations, each of which knows
its inverse (so a rollback is derived, never written by hand), and Stripe's
pg-schema-diff, whose plan is a list of statements that each carry their
hazards and lock level. A `Plan` is what the diff returns, what a revision is
rendered from, and what `primedb lint` checks.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from primedb.diff.hazards import Hazard, HazardKind

__all__ = ["Change", "LockLevel", "Plan", "Statement", "Timeouts"]


class LockLevel(Enum):
    """The strongest table lock a statement takes (PostgreSQL's names), weakest first."""

    NONE = "none"
    ACCESS_SHARE = "ACCESS SHARE"
    ROW_SHARE = "ROW SHARE"
    ROW_EXCLUSIVE = "ROW EXCLUSIVE"
    SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
    SHARE = "SHARE"
    SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
    EXCLUSIVE = "EXCLUSIVE"
    ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"

    @property
    def blocks_writes(self) -> bool:
        return _ORDER.index(self) >= _ORDER.index(LockLevel.SHARE)

    @property
    def blocks_reads(self) -> bool:
        return self is LockLevel.ACCESS_EXCLUSIVE


_ORDER = list(LockLevel)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Set before every statement, so a blocked lock gives up instead of queueing traffic."""

    lock_timeout_ms: int = 3_000
    statement_timeout_ms: int = 600_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One SQL statement of a plan."""

    sql: str
    lock: LockLevel
    hazards: tuple[Hazard, ...] = ()
    transactional: bool = True  # False: runs outside the transaction (CONCURRENTLY, ...)

    def hazard_kinds(self) -> frozenset[HazardKind]:
        return frozenset(h.kind for h in self.hazards)


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One logical change (add a column, replace a function) in both directions."""

    description: str  # "add column accounts.legacy_id"
    up: tuple[Statement, ...]
    down: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The ordered changes that bring one schema to another."""

    changes: tuple[Change, ...] = ()
    timeouts: Timeouts = field(default_factory=Timeouts)

    @property
    def empty(self) -> bool:
        return not self.changes

    def up(self) -> tuple[Statement, ...]:
        return tuple(s for c in self.changes for s in c.up)

    def down(self) -> tuple[Statement, ...]:
        """The rollback: the changes undone in reverse order."""
        return tuple(s for c in reversed(self.changes) for s in c.down)

    def hazards(self, direction: str = "up") -> tuple[tuple[Statement, Hazard], ...]:
        statements = self.up() if direction == "up" else self.down()
        return tuple((s, h) for s in statements for h in s.hazards)

    def unallowed(
        self, allowed: Iterable[HazardKind], direction: str = "up"
    ) -> tuple[tuple[Statement, Hazard], ...]:
        """The hazards of `direction` whose kind is not in `allowed`."""
        ok = frozenset(allowed)
        return tuple((s, h) for s, h in self.hazards(direction) if h.kind not in ok)
