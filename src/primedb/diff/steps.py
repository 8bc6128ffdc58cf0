"""Decisions into steps: each action becomes ops with their statements for both directions.

A created item is one op (its up creates, its down drops), a dropped one
too, a recreated one two (a drop, then a create). Some changes take more:

- a column converted to a replaced enum or domain (its type named anew, and
  back to the old type, renamed aside, in the rollback);
- a column detached from a recreated function: its default dropped before
  (`pre`) and set again after (`post`);
- a partition attached or detached, an op of its own placed by hand among
  the table's other steps;
- an enum or domain replaced: renamed aside and created anew, then the old
  one dropped once its columns are converted.

`StepBuilder.link()` adds the order that does not follow from dependencies
(and `owner_order.py`, the grants around a change of owner).
"""

from dataclasses import replace

from primedb.catalog.collations import Collation
from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.quote import qualified
from primedb.catalog.schemas import EnumType
from primedb.catalog.tables import Table
from primedb.diff import builders, columns, tables
from primedb.diff import replace as replacing
from primedb.diff.actions import Decisions
from primedb.diff.context import Side
from primedb.diff.items import ColumnItem, Item, State
from primedb.diff.ops import ALTER, CREATE, DROP, DROP_OLD, POST, PRE, REPLACE, Op
from primedb.diff.owner_order import owner_edges
from primedb.diff.substitute import rename_qualified

__all__ = ["StepBuilder"]


def _label(item: Item) -> str:
    return item.label


def _because(found: Decisions, key: Key, state: State) -> str:
    cause = found.because.get(key)
    if cause is None:
        return ""
    item = state.items.get(cause)
    return f" (for {item.label})" if item is not None else ""


