"""Relations: tables (with their columns and partitions), constraints, indexes, views.

Constraints and indexes are objects of their own, not parts of their table, so
the dependency graph can place them after what they use (a CHECK calling a
function whose body reads the table: table, function, then the constraint).

Columns are kept sorted by name, and their `position` takes no part in
comparisons: a column added at the end by a migration and the same column
declared in the middle of a schema file compare equal. DDL uses the position.

A column's `depends_on`, like every object's, comes from pg_depend and takes no
part in comparisons; an object that uses one column (a view, an index, a
trigger) lists `("column", schema, table, name)` among its `depends_on`.

A partition's `columns` hold only what differs from its parent's columns (a
default of its own, NOT NULL, a statistics target, a comment): the rest is
implied by `PARTITION OF`. The indexes, constraints and triggers PostgreSQL
clones onto partitions are implied by the parent's and are not objects here.

An inheritance child (`INHERITS`) holds its own columns whole, and the
columns its parents provide only where it sets something of its own
(`inherited=True`); the CHECK constraints it inherits are implied by its
parents'. A column a child declares itself and also inherits (PostgreSQL
*merges* them) counts as inherited: a table that becomes a child by `ALTER
TABLE ... INHERIT` keeps its columns as its own, and no statement can make
them inherited only, so the model does not tell the two apart.
"""

from dataclasses import dataclass, field

from primedb.catalog.kinds import (
    ConstraintKind,
    FkAction,
    FkMatch,
    IdentityKind,
    Key,
    ObjectKind,
    Persistence,
    RelationKind,
)
from primedb.catalog.quote import ident, qualified
from primedb.catalog.schemas import SequenceOptions

__all__ = ["Column", "Constraint", "Identity", "Index", "IndexColumn", "Table", "View"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    kind: IdentityKind
    options: SequenceOptions
    # The sequence PostgreSQL made for it; a renamed table keeps the old name,
    # which is invisible to users, so it does not count as a difference.
    sequence: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    name: str
    type: str  # format_type(atttypid, atttypmod): `numeric(12,2)`, `public.mood[]`
    position: int = field(default=0, compare=False)
    not_null: bool = False
    default: str | None = None
    identity: Identity | None = None
    generated: str | None = None  # the expression of GENERATED ALWAYS AS (...) STORED
    collation: str | None = None  # only when it is not the type's default collation
    statistics: int | None = None  # SET STATISTICS; None for the default (-1)
    comment: str | None = None
    # A column of an inheritance child that one of its parents provides: only
    # what the child sets itself (its default, NOT NULL, statistics target,
    # comment) is its own, and it is listed only where that differs.
    inherited: bool = False
    # What its type, default or generation expression needs (pg_depend), as
    # keys; other columns of its table appear as ("column", schema, table, name).
    depends_on: tuple[Key, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...] = ()  # sorted by name
    persistence: Persistence = Persistence.PERMANENT
    options: tuple[str, ...] = ()  # storage parameters, `fillfactor=80`, sorted
    partition_key: str | None = None  # pg_get_partkeydef: `RANGE (created_at)`
    parent: tuple[str, str] | None = None  # (schema, table) of a partition's parent
    partition_bound: str | None = None  # `FOR VALUES FROM (...) TO (...)`, `DEFAULT`
    inherits: tuple[tuple[str, str], ...] = ()  # INHERITS (parents), in order
    rls_enabled: bool = False
    rls_forced: bool = False
    # True when the table has managed monthly partitions (`<name>_YYYY_MM` over
    # one UTC month): after creating it, call ensure_monthly_partitions().
    monthly_partitions: bool = False
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.TABLE, self.schema, self.name)

    @property
    def label(self) -> str:
        what = "partition" if self.parent else "table"
        return f"{what} {qualified(self.schema, self.name)}"

    @property
    def qualified_name(self) -> str:
        return qualified(self.schema, self.name)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.label} has no column {name!r}")

    def columns_in_order(self) -> tuple[Column, ...]:
        """The columns as the table lays them out (by position)."""
        return tuple(sorted(self.columns, key=lambda c: c.position))


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint:
    schema: str
    table: str
    name: str
    kind: ConstraintKind
    # pg_get_constraintdef without a trailing " NOT VALID" (see `validated`):
    # `FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE`.
    definition: str
    columns: tuple[str, ...] = ()  # in key order
    validated: bool = True
    deferrable: bool = False
    initially_deferred: bool = False
    no_inherit: bool = False
    # Foreign keys only: the referenced table, its columns, the actions.
    references: tuple[str, str] | None = None
    referenced_columns: tuple[str, ...] = ()
    on_update: FkAction | None = None
    on_delete: FkAction | None = None
    on_delete_columns: tuple[str, ...] = ()  # ON DELETE SET NULL (col, ...)
    match: FkMatch | None = None
    # Primary keys, unique and exclusion constraints: the index they own.
    index: str | None = None
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.CONSTRAINT, self.schema, self.table, self.name)

    @property
    def table_key(self) -> Key:
        return (ObjectKind.TABLE, self.schema, self.table)

    @property
    def label(self) -> str:
        return f"constraint {ident(self.name)} on {qualified(self.schema, self.table)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexColumn:
    expression: str  # the column name (quoted as needed) or the expression
    is_expression: bool = False
    opclass: str | None = None  # only when not the default operator class
    collation: str | None = None  # only when not the column's collation
    descending: bool = False
    nulls_first: bool = False  # the default is NULLS LAST for ASC, NULLS FIRST for DESC


