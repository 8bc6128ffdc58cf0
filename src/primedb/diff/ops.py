"""The plan's steps before they are ordered, and the order that dependencies give them.

An `Op` is one change of one item (its up and down statements). Its flags
say which side's dependencies order it:

- `CREATES` and `ALTERS_DESIRED`: after what the item needs on the desired
  side (a type before the column that uses it, a function before its trigger);
- `DROPS`: after what needs the item on the current side is dropped or let go
  (drops in reverse dependency order);
- `ALTERS_CURRENT`: before what the item needs on the current side is
  dropped, and after what needs it is dropped (a view over a column goes
  before the column's type changes);
- `REPLACES`: an enum or domain renamed aside and made anew: after every drop
  of what used the old one;
- `DROPS_OLD`: the old enum or domain dropped, after everything let it go.

Names add one more rule: a relation dropped frees its name before another
object takes it. Renames run first, in the order they were given. Among the
steps that are ready, creates and alters go first, by kind and key, and drops
last (dependents before what they need), so code that still uses an object
the plan drops keeps working until the end of the migration; an order the
dependencies or names require still wins (a column's old type dropped only
after the column is converted, a name freed before it is taken). The same
diff always prints the same plan.
"""

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import Domain, EnumType
from primedb.catalog.schemas import Sequence as Seq
from primedb.catalog.tables import Constraint, Index, Table, View
from primedb.diff.items import ColumnItem, Item, ItemKind, State
from primedb.diff.plan import Statement
from primedb.errors import UnsupportedObject

__all__ = ["Flag", "Op", "order"]


class Flag(Enum):
    CREATES = "creates"
    ALTERS_DESIRED = "alters_desired"
    ALTERS_CURRENT = "alters_current"
    DROPS = "drops"
    DROPS_OLD = "drops_old"
    REPLACES = "replaces"
    RENAME = "rename"


DROP = frozenset({Flag.DROPS})
CREATE = frozenset({Flag.CREATES})
ALTER = frozenset({Flag.ALTERS_CURRENT, Flag.ALTERS_DESIRED})
PRE = frozenset({Flag.ALTERS_CURRENT})
POST = frozenset({Flag.ALTERS_DESIRED})
REPLACE = frozenset({Flag.CREATES, Flag.REPLACES})
DROP_OLD = frozenset({Flag.DROPS_OLD})
RENAME = frozenset({Flag.RENAME})

OpId = tuple[str, Key]


@dataclass(slots=True, kw_only=True)
class Op:
    key: Key
    tag: str  # drop, create, alter, pre, post, replace, drop_old, rename
    flags: frozenset[Flag]
    description: str
    up: tuple[Statement, ...]
    down: tuple[Statement, ...]
    after: list[OpId] = field(default_factory=list)  # explicit: this op after those

    @property
    def id(self) -> OpId:
        return (self.tag, self.key)


# Tie-break order of the pseudo kinds, between the catalog's own kinds.
_RANK: dict[str, float] = {k: float(k.rank) for k in ObjectKind}
_RANK.update(
    {
        ObjectKind.COLUMN: ObjectKind.TABLE.rank + 0.5,
        ItemKind.SEQUENCE_OWNER: ObjectKind.TABLE.rank + 0.6,
        ItemKind.MONTHLY_PARTITIONS: ObjectKind.POLICY.rank + 1.0,
    }
)


def _priority(op: Op) -> tuple[int, float, Key, str]:
    """Renames first; then creates and alters; drops last (see the module docstring)."""
    rank = _RANK.get(op.key[0], 99.0)
    if Flag.RENAME in op.flags:
        return (0, 0.0, (), op.tag)
    if op.flags & {Flag.DROPS, Flag.DROPS_OLD}:
        return (2, -rank, op.key, op.tag)
    return (1, rank, op.key, op.tag)


def slots(item: Item) -> set[tuple[str, ...]]:
    """The names an item takes: relations share one namespace, types another."""
    match item:
        case Table() | View():
            return {("rel", item.schema, item.name), ("type", item.schema, item.name)}
        case Seq():
            return {("rel", item.schema, item.name)}
        case Index():
            return {("rel", item.schema, item.name)}
        case EnumType() | Domain():
            return {("type", item.schema, item.name)}
        case Constraint():
            names: set[tuple[str, ...]] = {("con", item.schema, item.table, item.name)}
            if item.index is not None:
                names.add(("rel", item.schema, item.index))
            return names
        case Function() | Trigger() | Policy():
            return {item.key}
        case _:
            return {item.key}


class _Edges:
    def __init__(self) -> None:
        self.after: dict[OpId, set[OpId]] = defaultdict(set)

    def add(self, first: Iterable[Op], then: Iterable[Op]) -> None:
        later = list(then)
        for a in first:
            for b in later:
                if a.id != b.id:
                    self.after[b.id].add(a.id)


