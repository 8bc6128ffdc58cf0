"""What the diff compares: the catalog's objects, plus the pieces it changes on their own.

A catalog object is compared as a whole, except three things the diff changes
separately, each an *item* with a key of its own:

- a column of a table that exists on both sides (`(ObjectKind.COLUMN, schema,
  table, name)`): added, dropped or altered by `ALTER TABLE`, so a view over one
  column follows that column, not the whole table. A partition's column is an
  item only where the partition differs from its parent on either side (its
  own default, NOT NULL, statistics target or comment), unless the partition
  is attached or detached by the plan, when all its columns are. Its value is
  the parent's column with the partition's own settings (what the partition
  shows). A parent's ALTER that reaches every partition (SET DEFAULT, DROP
  NOT NULL) sets the partitions' own values again itself (`columns.py`). An
  inheritance child's columns are items the same way: its own always, those
  a parent gives it where it sets something itself (all of them when the
  plan changes its parents);
- a sequence's `OWNED BY` (`(ItemKind.SEQUENCE_OWNER, schema, name)`): set once the
  owning table exists, cleared before it is dropped;
- a table's managed monthly partitions (`(ItemKind.MONTHLY_PARTITIONS, schema,
  table)`): the `ensure_monthly_partitions()` call. The months themselves are
  never items: a month the scheduler adds or retention drops is no change.

`State` holds the items of one side and what each needs (the catalog's
dependency graph, sharpened to columns where pg_depend names one).
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from primedb.catalog import Catalog, CatalogObject, dependency_graph
from primedb.catalog.graph import ensure_function, type_names
from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.quote import ident, qualified
from primedb.catalog.routines import Function
from primedb.catalog.schemas import Sequence
from primedb.catalog.tables import Column, Table

__all__ = [
    "ColumnItem",
    "Item",
    "ItemKind",
    "MonthsItem",
    "OwnerItem",
    "State",
    "build_state",
    "column_key",
    "type_key",
]

_ARRAY = re.compile(r"(\[\])+$")


class ItemKind(StrEnum):
    """Key kinds of the items that are not catalog objects (see the module docstring)."""

    SEQUENCE_OWNER = "sequence_owner"
    MONTHLY_PARTITIONS = "monthly_partitions"
    RENAME = "rename"  # a rename step, ordered before everything else


def column_key(schema: str, table: str, name: str) -> Key:
    return (ObjectKind.COLUMN, schema, table, name)


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnItem:
    schema: str
    table: str
    column: Column  # a partition's: its parent's column with what the partition sets itself
    partition_of: tuple[str, str] | None = None
    # An inheritance child's column that a parent gives it: that parent (the
    # column is what the parent gives, with what the child sets itself).
    inherited_from: tuple[str, str] | None = None

    @property
    def from_parent(self) -> tuple[str, str] | None:
        """The table whose ALTERs make this column (a partition's or a child's parent)."""
        return self.partition_of or self.inherited_from

    @property
    def key(self) -> Key:
        return column_key(self.schema, self.table, self.column.name)

    @property
    def table_key(self) -> Key:
        return (ObjectKind.TABLE, self.schema, self.table)

    @property
    def label(self) -> str:
        return f"column {qualified(self.schema, self.table)}.{ident(self.column.name)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerItem:
    schema: str
    sequence: str
    owned_by: tuple[str, str, str]

    @property
    def key(self) -> Key:
        return (ItemKind.SEQUENCE_OWNER, self.schema, self.sequence)

    @property
    def table_key(self) -> Key:
        return (ObjectKind.TABLE, self.owned_by[0], self.owned_by[1])

    @property
    def label(self) -> str:
        return f"ownership of sequence {qualified(self.schema, self.sequence)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthsItem:
    table: Table
    function: Function

    @property
    def key(self) -> Key:
        return (ItemKind.MONTHLY_PARTITIONS, self.table.schema, self.table.name)

    @property
    def table_key(self) -> Key:
        return self.table.key

    @property
    def label(self) -> str:
        return f"monthly partitions of {self.table.qualified_name}"


Item = CatalogObject | ColumnItem | OwnerItem | MonthsItem


@dataclass(frozen=True, slots=True)
class State:
    """The items of one side and their dependencies (`needs[k]`: what k needs)."""

    catalog: Catalog
    items: Mapping[Key, Item]
    needs: Mapping[Key, frozenset[Key]]
    users: Mapping[Key, frozenset[Key]]  # the reverse of `needs`

    def dependents(self, key: Key) -> frozenset[Key]:
        return self.users.get(key, frozenset())

    def table(self, key: Key) -> Table | None:
        found = self.items.get(key)
        return found if isinstance(found, Table) else None


def type_key(type_name: str, types: Mapping[str, Key]) -> Key | None:
    """The enum or domain a column type names (`public.mood[]` -> the enum mood)."""
    return types.get(_ARRAY.sub("", type_name))


def _types(catalog: Catalog) -> dict[str, Key]:
    return type_names(catalog)


def _inherited_columns(table: Table, catalog: Catalog) -> tuple[Column, ...]:
    """An inheritance child's whole columns: its parents' (with its own settings), then its own."""
    provided: dict[str, Column] = {}
    for name in table.inherits:
        try:
            parent = catalog.table(*name)
        except KeyError:
            continue
        for col in effective_columns(parent, catalog):
            provided.setdefault(
                col.name, replace(col, identity=None, comment=None, statistics=None, inherited=True)
            )
    own = {c.name: c for c in table.columns}
    merged = [
        col
        if (mine := own.get(name)) is None
        else replace(
            col,
            default=mine.default,
            not_null=mine.not_null,
            statistics=mine.statistics,
            comment=mine.comment,
        )
        for name, col in provided.items()
    ]
    return (*merged, *(c for c in table.columns if not c.inherited and c.name not in provided))


def provider(table: Table, catalog: Catalog, column: str) -> tuple[str, str] | None:
    """The parent that gives an inheritance child `column` (the first in INHERITS order)."""
    for name in table.inherits:
        try:
            parent = catalog.table(*name)
        except KeyError:
            continue
        if any(c.name == column for c in effective_columns(parent, catalog)):
            return name
    return None


def effective_columns(table: Table, catalog: Catalog) -> tuple[Column, ...]:
    """A table's whole columns; a partition's are its parent's with its own overrides, an
    inheritance child's its parents' (with its own settings) and its own."""
    if table.inherits:
        return _inherited_columns(table, catalog)
    if table.parent is None:
        return table.columns
    try:
        parent = catalog.table(*table.parent)
    except KeyError:
        return table.columns
    own = {c.name: c for c in table.columns}
    merged = []
    for col in effective_columns(parent, catalog):
        mine = own.get(col.name)
        if mine is None:
            # Inherited as is: the comment and statistics target are the partition's own.
            merged.append(replace(col, comment=None, statistics=None))
        else:
            merged.append(
                replace(
                    col,
                    default=mine.default,
                    not_null=mine.not_null,
                    statistics=mine.statistics,
                    comment=mine.comment,
                )
            )
    return tuple(merged)


def _column_items(table: Table, catalog: Catalog, other: Catalog, full: bool) -> list[ColumnItem]:
    """The column items of `table` (on this side; `other` is the other side)."""
    if table.inherits:
        return _child_items(table, catalog, other, full)
    if table.parent is None:
        return [ColumnItem(schema=table.schema, table=table.name, column=c) for c in table.columns]
    effective = {c.name: c for c in effective_columns(table, catalog)}
    if full:
        names: Iterable[str] = effective
    else:
        mine = {c.name for c in table.columns}
        try:
            theirs = {c.name for c in other.table(table.schema, table.name).columns}
        except KeyError:
            theirs = set()
        names = sorted((mine | theirs) & set(effective))
    return [
        ColumnItem(
            schema=table.schema,
            table=table.name,
            column=effective[name],
            partition_of=table.parent,
        )
        for name in names
    ]


def _child_items(table: Table, catalog: Catalog, other: Catalog, full: bool) -> list[ColumnItem]:
    """An inheritance child's own columns, and the inherited ones it sets something of
    on either side (all of them when the plan changes its parents)."""
    effective = {c.name: c for c in effective_columns(table, catalog)}
    if full:
        names: Iterable[str] = effective
    else:
        mine = {c.name for c in table.columns}
        try:
            theirs = {c.name for c in other.table(table.schema, table.name).columns}
        except KeyError:
            theirs = set()
        names = sorted((mine | theirs) & set(effective))
    return [
        ColumnItem(
            schema=table.schema,
            table=table.name,
            column=effective[name],
            inherited_from=provider(table, catalog, name) if effective[name].inherited else None,
        )
        for name in names
    ]


def build_state(catalog: Catalog, other: Catalog, *, column_tables: Mapping[Key, bool]) -> State:
    """The items of `catalog`; `column_tables` maps the tables whose columns are items
    to whether all their columns are (a partition attached or detached by the plan)."""
    items: dict[Key, Item] = {}
    for obj in catalog.objects():
        if isinstance(obj, Sequence):
            items[obj.key] = replace(obj, owned_by=None)  # ownership is an item of its own
        else:
            items[obj.key] = obj
    graph = dependency_graph(catalog).needs
    needs: dict[Key, set[Key]] = {k: set(v) for k, v in graph.items()}
    types = _types(catalog)

    columns: list[ColumnItem] = []
    for table in catalog.tables:
        if table.key in column_tables:
            columns.extend(_column_items(table, catalog, other, column_tables[table.key]))
    for item in columns:
        items[item.key] = item
    for item in columns:
        deps: set[Key] = {item.table_key}
        if (k := type_key(item.column.type, types)) is not None:
            deps.add(k)
        if item.column.collation and (k := types.get(item.column.collation)) is not None:
            deps.add(k)
        deps |= {d for d in item.column.depends_on if d in items}
        if item.from_parent is not None:
            parent_col = column_key(*item.from_parent, item.column.name)
            if parent_col in items:
                deps.add(parent_col)
        needs[item.key] = deps - {item.key}

    # Objects that use a column need that column's item; a table whose columns
    # are items no longer needs, as a whole, what only its columns need.
    for obj in catalog.objects():
        extra = {d for d in obj.depends_on if d[0] == ObjectKind.COLUMN and d in items}
        needs[obj.key] |= extra
    for table in catalog.tables:
        if table.key in column_tables:
            explained = (
                set().union(*(c.depends_on for c in table.columns)) if table.columns else set()
            )
            for col in table.columns:
                if (k := type_key(col.type, types)) is not None:
                    explained.add(k)
            needs[table.key] -= {d for d in explained if d[0] != ObjectKind.TABLE}

    for seq in catalog.sequences:
        if seq.owned_by is not None:
            owner = OwnerItem(schema=seq.schema, sequence=seq.name, owned_by=seq.owned_by)
            items[owner.key] = owner
            owner_deps: set[Key] = {seq.key, owner.table_key}
            if (owned := column_key(*seq.owned_by)) in items:
                owner_deps.add(owned)
            needs[owner.key] = {d for d in owner_deps if d in items}

    for table in catalog.tables:
        fn = ensure_function(catalog, table) if table.monthly_partitions else None
        if fn is not None:
            months = MonthsItem(table=table, function=fn)
            items[months.key] = months
            needs[months.key] = {table.key, fn.key} | {p.key for p in catalog.partitions_of(table)}

    frozen = {k: frozenset(d for d in v if d in items and d != k) for k, v in needs.items()}
    users: dict[Key, set[Key]] = defaultdict(set)
    for k, wanted in frozen.items():
        for d in wanted:
            users[d].add(k)
    return State(
        catalog=catalog,
        items=items,
        needs=frozen,
        users={k: frozenset(v) for k, v in users.items()},
    )
