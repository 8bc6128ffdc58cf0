"""The catalog model: everything a schema holds, as immutable values that compare with `==`.

A `Catalog` is read from a database by `read_catalog` and holds one sorted
tuple per kind of object. Every object has a stable `key` (no OIDs:
`("table", "public", "accounts")`, `("function", "public", "cnpj_is_valid(text)")`,
`("constraint", "public", "accounts", "accounts_cnpj_key")`) and a `label` for
messages (`table public.accounts`).

What the model holds besides the objects: their privileges (`Grant`, where
they differ from PostgreSQL's defaults), the default privileges, and, when
read `with_owners=True`, their owners (see `privileges.py`). Roles are
cluster objects and stay outside.

What the model leaves out, on purpose:
- objects that belong to an extension (the extension itself is modelled),
  and the system schemas;
- owners, unless asked for; grantors; the owner's own privileges;
- data: sequence positions, rows, statistics;
- what PostgreSQL derives on its own: identity sequences (they are options of
  their column), the indexes, constraints and triggers cloned onto partitions
  (the parent's object implies them), and the managed monthly partitions.

**Managed monthly partitions.** `schema/90_partitions.sql` defines
`ensure_monthly_partitions(parent, ...)`, which creates `<parent>_YYYY_MM`
partitions over UTC months at run time (the schema calls it on apply, a
scheduler daily). They must not count as drift, so: a partition is *managed*
when its schema has an `ensure_monthly_partitions(regclass, ...)` function to
make it again, and it is a plain table in its parent's schema, named
`<parent>_YYYY_MM`, whose bound is exactly that UTC month, and that carries
nothing of its own (no index, constraint, trigger, policy, comment, storage
parameter or column setting that its parent does not give it). Managed
partitions are left out of the model unless
`read_catalog(..., include_managed_partitions=True)`; the parent records
`monthly_partitions=True` when it has at least one. A dump of such a catalog
ends with the `SELECT ensure_monthly_partitions(parent, months_ahead => 3,
months_back => 12)` call that creates the months (`ddl.ensure_partitions_sql`),
and the diff calls it after creating such a table. A month added by the
scheduler, or one dropped by retention, is therefore never drift.

Anything in a user schema the model cannot represent (a foreign table, a rule,
an operator, a window function written in C, a range type, a typed table,
...) makes `read_catalog` raise `UnsupportedObject` naming it: nothing is
silently ignored.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from primedb.catalog.aggregates import Aggregate
from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.kinds import Key
from primedb.catalog.privileges import DefaultPrivilege, Grant, Owner
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import Domain, EnumType, Extension, Schema, Sequence
from primedb.catalog.tables import Constraint, Index, Table, View

__all__ = ["Catalog", "CatalogObject"]

CatalogObject = (
    Schema
    | Extension
    | Collation
    | EnumType
    | Domain
    | CompositeType
    | Sequence
    | Table
    | Constraint
    | Index
    | View
    | Function
    | Aggregate
    | Trigger
    | Policy
    | Grant
    | DefaultPrivilege
    | Owner
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """A database schema; each tuple is sorted by key."""

    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()
    collations: tuple[Collation, ...] = ()
    enums: tuple[EnumType, ...] = ()
    domains: tuple[Domain, ...] = ()
    composites: tuple[CompositeType, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    functions: tuple[Function, ...] = ()  # functions and procedures
    aggregates: tuple[Aggregate, ...] = ()
    tables: tuple[Table, ...] = ()  # tables, partitioned tables, partitions, inheritance
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    views: tuple[View, ...] = ()  # views and materialized views
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()
    grants: tuple[Grant, ...] = ()
    default_privileges: tuple[DefaultPrivilege, ...] = ()
    owners: tuple[Owner, ...] = ()  # empty unless read with owners
    # Whether the managed monthly partitions are in `tables` (read with
    # include_managed_partitions=True) or implied by `Table.monthly_partitions`.
    managed_partitions_included: bool = False
    owners_included: bool = False  # read with with_owners=True
    server_version: int = field(default=0, compare=False)  # server_version_num it came from

    def objects(self) -> Iterator[CatalogObject]:
        """Every object, kind by kind."""
        yield from self.schemas
        yield from self.extensions
        yield from self.collations
        yield from self.enums
        yield from self.domains
        yield from self.composites
        yield from self.sequences
        yield from self.functions
        yield from self.aggregates
        yield from self.tables
        yield from self.constraints
        yield from self.indexes
        yield from self.views
        yield from self.triggers
        yield from self.policies
        yield from self.grants
        yield from self.default_privileges
        yield from self.owners

    def by_key(self) -> dict[Key, CatalogObject]:
        return {obj.key: obj for obj in self.objects()}

    def get(self, key: Key) -> CatalogObject | None:
        return self.by_key().get(key)

    def table(self, schema: str, name: str) -> Table:
        for table in self.tables:
            if table.schema == schema and table.name == name:
                return table
        raise KeyError(f"no table {schema}.{name} in the catalog")

    def constraints_of(self, table: Table) -> tuple[Constraint, ...]:
        return tuple(
            c for c in self.constraints if (c.schema, c.table) == (table.schema, table.name)
        )

    def indexes_of(self, schema: str, relation: str) -> tuple[Index, ...]:
        return tuple(i for i in self.indexes if (i.schema, i.table) == (schema, relation))

    def partitions_of(self, table: Table) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.parent == (table.schema, table.name))