def _with(ops: Sequence[Op], flags: frozenset[Flag]) -> list[Op]:
    return [o for o in ops if o.flags & flags]


def order(
    ops: Sequence[Op], current: State, desired: State, renames: Sequence[Op] = ()
) -> list[Op]:
    """`renames` then `ops`, in an order their dependencies allow (see the module doc)."""
    by_key: dict[Key, list[Op]] = defaultdict(list)
    for op in ops:
        by_key[op.key].append(op)
    edges = _Edges()
    forward = frozenset({Flag.CREATES, Flag.ALTERS_DESIRED})
    for key, deps in desired.needs.items():
        if key not in by_key:
            continue
        for dep in deps:
            edges.add(_with(by_key.get(dep, []), forward), _with(by_key[key], forward))
    letting_go = frozenset({Flag.DROPS, Flag.ALTERS_CURRENT, Flag.DROPS_OLD})
    dropped = frozenset({Flag.DROPS, Flag.DROPS_OLD})
    for key, deps in current.needs.items():
        if key not in by_key:
            continue
        mine = by_key[key]
        for dep in deps:
            theirs = by_key.get(dep, [])
            if not theirs:
                continue
            edges.add(_with(mine, letting_go), _with(theirs, dropped))
            edges.add(_with(mine, DROP), _with(theirs, frozenset({Flag.REPLACES})))
            edges.add(_with(mine, DROP), _with(theirs, PRE))
    for mine in by_key.values():
        edges.add(_with(mine, DROP), _with(mine, frozenset({Flag.CREATES, Flag.REPLACES})))
    _name_edges(ops, current, desired, edges)
    for op in ops:
        for earlier in op.after:
            edges.after[op.id].add(earlier)
    for before, then in itertools.pairwise(renames):
        edges.after[then.id].add(before.id)
    if renames:
        for op in ops:
            edges.after[op.id].add(renames[-1].id)
    return _sort([*renames, *ops], edges.after)


def _identity_slot(item: Item | None) -> set[tuple[str, ...]]:
    """The name an identity column's sequence takes (PostgreSQL names it on its own)."""
    if isinstance(item, ColumnItem) and item.column.identity is not None:
        return {("rel", item.schema, item.column.identity.sequence)}
    return set()


def _name_edges(ops: Sequence[Op], current: State, desired: State, edges: _Edges) -> None:
    taken: dict[tuple[str, ...], list[Op]] = defaultdict(list)
    for op in ops:
        if op.flags & {Flag.DROPS} and (item := current.items.get(op.key)) is not None:
            for slot in slots(item):
                taken[slot].append(op)
        elif op.flags & {Flag.ALTERS_CURRENT} and op.key[0] == ObjectKind.COLUMN:
            # A column losing its identity frees its sequence's name.
            lost = _identity_slot(current.items.get(op.key)) - _identity_slot(
                desired.items.get(op.key)
            )
            for slot in lost:
                taken[slot].append(op)
    for op in ops:
        wanted: set[tuple[str, ...]] = set()
        if op.flags & {Flag.CREATES} and (item := desired.items.get(op.key)) is not None:
            wanted = slots(item) | _identity_slot(item)
        elif op.flags & {Flag.ALTERS_DESIRED} and op.key[0] == ObjectKind.COLUMN:
            wanted = _identity_slot(desired.items.get(op.key)) - _identity_slot(
                current.items.get(op.key)
            )
        for slot in wanted:
            edges.add([d for d in taken.get(slot, []) if d.id != op.id], [op])


def _sort(ops: Sequence[Op], after: Mapping[OpId, set[OpId]]) -> list[Op]:
    by_id = {op.id: op for op in ops}
    waiting = {op.id: {a for a in after.get(op.id, ()) if a in by_id} for op in ops}
    users: dict[OpId, list[OpId]] = defaultdict(list)
    for oid, firsts in waiting.items():
        for first in firsts:
            users[first].append(oid)
    ready = [(_priority(by_id[o]), o) for o, firsts in waiting.items() if not firsts]
    heapq.heapify(ready)
    done: list[Op] = []
    while ready:
        _, oid = heapq.heappop(ready)
        done.append(by_id[oid])
        for user in users.get(oid, ()):
            waiting[user].discard(oid)
            if not waiting[user]:
                heapq.heappush(ready, (_priority(by_id[user]), user))
    if len(done) < len(ops):
        stuck = sorted(o for o, firsts in waiting.items() if firsts)
        shown = ", ".join(f"{tag} {'/'.join(key)}" for tag, key in stuck[:8])
        raise UnsupportedObject(
            f"the changes cannot be ordered (a cycle between {shown}); "
            "split the schema change into two migrations"
        )
    return done
