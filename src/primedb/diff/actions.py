"""What happens to each item, and what a drop or a rewrite takes along with it.

Each key present on either side gets an action: created, dropped, altered in
place or recreated (a drop, then a create). Then the consequences, until
nothing more changes:

- what depends on a dropped or recreated object is recreated around it (a
  view over a recreated view, a trigger on a recreated function, a foreign
  key to a recreated unique key, a partition of a recreated parent);
- a column whose type changes (or is converted to a replaced enum or
  domain) takes along what PostgreSQL will not let it change under: the
  views, triggers, policies and functions that read it, and the generated
  columns computed from it (indexes and constraints PostgreSQL rebuilds
  itself);
- a column whose default calls a recreated function or sequence is
  *detached*: its default is dropped before, and set again after;
- an enum that only gains labels is altered in place (`ADD VALUE`), but its
  rollback has to replace the type, so what depends on it or on its columns
  is recreated around it as well.

Tables are never recreated for a dependency (only for a new partition key,
or as a partition of a recreated parent): their columns carry what they need.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.routines import Function
from primedb.catalog.schemas import Domain, EnumType, Extension, Schema, Sequence
from primedb.catalog.tables import Table
from primedb.diff.compare import How, how
from primedb.diff.items import ColumnItem, MonthsItem, OwnerItem, State
from primedb.errors import UnsupportedObject

__all__ = ["Action", "Decisions", "decide"]

# What a column's type change takes along (PostgreSQL refuses ALTER TYPE under them).
_TYPE_BOUND = frozenset(
    {
        ObjectKind.VIEW,
        ObjectKind.MATERIALIZED_VIEW,
        ObjectKind.TRIGGER,
        ObjectKind.POLICY,
        ObjectKind.FUNCTION,
        ObjectKind.PROCEDURE,
    }
)


class Action(Enum):
    CREATE = "create"
    DROP = "drop"
    ALTER = "alter"
    RECREATE = "recreate"


@dataclass(slots=True)
class Decisions:
    actions: dict[Key, Action] = field(default_factory=dict)
    # Columns converted to a replaced enum or domain (column key -> type key).
    convert: dict[Key, Key] = field(default_factory=dict)
    # Columns whose default is detached from a recreated dependency.
    detach: set[Key] = field(default_factory=set)
    # Enums altered in place whose rollback replaces them: what is recreated around them.
    around: dict[Key, set[Key]] = field(default_factory=dict)
    # Why an item is recreated although it did not change (for the change's description).
    because: dict[Key, Key] = field(default_factory=dict)
    # Generated columns made plain: the rollback drops and adds them again, so
    # what uses them is recreated around.
    rebuilds: set[Key] = field(default_factory=set)
    # Columns that lose their identity: DROP IDENTITY goes first on its own, so
    # the name of its sequence is free for a sequence the plan creates.
    unidentified: set[Key] = field(default_factory=set)

    def drops(self, key: Key) -> bool:
        return self.actions.get(key) in (Action.DROP, Action.RECREATE)


def _type_changes(a: ColumnItem, b: ColumnItem) -> bool:
    before, after = a.column, b.column
    return (before.type, before.collation) != (after.type, after.collation)


def decide(current: State, desired: State) -> Decisions:
    found = Decisions()
    for key in current.items.keys() | desired.items.keys():
        a, b = current.items.get(key), desired.items.get(key)
        if a is None:
            found.actions[key] = Action.CREATE
        elif b is None:
            found.actions[key] = Action.DROP
        elif (change := how(a, b)) is not None:
            found.actions[key] = Action.RECREATE if change is How.RECREATE else Action.ALTER
    _cascade(current, desired, found)
    return found


def _cascade(current: State, desired: State, found: Decisions) -> None:
    todo: list[Key] = [k for k in found.actions if found.drops(k)]
    # Columns whose type changes in place.
    for key, action in list(found.actions.items()):
        a, b = current.items.get(key), desired.items.get(key)
        if action is Action.ALTER and isinstance(a, ColumnItem) and isinstance(b, ColumnItem):
            if _type_changes(a, b):
                todo.append(key)
            if a.column.generated is not None and b.column.generated is None:
                found.rebuilds.add(key)
                todo.append(key)
            if a.column.identity is not None and b.column.identity is None:
                found.unidentified.add(key)
    # Enums that gain labels: their rollback replaces them.
    for key, action in list(found.actions.items()):
        enum = current.items.get(key)
        if action is Action.ALTER and isinstance(enum, EnumType):
            new = desired.items.get(key)
            if isinstance(new, EnumType) and new.labels != enum.labels:
                found.around[key] = _around_enum(current, desired, found, key)
                todo.extend(found.around[key])
    seen: set[Key] = set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        todo.extend(_consequences(current, desired, found, key))


def _recreate(found: Decisions, key: Key, because: Key) -> bool:
    if found.drops(key):
        return False
    found.actions[key] = Action.RECREATE
    found.because.setdefault(key, because)
    return True


def _consequences(current: State, desired: State, found: Decisions, key: Key) -> Iterable[Key]:
    """Mark what `key`'s drop, recreation or rewrite takes along; yield the newly marked."""
    source = current.items.get(key)
    dropping = found.drops(key) or key in found.rebuilds
    for user in sorted(current.dependents(key)):
        if user not in desired.items or found.drops(user):
            continue
        item = current.items[user]
        if isinstance(item, Schema | Extension | OwnerItem | MonthsItem | Sequence):
            continue
        if isinstance(item, Table):
            parent = isinstance(source, Table) and item.parent == (source.schema, source.name)
            if parent and dropping and _recreate(found, user, key):
                yield user
            continue
        if isinstance(item, ColumnItem):
            yield from _column_consequence(desired, found, key, source, user, item, dropping)
            continue
        if not dropping and user[0] not in _TYPE_BOUND:
            continue  # a column's type change: PostgreSQL rebuilds indexes and constraints
        if found.actions.get(user) is Action.ALTER and key not in desired.needs.get(user, ()):
            continue  # changed in place so that it no longer uses it, before it goes
        if _recreate(found, user, key):
            yield user


