"""The SQL that creates and drops each catalog object, and a dump of a whole catalog.

`create_statements(obj)` / `drop_statements(obj)` give the statements, without
their final semicolons, that create or drop one object (with its comments);
`create_sql` / `drop_sql` join them into a script. Names are quoted like
PostgreSQL's `quote_ident` (`quote.py`); definitions come from PostgreSQL
itself (`pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_functiondef`, ...),
read with an empty search_path so every name in them is schema-qualified.

Three things are kept apart from an object's CREATE, for whoever orders the
statements (this module's `dump_sql`, the diff):
- `sequence_ownership(seq)`: `ALTER SEQUENCE ... OWNED BY`, once the table exists;
- `ensure_partitions_sql(catalog, table)`: the `ensure_monthly_partitions()`
  call that recreates the managed monthly partitions left out of the model,
  to run after the table's other partitions exist (it creates
  `<parent>_default` when there is none);
- functions are created with `check_function_bodies = off` (as pg_dump does),
  since a SQL function's string body may name a table created after it.

Drops do not cascade: dropping in the reverse dependency order is the caller's job.
`column_sql(col)` (for ADD COLUMN), `sequence_options_sql(type, options)` (for
ALTER SEQUENCE / ALTER COLUMN ... SET) and `comment_on(what, text)` are the
pieces the diff reuses.
"""

from primedb.catalog import ddl_aggregates, ddl_privileges, ddl_tables, ddl_types
from primedb.catalog.aggregates import Aggregate
from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.ddl_tables import column_sql
from primedb.catalog.ddl_types import comment_on, sequence_options_sql, sequence_ownership
from primedb.catalog.graph import dependency_graph, ensure_function
from primedb.catalog.kinds import FunctionKind
from primedb.catalog.model import Catalog, CatalogObject
from primedb.catalog.privileges import DefaultPrivilege, Grant, Owner
from primedb.catalog.quote import comment_line, ident, literal, qualified
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import Domain, EnumType, Extension, Schema, Sequence
from primedb.catalog.tables import Constraint, Index, Table, View

__all__ = [
    "MONTHS_AHEAD",
    "MONTHS_BACK",
    "column_sql",
    "comment_on",
    "create_sql",
    "create_statements",
    "drop_sql",
    "drop_statements",
    "dump_sql",
    "ensure_partitions_sql",
    "sequence_options_sql",
    "sequence_ownership",
]

# The arguments schema/90_partitions.sql gives ensure_monthly_partitions().
MONTHS_AHEAD = 3
MONTHS_BACK = 12

PREAMBLE = (
    "SET check_function_bodies = off",
    "SET standard_conforming_strings = on",
    "SET client_min_messages = warning",
)


def _function(fn: Function) -> tuple[str, ...]:
    word = "PROCEDURE" if fn.kind is FunctionKind.PROCEDURE else "FUNCTION"
    return (fn.definition.rstrip(), *comment_on(f"{word} {fn.qualified_signature}", fn.comment))


def create_statements(obj: CatalogObject) -> tuple[str, ...]:
    """The statements that create `obj` and set its comments."""
    match obj:
        case Schema():
            return ddl_types.create_schema(obj)
        case Extension():
            return ddl_types.create_extension(obj)
        case Collation():
            return ddl_types.create_collation(obj)
        case EnumType():
            return ddl_types.create_enum(obj)
        case Domain():
            return ddl_types.create_domain(obj)
        case CompositeType():
            return ddl_types.create_composite(obj)
        case Aggregate():
            return ddl_aggregates.create_aggregate(obj)
        case Grant():
            return ddl_privileges.grant_statements(obj)
        case DefaultPrivilege():
            return ddl_privileges.create_default_privilege(obj)
        case Owner():
            return ddl_privileges.owner_statements(obj)
        case Sequence():
            return ddl_types.create_sequence(obj)
        case Function():
            return _function(obj)
        case Table():
            return ddl_tables.create_table(obj)
        case Constraint():
            return ddl_tables.create_constraint(obj)
        case Index():
            return ddl_tables.create_index(obj)
        case View():
            return ddl_tables.create_view(obj)
        case Trigger():
            return ddl_tables.create_trigger(obj)
        case Policy():
            return ddl_tables.create_policy(obj)