class StepBuilder:
    """Collects the ops of a plan."""

    def __init__(self, current: State, desired: State, found: Decisions, up: Side, down: Side):
        self.current, self.desired, self.found = current, desired, found
        self.up, self.down = up, down
        self.ops: list[Op] = []
        self.by_id: dict[tuple[str, Key], Op] = {}

    def add(self, op: Op) -> Op:
        self.ops.append(op)
        self.by_id[op.id] = op
        return op

    def create(self, key: Key) -> Op:
        item = self.desired.items[key]
        why = _because(self.found, key, self.desired)
        return self.add(
            Op(
                key=key,
                tag="create",
                flags=CREATE,
                description=f"create {_label(item)}{why}",
                up=builders.create(item, self.up),
                down=builders.drop(item, self.down),
            )
        )

    def drop(self, key: Key) -> Op:
        item = self.current.items[key]
        why = _because(self.found, key, self.current)
        return self.add(
            Op(
                key=key,
                tag="drop",
                flags=DROP,
                description=f"drop {_label(item)}{why}",
                up=builders.drop(item, self.up),
                down=builders.create(item, self.down),
            )
        )

    def alter(self, key: Key) -> None:
        a, b = self.current.items[key], self.desired.items[key]
        if isinstance(a, ColumnItem) and isinstance(b, ColumnItem):
            self._column(key, a, b)
            return
        self.add(
            Op(
                key=key,
                tag="alter",
                # An enum gaining labels is replaced by its rollback: see `_explicit_edges`.
                flags=ALTER if not isinstance(a, EnumType) else REPLACE,
                description=f"alter {_label(b)}",
                up=builders.alter(a, b, self.up),
                down=builders.alter(b, a, self.down),
            )
        )
        if isinstance(a, Table) and isinstance(b, Table):
            self._partition(a, b)

    def _column(self, key: Key, a: ColumnItem, b: ColumnItem) -> None:
        label = _label(b)
        if key in self.found.convert:
            type_key = self.found.convert[key]
            old = self.current.items[type_key]
            new = self.desired.items[type_key]
            assert isinstance(old, replacing.TypeObject) and isinstance(new, replacing.TypeObject)
            if isinstance(old, Collation):
                name = qualified(new.schema, new.name)
            else:
                name = b.column.type.removesuffix("[]")
            aside = qualified(old.schema, replacing.old_name(old))
            up_conv = replacing.conversion(b.column.name, b.column.type, old, name, new)
            down_conv = replacing.conversion(a.column.name, a.column.type, new, aside, old)
            # Back on the old type (renamed aside), the old default casts to it.
            default = rename_qualified(
                a.column.default, old.schema, old.name, replacing.old_name(old)
            )
            a_aside = replace(a, column=replace(a.column, default=default))
            self.add(
                Op(
                    key=key,
                    tag="alter",
                    flags=ALTER,
                    description=f"convert {label} to the new {name}",
                    up=columns.alter_column(a, b, self.up, conversion=up_conv),
                    down=columns.alter_column(b, a_aside, self.down, conversion=down_conv),
                )
            )
            return
        if key in self.found.unidentified:
            # DROP IDENTITY first, on its own: it frees the sequence's name.
            bare = replace(a, column=replace(a.column, identity=None))
            self._alter_through(key, f"drop the identity of {label}", a, bare, bare, b)
            return
        if key in self.found.detach and a.column.default is not None:
            loose_a = replace(a, column=replace(a.column, default=None))
            loose_b = replace(b, column=replace(a.column, default=None))
            self._alter_through(key, f"drop the default of {label} for now", a, loose_a, loose_b, b)
            return
        self.add(
            Op(
                key=key,
                tag="alter",
                flags=ALTER,
                description=f"alter {label}",
                up=columns.alter_column(a, b, self.up),
                down=columns.alter_column(b, a, self.down),
            )
        )

    def _alter_through(
        self,
        key: Key,
        first: str,
        a: ColumnItem,
        middle_from: ColumnItem,
        middle_to: ColumnItem,
        b: ColumnItem,
    ) -> None:
        """Alter a column in two steps: `a` to `middle_to` before the plan's other steps
        (`first` says what that does), then `middle_from` to `b` after them."""
        label = _label(b)
        self.add(
            Op(
                key=key,
                tag="pre",
                flags=PRE,
                description=first,
                up=columns.alter_column(a, middle_to, self.up),
                down=columns.alter_column(middle_to, a, self.down),
            )
        )
        self.add(
            Op(
                key=key,
                tag="post",
                flags=POST,
                description=f"alter {label}",
                up=columns.alter_column(middle_from, b, self.up),
                down=columns.alter_column(b, middle_from, self.down),
            )
        )

    def _inheritance(self, a: Table, b: Table) -> None:
        for parent in a.inherits:
            if parent not in b.inherits:
                self.add(
                    Op(
                        key=("inherits", b.schema, b.name, *parent),
                        tag="detach",
                        flags=ALTER,
                        description=f"{a.qualified_name} no longer inherits from "
                        f"{qualified(*parent)}",
                        up=tables.no_inherit(a, parent, self.up),
                        down=tables.inherit(a, parent, self.down),
                    )
                )
        for parent in b.inherits:
            if parent not in a.inherits:
                self.add(
                    Op(
                        key=("inherits", b.schema, b.name, *parent),
                        tag="attach",
                        flags=ALTER,
                        description=f"{b.qualified_name} inherits from {qualified(*parent)}",
                        up=tables.inherit(b, parent, self.up),
                        down=tables.no_inherit(b, parent, self.down),
                    )
                )

    def _partition(self, a: Table, b: Table) -> None:
        self._inheritance(a, b)
        if (a.parent, a.partition_bound) == (b.parent, b.partition_bound):
            return
        key = ("partition_of", b.schema, b.name)
        if a.parent is not None:
            self.add(
                Op(
                    key=key,
                    tag="detach",
                    flags=ALTER,
                    description=f"detach {a.qualified_name} from {a.parent[0]}.{a.parent[1]}",
                    up=tables.detach_partition(a, self.up),
                    down=tables.attach_partition(a, self.down),
                )
            )
        if b.parent is not None:
            self.add(
                Op(
                    key=key,
                    tag="attach",
                    flags=ALTER,
                    description=f"attach {b.qualified_name} to {b.parent[0]}.{b.parent[1]}",
                    up=tables.attach_partition(b, self.up),
                    down=tables.detach_partition(b, self.down),
                )
            )

    def link(self) -> None:
        """The order dependencies do not give (partitions, enums that gain labels, grants
        around a change of owner)."""
        _partition_edges(self, self.current, self.desired)
        _enum_edges(self, self.current)
        owner_edges(self.ops, self.current, self.desired)

    def replace_type(self, key: Key) -> None:
        a, b = self.current.items[key], self.desired.items[key]
        assert isinstance(a, replacing.TypeObject) and isinstance(b, replacing.TypeObject)
        self.add(
            Op(
                key=key,
                tag="replace",
                flags=REPLACE,
                description=f"replace {_label(b)} (renamed aside, created anew)",
                up=replacing.rename_and_create(a, b, self.up),
                down=replacing.undo_rename_and_create(a, b, self.down),
            )
        )
        self.add(
            Op(
                key=key,
                tag="drop_old",
                flags=DROP_OLD,
                description=f"drop the replaced {_label(a)}",
                up=replacing.drop_old(a, self.up),
                down=replacing.undo_drop_old(a, self.down),
                after=[("replace", key)],
            )
        )


