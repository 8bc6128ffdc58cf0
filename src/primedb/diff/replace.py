"""Replacing an enum or a domain under its columns, keeping their data.

PostgreSQL cannot take a label out of an enum, reorder its labels, change a
domain's base type, retype an attribute of a composite type a column uses,
or change a collation. The plan replaces the type (or collation) instead:

1. `ALTER TYPE t RENAME TO t_primedb_old` (its columns follow it: they are
   bound to the type, not to its name), and `CREATE TYPE t ...` anew;
2. each column converted: `ALTER COLUMN c TYPE t USING c::text::t` (for an
   enum or a composite type; a domain goes through its base type; a column
   of a replaced collation keeps its type, `COLLATE` the new one), its
   default dropped before and set again after, since it cannot be cast along;
3. `DROP TYPE t_primedb_old`, once nothing uses it.

Each step has its exact inverse, so the rollback is the same three steps
backwards. What cannot follow a renamed type (functions taking it, views
and constraints over its columns) is recreated around the replacement.
A rollback that has to take labels out again, after labels were added in
place, does all three steps in one go (`enum_in_place`).
"""

import dataclasses

from primedb.catalog import ddl
from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.quote import ident, literal, qualified
from primedb.catalog.schemas import Domain, EnumType
from primedb.catalog.tables import Table
from primedb.diff.coercion import parse_type
from primedb.diff.columns import Conversion
from primedb.diff.common import plain, temp_name
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = [
    "conversion",
    "drop_old",
    "enum_in_place",
    "old_name",
    "rename_and_create",
    "undo_drop_old",
    "undo_rename_and_create",
]

Statements = tuple[Statement, ...]
TypeObject = EnumType | Domain | CompositeType | Collation


def old_name(obj: TypeObject) -> str:
    """Where the replaced type waits until its columns are converted."""
    return temp_name(obj.name, "primedb_old")


def _word(obj: TypeObject) -> str:
    if isinstance(obj, Domain):
        return "DOMAIN"
    if isinstance(obj, Collation):
        return "COLLATION"
    return "TYPE"


def rename_and_create(current: TypeObject, desired: TypeObject, side: Side) -> Statements:
    """Step 1: the old type renamed aside, the new one created under the name."""
    name = qualified(current.schema, current.name)
    out = [plain(f"ALTER {_word(current)} {name} RENAME TO {ident(old_name(current))}", side)]
    out.extend(plain(s, side) for s in ddl.create_statements(desired))
    return tuple(out)


def undo_rename_and_create(current: TypeObject, desired: TypeObject, side: Side) -> Statements:
    name = qualified(desired.schema, desired.name)
    aside = qualified(current.schema, old_name(current))
    return (
        plain(f"DROP {_word(desired)} {name}", side),
        plain(f"ALTER {_word(current)} {aside} RENAME TO {ident(current.name)}", side),
    )


def drop_old(current: TypeObject, side: Side) -> Statements:
    """Step 3: the old type, now unused."""
    return (plain(f"DROP {_word(current)} {qualified(current.schema, old_name(current))}", side),)


def undo_drop_old(current: TypeObject, side: Side) -> Statements:
    """The old type made again under its waiting name (with its comment, which follows it)."""
    aside = dataclasses.replace(current, name=old_name(current))
    return tuple(plain(s, side) for s in ddl.create_statements(aside))


def conversion(
    column: str, column_type: str, source: TypeObject, target: str, target_type: TypeObject
) -> Conversion:
    """How a column of `column_type` (over `source`) becomes `target_type`, named `target`."""
    if isinstance(source, Collation):  # the type stays; the collation is the new one
        return Conversion(f"{column_type} COLLATE {target}", ident(column), False, rewrite=False)
    array = parse_type(column_type).array
    via = source.base_type if isinstance(source, Domain) else "text"
    suffix = "[]" if array else ""
    return Conversion(
        f"{target}{suffix}",
        f"{ident(column)}::{via}{suffix}::{target}{suffix}",
        _may_not_fit(source, target_type),
    )


def _may_not_fit(source: TypeObject, target: TypeObject) -> bool:
    """An enum losing labels, a domain that is not over the same base type, a composite
    type whose text form changes."""
    if isinstance(source, EnumType) and isinstance(target, EnumType):
        return not set(source.labels) <= set(target.labels)
    return True


def _enum_columns(enum: EnumType, side: Side) -> list[tuple[Table, str, str, str | None]]:
    """The columns of type `enum` (or an array of it) in tables on both ends of `side`."""
    name = qualified(enum.schema, enum.name)
    there = {t.key for t in side.start.tables}
    found = []
    for table in side.end.tables:
        if table.parent is not None or table.key not in there:
            continue  # partitions follow their parent
        for col in table.columns_in_order():
            if col.type in (name, f"{name}[]"):
                found.append((table, col.name, col.type, col.default))
    return found


def enum_in_place(current: EnumType, desired: EnumType, side: Side) -> Statements:
    """Labels taken out (the rollback of labels added): the whole replacement at once."""
    name = qualified(desired.schema, desired.name)
    out = list(rename_and_create(current, desired, side))
    for table, column, column_type, default in _enum_columns(desired, side):
        target, using, _, _ = conversion(column, column_type, current, name, desired)
        prefix = f"ALTER TABLE {table.qualified_name} ALTER COLUMN {ident(column)}"
        subject = f"{table.qualified_name}.{ident(column)}"
        if default is not None:
            out.append(plain(f"{prefix} DROP DEFAULT", side, LockLevel.ACCESS_EXCLUSIVE))
        why = f"converted to {name} without the labels {', '.join(_gone(current, desired))}"
        out.append(
            statement(
                f"{prefix} TYPE {target} USING {using}",
                LockLevel.ACCESS_EXCLUSIVE,
                side,
                hazards=[
                    hazard(K.TABLE_REWRITE, subject, why),
                    hazard(K.ACCESS_EXCLUSIVE_LOCK, subject, why),
                    hazard(K.MAY_FAIL_ON_DATA, subject, "fails while a row holds a removed label"),
                ],
                table=table.key,
            )
        )
        if default is not None:
            out.append(plain(f"{prefix} SET DEFAULT {default}", side, LockLevel.ACCESS_EXCLUSIVE))
    out.extend(drop_old(current, side))
    return tuple(out)


def _gone(current: EnumType, desired: EnumType) -> list[str]:
    return [literal(label) for label in current.labels if label not in desired.labels]