def _column_consequence(
    desired: State,
    found: Decisions,
    key: Key,
    source: object,
    user: Key,
    item: ColumnItem,
    dropping: bool,
) -> Iterable[Key]:
    if isinstance(source, EnumType | Domain | CompositeType | Collation):
        if found.actions.get(key) is not Action.RECREATE:
            return  # dropped for good: the column has let go of it by then
        target = desired.items.get(user)
        same = isinstance(target, ColumnItem) and (
            target.column.collation == item.column.collation
            if isinstance(source, Collation)
            else target.column.type == item.column.type
        )
        if same:
            found.convert[user] = key
            found.actions.setdefault(user, Action.ALTER)
            yield user  # converted: what reads it is recreated around it
        return
    if item.column.generated is not None:
        if _recreate(found, user, key):
            yield user
        return
    if isinstance(source, Function | Sequence) and dropping:
        found.detach.add(user)
        found.actions.setdefault(user, Action.ALTER)


def _around_enum(current: State, desired: State, found: Decisions, key: Key) -> set[Key]:
    """What must be recreated so the rollback can replace the enum `key`."""
    around: set[Key] = set()
    for user in sorted(current.dependents(key)):
        item = current.items[user]
        if isinstance(item, ColumnItem):
            for reader in current.dependents(user):
                if reader[0] in _TYPE_BOUND and reader in desired.items:
                    around.add(reader)
        elif isinstance(item, Domain):
            # The rollback would have to replace the domain too.
            raise UnsupportedObject(
                f"{item.label} is over the enum {'.'.join(key[1:])}, which gains labels: "
                "primedb cannot write the rollback of that; add the labels in a "
                "migration of their own"
            )
        elif not isinstance(item, Table | Schema) and user in desired.items:
            around.add(user)
    for user in sorted(around):
        _recreate(found, user, key)
    return around