@dataclass(frozen=True, slots=True, kw_only=True)
class Index:
    schema: str  # an index lives in its table's schema
    name: str
    table: str
    table_kind: RelationKind = RelationKind.TABLE
    method: str = "btree"
    unique: bool = False
    nulls_not_distinct: bool = False
    columns: tuple[IndexColumn, ...] = ()  # key columns, in order
    include: tuple[str, ...] = ()
    predicate: str | None = None
    options: tuple[str, ...] = ()  # storage parameters, sorted
    constraint: str | None = None  # the constraint that owns it (its DDL creates it)
    clustered: bool = False  # ALTER TABLE ... CLUSTER ON
    valid: bool = True  # False after a failed CREATE INDEX CONCURRENTLY
    # A partitioned table's index: the indexes attached to it on the partitions
    # (schema, partition, index name), sorted; PostgreSQL names them when it
    # creates them, and a migrated database must name them the same.
    partitions: tuple[tuple[str, str, str], ...] = ()
    # pg_get_indexdef, with `ON ONLY` of a partitioned table's index turned into
    # `ON`: it creates the index on the table and on every partition.
    definition: str = ""
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.INDEX, self.schema, self.name)

    @property
    def table_key(self) -> Key:
        return (self.table_kind.object_kind, self.schema, self.table)

    @property
    def label(self) -> str:
        return f"index {qualified(self.schema, self.name)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    schema: str
    name: str
    materialized: bool = False
    definition: str = ""  # pg_get_viewdef(oid, true): the SELECT
    columns: tuple[str, ...] = ()  # output columns, in order
    # format_type of each output column, in order; derived from the definition
    # and the types it reads, so it takes no part in comparisons. The diff uses
    # it to tell whether CREATE OR REPLACE VIEW can keep the old columns.
    column_types: tuple[str, ...] = field(default=(), compare=False)
    options: tuple[str, ...] = ()  # security_barrier=true, check_option=local, ...
    populated: bool = True  # materialized views: False for WITH NO DATA
    column_comments: tuple[tuple[str, str], ...] = ()  # (column, comment), by column
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def kind(self) -> ObjectKind:
        return ObjectKind.MATERIALIZED_VIEW if self.materialized else ObjectKind.VIEW

    @property
    def key(self) -> Key:
        return (self.kind, self.schema, self.name)

    @property
    def label(self) -> str:
        return f"{self.kind.words} {qualified(self.schema, self.name)}"
