"""One direction of a plan (up or down) and the statements built for it.

The same builders write the upgrade and the rollback: the up direction goes
from the current catalog to the desired one, the down direction back. What a
builder needs to know about its direction is here: which relations that
direction creates or drops (an index on a table created in the same
direction is built plainly, an index on a table dropped in it goes with the
table), and whether a table may hold rows (row estimates when the caller has
them; otherwise a table is assumed to have rows, since a plan is usually made
on scratch databases and run on a real one).

`statement()` makes one `Statement` and leaves out the hazards that only
matter for a table with rows when the table is known to be empty (a table
created in the same direction, or one whose estimate is 0): the same rule
`primedb lint` applies.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from primedb.catalog import Catalog
from primedb.catalog.kinds import Key
from primedb.diff.hazards import Hazard, HazardKind
from primedb.diff.plan import LockLevel, Statement

__all__ = ["Side", "guard", "hazard", "statement"]


@dataclass(frozen=True, slots=True)
class Side:
    """A direction of the plan: from `start` to `end`."""

    name: str  # "up" or "down"
    start: Catalog
    end: Catalog
    created: frozenset[Key]  # relations (tables, views) this direction creates
    dropped: frozenset[Key]  # relations this direction drops
    rows: Mapping[Key, int]  # row estimates of tables, where known
    # Objects that need nothing but their own table (and its columns, its
    # schema): dropped with the table, they need no statement of their own.
    # Anything else (a foreign key to another table, a trigger calling a
    # function) is dropped explicitly, so what it needs can go after it.
    lonely: frozenset[Key] = frozenset()
    # Every item this direction drops (dropped or recreated), not only relations.
    removed: frozenset[Key] = frozenset()
    # Every item this direction creates (created or recreated).
    added: frozenset[Key] = frozenset()

    def removes(self, key: Key) -> bool:
        """`key` is dropped (or dropped and made again) in this direction."""
        return key in self.removed

    def makes(self, key: Key) -> bool:
        """`key` is created (or dropped and made again) in this direction: nobody used it yet."""
        return key in self.added or key in self.created

    def may_have_rows(self, table: Key | None) -> bool:
        """False only for a table created in this direction or known to be empty."""
        if table is None:
            return True
        if table in self.created:
            return False
        return self.rows.get(table, 1) != 0

    def is_new(self, relation: Key) -> bool:
        """Created in this direction: empty, and nobody uses it yet."""
        return relation in self.created

    def is_going(self, relation: Key) -> bool:
        """Dropped in this direction."""
        return relation in self.dropped

    def goes_with(self, key: Key, relation: Key) -> bool:
        """`key` needs no drop of its own: its table is dropped and it needs nothing else."""
        return relation in self.dropped and key in self.lonely


def hazard(kind: HazardKind, subject: str, detail: str = "") -> Hazard:
    return Hazard(kind=kind, subject=subject, detail=detail)


def statement(
    sql: str,
    lock: LockLevel,
    side: Side,
    *,
    hazards: Iterable[Hazard] = (),
    table: Key | None = None,
    transactional: bool = True,
    subject: str = "",
) -> Statement:
    """A statement; row-dependent hazards are dropped when `table` is known to be empty.

    A statement outside the transaction always carries `not_transactional`
    (about `subject`): the plan commits before it, so the run is no longer atomic.
    """
    found = tuple(hazards)
    if table is not None and not side.may_have_rows(table):
        found = tuple(h for h in found if not h.kind.row_dependent)
    if not transactional and not any(h.kind is HazardKind.NOT_TRANSACTIONAL for h in found):
        found = (
            *found,
            hazard(
                HazardKind.NOT_TRANSACTIONAL,
                subject or _subject(sql),
                "the steps before it stay committed if it or a later one fails",
            ),
        )
    return Statement(sql=sql, lock=lock, hazards=found, transactional=transactional)


def guard(sql: str, *, transactional: bool, lock: LockLevel) -> Statement:
    """A clean-up that makes a re-run safe (`DROP ... IF EXISTS` of a leftover): no hazards."""
    return Statement(sql=sql, lock=lock, hazards=(), transactional=transactional)


def _subject(sql: str) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
