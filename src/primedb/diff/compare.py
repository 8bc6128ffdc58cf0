"""How an item present on both sides changes: not at all, in place, or by recreation.

`how(current, desired)` answers per kind. In place means `ALTER` (or
`CREATE OR REPLACE`) keeps the object and what depends on it; recreation
means a drop and a create, and takes its dependents along (see `actions.py`).
An enum whose labels are removed or reordered, a domain whose base type
changes, a composite type whose attributes change other than by dropping or
appending, or a collation that changes, is recreated by *replacement*
(renamed aside, created anew, its columns converted, the old one dropped),
so its columns keep their data.
"""

from dataclasses import replace
from enum import Enum

from primedb.catalog.aggregates import Aggregate
from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.kinds import ConstraintKind
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import Domain, EnumType
from primedb.catalog.tables import Constraint, Index, Table, View
from primedb.diff.composites import appendable, collation_alterable
from primedb.diff.items import ColumnItem, Item, MonthsItem

__all__ = ["How", "enum_additions", "how", "same_table", "view_replaceable"]


class How(Enum):
    ALTER = "alter"
    RECREATE = "recreate"


def same_table(a: Table, b: Table) -> bool:
    """Equal as tables, leaving out what other items carry (columns, monthly partitions)."""
    return replace(a, columns=(), monthly_partitions=False) == replace(
        b, columns=(), monthly_partitions=False
    )


def enum_additions(current: EnumType, desired: EnumType) -> bool:
    """True when `desired` only adds labels to `current`, keeping their order."""
    labels = iter(desired.labels)
    return all(any(label == other for other in labels) for label in current.labels)


def view_replaceable(current: View, desired: View) -> bool:
    """CREATE OR REPLACE VIEW keeps the old columns (names and types) and may add some."""
    if current.materialized or desired.materialized:
        return False
    n = len(current.columns)
    if desired.columns[:n] != current.columns:
        return False
    if current.column_types and desired.column_types:
        return desired.column_types[:n] == current.column_types
    return True


def _constraint(a: Constraint, b: Constraint) -> How:
    core_a = replace(a, comment=None, validated=True, depends_on=())
    core_b = replace(b, comment=None, validated=True, depends_on=())
    if core_a == core_b:
        return How.ALTER  # comment, or validation
    if a.kind is ConstraintKind.FOREIGN_KEY and b.kind is ConstraintKind.FOREIGN_KEY:
        loose_a = replace(core_a, deferrable=False, initially_deferred=False, definition="")
        loose_b = replace(core_b, deferrable=False, initially_deferred=False, definition="")
        if loose_a == loose_b and _strip_deferral(a.definition) == _strip_deferral(b.definition):
            return How.ALTER
    return How.RECREATE


def _strip_deferral(definition: str) -> str:
    for words in (" DEFERRABLE INITIALLY DEFERRED", " DEFERRABLE", " NOT DEFERRABLE"):
        definition = definition.replace(words, "")
    return definition


def _index(a: Index, b: Index) -> How:
    if not (a.valid and b.valid):
        return How.RECREATE  # an INVALID leftover of a failed CREATE INDEX CONCURRENTLY
    loose_a = replace(
        a,
        options=b.options,
        clustered=b.clustered,
        comment=b.comment,
        definition=b.definition,
        partitions=b.partitions,  # renamed in place
    )
    return How.ALTER if loose_a == b else How.RECREATE


def _policy(a: Policy, b: Policy) -> How:
    if (a.command, a.permissive) != (b.command, b.permissive):
        return How.RECREATE
    for x, y in ((a, b), (b, a)):  # the rollback goes the other way
        if (x.using is not None and y.using is None) or (
            x.with_check is not None and y.with_check is None
        ):
            return How.RECREATE  # ALTER POLICY cannot take an expression away
    return How.ALTER


def _function(a: Function, b: Function) -> How:
    if (a.kind, a.result, a.arguments) != (b.kind, b.result, b.arguments):
        return How.RECREATE  # CREATE OR REPLACE cannot change them
    return How.ALTER


def _trigger(a: Trigger, b: Trigger) -> How:
    if a.definition != b.definition and (a.constraint or b.constraint):
        return How.RECREATE  # CREATE OR REPLACE does not take constraint triggers
    return How.ALTER


def _view(a: View, b: View) -> How:
    if a.definition == b.definition and a.materialized == b.materialized:
        return How.ALTER
    # CREATE OR REPLACE must work both ways: the rollback replaces it back.
    both = view_replaceable(a, b) and view_replaceable(b, a)
    return How.ALTER if both else How.RECREATE


def _column(a: ColumnItem, b: ColumnItem) -> How:
    before, after = a.column, b.column
    if after.generated is not None and before.generated != after.generated:
        return How.RECREATE  # PostgreSQL 15 cannot set a generation expression
    return How.ALTER


def changed(a: Item, b: Item) -> bool:
    match a, b:
        case Table(), Table():
            return not same_table(a, b)
        case ColumnItem(), ColumnItem():
            return a.column != b.column
        case MonthsItem(), MonthsItem():
            return False
        case _:
            return a != b


def how(a: Item, b: Item) -> How | None:
    """None when `a` and `b` are the same; else how `a` becomes `b`."""
    if not changed(a, b):
        return None
    match a, b:
        case EnumType(), EnumType():
            return How.ALTER if enum_additions(a, b) else How.RECREATE
        case Domain(), Domain():
            same_base = (a.base_type, a.collation) == (b.base_type, b.collation)
            return How.ALTER if same_base else How.RECREATE
        case CompositeType(), CompositeType():
            in_place = appendable(a, b) and appendable(b, a)
            return How.ALTER if in_place else How.RECREATE
        case Collation(), Collation():
            return How.ALTER if collation_alterable(a, b) else How.RECREATE
        case Aggregate(), Aggregate():
            fixed_a = (a.kind, a.identity, a.result)
            return How.ALTER if fixed_a == (b.kind, b.identity, b.result) else How.RECREATE
        case Function(), Function():
            return _function(a, b)
        case Table(), Table():
            return How.ALTER if a.partition_key == b.partition_key else How.RECREATE
        case Constraint(), Constraint():
            return _constraint(a, b)
        case Index(), Index():
            return _index(a, b)
        case View(), View():
            return _view(a, b)
        case Trigger(), Trigger():
            return _trigger(a, b)
        case Policy(), Policy():
            return _policy(a, b)
        case ColumnItem(), ColumnItem():
            return _column(a, b)
        case _:
            return How.ALTER
