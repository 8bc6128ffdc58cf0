"""The statements that create, drop or alter one item, for one direction.

One entry per verb, dispatching on the item's kind to the module that knows
it. The same call serves both directions: the up direction creates what the
desired side has, the down direction drops it again, and the other way round.
"""

from primedb.catalog import ddl
from primedb.catalog.aggregates import Aggregate
from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.privileges import DefaultPrivilege, Grant, Owner
from primedb.catalog.quote import ident, qualified
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import Domain, EnumType, Extension, Schema, Sequence
from primedb.catalog.tables import Constraint, Index, Table, View
from primedb.diff import (
    aggregates,
    columns,
    composites,
    constraints,
    indexes,
    privileges,
    replace,
    routines,
    tables,
    types,
    views,
)
from primedb.diff.common import plain
from primedb.diff.compare import enum_additions
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.items import ColumnItem, Item, MonthsItem, OwnerItem
from primedb.diff.plan import LockLevel, Statement

__all__ = ["alter", "create", "drop"]

Statements = tuple[Statement, ...]


def _plain_all(statements: tuple[str, ...], side: Side) -> Statements:
    return tuple(plain(s, side) for s in statements)


def create(item: Item, side: Side) -> Statements:
    """The statements that create `item`, then take back what default privileges gave it."""
    made = _create(item, side)
    schema = item.name if isinstance(item, Schema) else getattr(item, "schema", None)
    return (*made, *privileges.reset_after_create(item.key, schema, side))


def _create(item: Item, side: Side) -> Statements:
    match item:
        case Schema() | Extension() | EnumType() | Domain() | Collation() | CompositeType():
            return _plain_all(ddl.create_statements(item), side)
        case Sequence():
            return _plain_all(ddl.create_statements(item), side)
        case Function():
            return routines.create_function(item, side)
        case Aggregate():
            return aggregates.create(item, side)
        case Grant():
            return privileges.create_grant(item, side)
        case DefaultPrivilege():
            return privileges.create_default_privilege(item, side)
        case Owner():
            return privileges.create_owner(item, side)
        case Table():
            return tables.create_table(item, side)
        case Constraint():
            return constraints.create_constraint(item, side)
        case Index():
            return indexes.create_index(item, side)
        case View():
            return views.create_view(item, side)
        case Trigger():
            return routines.create_trigger(item, side)
        case Policy():
            return routines.create_policy(item, side)
        case ColumnItem():
            return columns.add_column(item, side)
        case OwnerItem():
            return types.create_owner(item, side)
        case MonthsItem():
            return tables.create_months(item, side)


def drop(item: Item, side: Side) -> Statements:
    match item:
        case Schema():
            return (plain(f"DROP SCHEMA {ident(item.name)}", side),)
        case Extension():
            change = hazard(K.BEHAVIOUR_CHANGE, f"extension {item.name}", "its objects go with it")
            return (
                statement(
                    f"DROP EXTENSION {ident(item.name)}", LockLevel.NONE, side, hazards=[change]
                ),
            )
        case EnumType():
            return types.drop_type("TYPE", qualified(item.schema, item.name), side)
        case Domain():
            return types.drop_type("DOMAIN", qualified(item.schema, item.name), side)
        case CompositeType():
            return types.drop_type("TYPE", item.qualified_name, side)
        case Collation():
            return types.drop_type("COLLATION", item.qualified_name, side)
        case Aggregate():
            return aggregates.drop_aggregate(item, side)
        case Grant():
            return privileges.drop_grant(item, side)
        case DefaultPrivilege():
            return privileges.drop_default_privilege(item, side)
        case Owner():
            return ()  # its object goes, or the other side has another owner
        case Sequence():
            lost = hazard(
                K.DELETES_DATA,
                qualified(item.schema, item.name),
                "its position is lost: recreated, it hands out used values again",
            )
            sql = f"DROP SEQUENCE {qualified(item.schema, item.name)}"
            return (statement(sql, LockLevel.NONE, side, hazards=[lost]),)
        case Function():
            return routines.drop_function(item, side)
        case Table():
            return tables.drop_table(item, side)
        case Constraint():
            return constraints.drop_constraint(item, side)
        case Index():
            return indexes.drop_index(item, side)
        case View():
            return views.drop_view(item, side)
        case Trigger():
            return routines.drop_trigger(item, side)
        case Policy():
            return routines.drop_policy(item, side)
        case ColumnItem():
            return columns.drop_column(item, side)
        case OwnerItem():
            return types.drop_owner(item, side)
        case MonthsItem():
            return tables.drop_months(item, side)


def alter(a: Item, b: Item, side: Side) -> Statements:
    """`a` into `b` in place (the caller has decided that it can be done so)."""
    match a, b:
        case Schema(), Schema():
            return types.alter_schema(a, b, side)
        case Extension(), Extension():
            return types.alter_extension(a, b, side)
        case EnumType(), EnumType():
            if enum_additions(a, b):
                return types.alter_enum_labels(a, b, side)
            return replace.enum_in_place(a, b, side)
        case Domain(), Domain():
            return types.alter_domain(a, b, side)
        case CompositeType(), CompositeType():
            return composites.alter_composite(a, b, side)
        case Collation(), Collation():
            return composites.alter_collation(a, b, side)
        case Aggregate(), Aggregate():
            return aggregates.alter_aggregate(a, b, side)
        case Grant(), Grant():
            return privileges.alter_grant(a, b, side)
        case DefaultPrivilege(), DefaultPrivilege():
            return privileges.alter_default_privilege(a, b, side)
        case Owner(), Owner():
            return privileges.alter_owner(a, b, side)
        case Sequence(), Sequence():
            return types.alter_sequence(a, b, side)
        case Function(), Function():
            return routines.alter_function(a, b, side)
        case Table(), Table():
            return tables.alter_table(a, b, side)
        case Constraint(), Constraint():
            return constraints.alter_constraint(a, b, side)
        case Index(), Index():
            return indexes.alter_index(a, b, side)
        case View(), View():
            return views.alter_view(a, b, side)
        case Trigger(), Trigger():
            return routines.alter_trigger(a, b, side)
        case Policy(), Policy():
            return routines.alter_policy(a, b, side)
        case ColumnItem(), ColumnItem():
            return columns.alter_column(a, b, side)
        case OwnerItem(), OwnerItem():
            return types.alter_owner(a, b, side)
        case _:
            return ()