def drop_statements(obj: CatalogObject) -> tuple[str, ...]:
    """The statement that drops `obj` (none for an index its constraint owns)."""
    match obj:
        case Schema():
            return (f"DROP SCHEMA {ident(obj.name)}",)
        case Extension():
            return (f"DROP EXTENSION {ident(obj.name)}",)
        case Collation():
            return (f"DROP COLLATION {obj.qualified_name}",)
        case EnumType():
            return (f"DROP TYPE {qualified(obj.schema, obj.name)}",)
        case Domain():
            return (f"DROP DOMAIN {qualified(obj.schema, obj.name)}",)
        case CompositeType():
            return (f"DROP TYPE {obj.qualified_name}",)
        case Aggregate():
            return (ddl_aggregates.drop_aggregate(obj),)
        case Grant():
            return ddl_privileges.revoke_grant_statements(obj)
        case DefaultPrivilege():
            return ddl_privileges.drop_default_privilege(obj)
        case Owner():
            return ()  # the object goes, or another owner takes it
        case Sequence():
            # An owned sequence goes with its table, which drops before it.
            exists = " IF EXISTS" if obj.owned_by is not None else ""
            return (f"DROP SEQUENCE{exists} {qualified(obj.schema, obj.name)}",)
        case Function():
            word = "PROCEDURE" if obj.kind is FunctionKind.PROCEDURE else "FUNCTION"
            return (f"DROP {word} {obj.qualified_signature}",)
        case Table():
            return (f"DROP TABLE {obj.qualified_name}",)
        case Constraint():
            on = qualified(obj.schema, obj.table)
            return (f"ALTER TABLE {on} DROP CONSTRAINT {ident(obj.name)}",)
        case Index():
            if obj.constraint is not None:
                return ()  # dropping the constraint drops it
            return (f"DROP INDEX {qualified(obj.schema, obj.name)}",)
        case View():
            what = "MATERIALIZED VIEW" if obj.materialized else "VIEW"
            return (f"DROP {what} {qualified(obj.schema, obj.name)}",)
        case Trigger():
            return (f"DROP TRIGGER {ident(obj.name)} ON {qualified(obj.schema, obj.table)}",)
        case Policy():
            return (f"DROP POLICY {ident(obj.name)} ON {qualified(obj.schema, obj.table)}",)


def _script(statements: tuple[str, ...]) -> str:
    return "".join(f"{s};\n" for s in statements)


def create_sql(obj: CatalogObject) -> str:
    return _script(create_statements(obj))


def drop_sql(obj: CatalogObject) -> str:
    return _script(drop_statements(obj))


def ensure_partitions_sql(catalog: Catalog, table: Table) -> tuple[str, ...]:
    """The call that creates the managed monthly partitions of `table`, if it has any.

    Needed after creating such a table when the catalog leaves its managed
    partitions out (the default); with the arguments the schema itself uses.
    """
    if not table.monthly_partitions:
        return ()
    fn = ensure_function(catalog, table)
    if fn is None:
        return ()
    call = (
        f"SELECT {qualified(fn.schema, fn.name)}({literal(table.qualified_name)}, "
        f"months_ahead => {MONTHS_AHEAD}, months_back => {MONTHS_BACK})"
    )
    return (call,)


def dump_sql(catalog: Catalog) -> str:
    """A script that builds `catalog` in an empty database (`psql -v ON_ERROR_STOP=1 -f -`)."""
    objects = catalog.by_key()
    order = dependency_graph(catalog).order()
    version = catalog.server_version
    lines = [
        "-- primedb schema dump: the catalog model as SQL, in dependency order.",
        f"-- Read from PostgreSQL {version // 10000}.{version % 10000}"
        if version
        else "-- Built from a catalog model.",
        "-- Privileges are dumped where they differ from PostgreSQL's defaults; owners only"
        " when read with them (--with-owners). Roles must exist.",
        "",
        _script(PREAMBLE),
    ]
    for key in order:
        obj = objects[key]
        if isinstance(obj, DefaultPrivilege):
            continue  # last: the objects above get exactly the privileges they list
        if statements := create_statements(obj):
            lines.append(f"-- {comment_line(obj.label)}")
            lines.append(_script(statements))
    defaults = tuple(s for d in catalog.default_privileges for s in create_statements(d))
    if defaults:
        lines.append("-- default privileges of objects made later")
        lines.append(_script(defaults))
    owned = tuple(s for seq in catalog.sequences for s in sequence_ownership(seq))
    if owned:
        lines.append("-- sequences owned by columns")
        lines.append(_script(owned))
    if not catalog.managed_partitions_included:
        # Last: the call also creates <parent>_default when missing, so it runs
        # after the partitions the model holds, and clones the parent's indexes,
        # constraints and triggers onto the months it creates.
        calls = tuple(s for t in catalog.tables for s in ensure_partitions_sql(catalog, t))
        if calls:
            lines.append("-- managed monthly partitions (UTC months around today)")
            lines.append(_script(calls))
    return "\n".join(lines)