def _partition_edges(builder: StepBuilder, current: State, desired: State) -> None:
    """Attach after the table's columns match and its own extras are gone, and before
    the parent's new objects (an ON ONLY index lists the partition); detach before
    the table's new columns and objects."""
    for op in builder.ops:
        if op.tag not in ("attach", "detach"):
            continue
        table_key = (ObjectKind.TABLE, op.key[1], op.key[2])
        table = desired.items.get(table_key)
        parent_key = (
            (ObjectKind.TABLE, *table.parent) if isinstance(table, Table) and table.parent else None
        )
        if op.key[0] == "inherits":  # a child attached to or detached from a parent
            parent_key = (ObjectKind.TABLE, op.key[3], op.key[4])
            if op.tag == "detach":
                # Before the parent's columns or the parent go: they would take the child's.
                for other in builder.ops:
                    on = _on_table(other, current, desired)
                    parent_goes = other.key == parent_key and other.tag == "drop"
                    if parent_goes or (on == parent_key and other.key[0] == ObjectKind.COLUMN):
                        other.after.append(op.id)
        for other in builder.ops:
            if other is op:
                continue
            on = _on_table(other, current, desired)
            if op.tag == "detach":
                if on == table_key and other.tag in ("create", "alter", "post"):
                    other.after.append(op.id)
                continue
            if (
                (on == table_key and (other.key[0] == ObjectKind.COLUMN or other.tag == "drop"))
                or (other.tag == "detach" and other.key == op.key)
                or (other.tag == "create" and other.key == parent_key)
            ):
                op.after.append(other.id)
            elif other.tag in ("create", "alter") and on == parent_key:
                other.after.append(op.id)


def _enum_edges(builder: StepBuilder, current: State) -> None:
    """An enum gaining labels is replaced by its rollback: what was recreated around
    it drops before it and is created after it, and its columns change after it."""
    ops_by_key: dict[Key, list[Op]] = {}
    for op in builder.ops:
        ops_by_key.setdefault(op.key, []).append(op)
    for enum_key, around in builder.found.around.items():
        anchor = ("alter", enum_key)
        for key in around:
            for op in ops_by_key.get(key, []):
                if op.tag == "drop":
                    builder.by_id[anchor].after.append(op.id)
                elif op.tag == "create":
                    op.after.append(anchor)
        enum = current.items[enum_key]
        assert isinstance(enum, EnumType)
        name = qualified(enum.schema, enum.name)
        for key, item in current.items.items():
            if isinstance(item, ColumnItem) and item.column.type in (name, f"{name}[]"):
                for op in ops_by_key.get(key, []):
                    op.after.append(anchor)


def _on_table(op: Op, current: State, desired: State) -> Key | None:
    item = desired.items.get(op.key) or current.items.get(op.key)
    return getattr(item, "table_key", None) if item is not None else None
