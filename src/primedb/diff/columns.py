"""Columns of tables that exist on both sides: ADD, DROP and ALTER COLUMN.

The online-safe form of `SET NOT NULL` on a table that may have rows: a
`CHECK (col IS NOT NULL) NOT VALID` (an instant), its `VALIDATE CONSTRAINT`
outside the transaction (a scan that lets reads and writes go on), then
`SET NOT NULL`, which trusts the validated check instead of scanning under
its ACCESS EXCLUSIVE lock, and the check dropped. A re-run first drops a
check a failed run left behind.

A type change drops the column's default first when it cannot be cast with
the column (and sets it again after); a partition's column takes only what a
partition may set on its own (default, NOT NULL, statistics, comment). A
column moved from one enum to another goes through text (PostgreSQL has no
cast between two enums), and may fail where the new enum lacks a label.
"""

from dataclasses import replace
from typing import NamedTuple

from primedb.catalog.ddl import column_sql, sequence_options_sql
from primedb.catalog.model import Catalog
from primedb.catalog.quote import ident, qualified
from primedb.catalog.schemas import EnumType
from primedb.catalog.tables import Column, Table
from primedb.diff.coercion import classify
from primedb.diff.common import comment, plain, temp_name
from primedb.diff.context import Side, guard, hazard, statement
from primedb.diff.hazards import Hazard
from primedb.diff.hazards import HazardKind as K
from primedb.diff.items import ColumnItem, effective_columns
from primedb.diff.plan import LockLevel, Statement
from primedb.diff.volatility import volatile_call

__all__ = ["Conversion", "add_column", "alter_column", "drop_column", "not_null_name"]

Statements = tuple[Statement, ...]
AX = LockLevel.ACCESS_EXCLUSIVE
SUE = LockLevel.SHARE_UPDATE_EXCLUSIVE

_DEFAULT_COLLATION = 'pg_catalog."default"'


class Conversion(NamedTuple):
    """How a column is converted to a replaced type or collation."""

    type: str  # the type to write (with its COLLATE clause for a collation)
    using: str  # the USING expression
    may_fail: bool  # values the new type may not take
    rewrite: bool = True  # False: only the collation changes (its indexes are rebuilt)


def not_null_name(column: str) -> str:
    """The name of the temporary check behind an online SET NOT NULL."""
    return temp_name(column, "primedb_not_null")


def _names(item: ColumnItem) -> tuple[str, str, str]:
    table = qualified(item.schema, item.table)
    col = ident(item.column.name)
    return table, col, f"{table}.{col}"


def _rewrite_reason(col: Column, side: Side) -> str:
    if col.identity is not None:
        return "an identity column fills every existing row from its sequence"
    if col.generated is not None:
        return "a stored generated column is computed for every existing row"
    if (call := volatile_call(col.default, side.end)) is not None:
        return f"the default calls {call}, which is volatile: every row gets its own value"
    return ""


def add_column(item: ColumnItem, side: Side) -> Statements:
    if (parent_name := item.from_parent) is not None:
        # The parent's ADD COLUMN made it; the partition or child only sets its own.
        parent_table = side.end.table(*parent_name)
        parent = {c.name: c for c in effective_columns(parent_table, side.end)}[item.column.name]
        before = replace(item, column=replace(parent, inherited=item.column.inherited))
        return alter_column(before, item, side)
    table, _, subject = _names(item)
    col = item.column
    hazards: list[Hazard] = []
    if reason := _rewrite_reason(col, side):
        hazards += [
            hazard(K.TABLE_REWRITE, subject, reason),
            hazard(K.ACCESS_EXCLUSIVE_LOCK, subject, reason),
        ]
    elif col.not_null and col.default is None:
        hazards.append(
            hazard(
                K.MAY_FAIL_ON_DATA,
                subject,
                "a NOT NULL column without a DEFAULT cannot be added to a table with rows",
            )
        )
    out = [
        statement(
            f"ALTER TABLE {table} ADD COLUMN {column_sql(col)}",
            AX,
            side,
            hazards=hazards,
            table=item.table_key,
        )
    ]
    out.extend(_statistics(item, None, col.statistics, side))
    out.extend(comment(f"COLUMN {subject}", None, col.comment, side))
    return tuple(out)


def drop_column(item: ColumnItem, side: Side) -> Statements:
    if item.from_parent is not None:
        return ()  # the parent's DROP COLUMN takes it
    table, col, subject = _names(item)
    hazards = []
    if item.column.generated is None:  # a generated column's values come back by themselves
        hazards.append(hazard(K.DELETES_DATA, subject))
    return (
        statement(
            f"ALTER TABLE {table} DROP COLUMN {col}",
            AX,
            side,
            hazards=hazards,
            table=item.table_key,
        ),
    )


def _statistics(item: ColumnItem, old: int | None, new: int | None, side: Side) -> Statements:
    if old == new:
        return ()
    table, col, _ = _names(item)
    value = -1 if new is None else new
    return (plain(f"ALTER TABLE {table} ALTER COLUMN {col} SET STATISTICS {value}", side, SUE),)


def _type_change(
    item: ColumnItem, before: Column, after: Column, side: Side, conversion: Conversion | None
) -> tuple[Statements, bool]:
    """The ALTER ... TYPE statement, and whether the default must be dropped around it."""
    table, col, subject = _names(item)
    if conversion is None and (before.type, before.collation) == (after.type, after.collation):
        return (), False
    prefix = f"ALTER TABLE {table} ALTER COLUMN {col}"
    hazards: list[Hazard] = []
    if conversion is not None:
        new_type, using, may_fail, rewrite = conversion
        sql = f"{prefix} TYPE {new_type} USING {using}"
        reason = f"converted to {new_type}"
        if rewrite:
            hazards += [
                hazard(K.TABLE_REWRITE, subject, reason),
                hazard(K.ACCESS_EXCLUSIVE_LOCK, subject, reason),
            ]
        elif _indexed(item, side):
            hazards.append(hazard(K.INDEX_BUILD, subject, "its indexes are rebuilt"))
        if may_fail:
            why = "rows holding a value the new type does not take fail"
            hazards.append(hazard(K.MAY_FAIL_ON_DATA, subject, why))
        return (statement(sql, AX, side, hazards=hazards, table=item.table_key),), rewrite
    if (between := _between_enums(before.type, after.type, side)) is not None:
        return _enum_to_enum(item, after, between, side), before.default is not None
    change = classify(before.type, after.type)
    sql = f"{prefix} TYPE {after.type}"
    if after.collation is not None or before.collation != after.collation:
        sql += f" COLLATE {after.collation or _DEFAULT_COLLATION}"
    if change.using:
        sql += f" USING {col}::{after.type}"
    if change.rewrite:
        hazards += [
            hazard(K.TABLE_REWRITE, subject, change.reason),
            hazard(K.ACCESS_EXCLUSIVE_LOCK, subject, change.reason),
        ]
    elif before.type == after.type and _indexed(item, side):
        hazards.append(hazard(K.INDEX_BUILD, subject, "its indexes are rebuilt for the collation"))
    if change.may_fail:
        hazards.append(hazard(K.MAY_FAIL_ON_DATA, subject, "values the new type cannot hold fail"))
    if change.lossy:
        hazards += [
            hazard(K.DELETES_DATA, subject, change.reason),
            hazard(K.IRREVERSIBLE, subject, "the rollback restores the type, not the values"),
        ]
    statements = (statement(sql, AX, side, hazards=hazards, table=item.table_key),)
    return statements, change.rewrite and before.default is not None


def _enum(type_name: str, catalog: Catalog) -> EnumType | None:
    name = type_name.removesuffix("[]")
    return next((e for e in catalog.enums if qualified(e.schema, e.name) == name), None)


def _between_enums(old: str, new: str, side: Side) -> tuple[EnumType, EnumType] | None:
    """Both types are enums (or arrays of them, both): PostgreSQL has no cast between two."""
    if old.endswith("[]") != new.endswith("[]"):
        return None
    source, target = _enum(old, side.start), _enum(new, side.end)
    if source is None or target is None:
        return None
    return source, target


def _enum_to_enum(
    item: ColumnItem, after: Column, between: tuple[EnumType, EnumType], side: Side
) -> Statements:
    """`USING col::text::new`: each value by its label; a label the new type lacks fails."""
    table, col, subject = _names(item)
    source, target = between
    array = "[]" if after.type.endswith("[]") else ""
    using = f"{col}::text{array}::{after.type}"
    sql = f"ALTER TABLE {table} ALTER COLUMN {col} TYPE {after.type} USING {using}"
    reason = f"each value converted by its label to {after.type}"
    hazards = [
        hazard(K.TABLE_REWRITE, subject, reason),
        hazard(K.ACCESS_EXCLUSIVE_LOCK, subject, reason),
    ]
    missing = [label for label in source.labels if label not in target.labels]
    if missing:
        why = f"rows holding {', '.join(missing)} fail: {after.type} has no such label"
        hazards.append(hazard(K.MAY_FAIL_ON_DATA, subject, why))
    return (statement(sql, AX, side, hazards=hazards, table=item.table_key),)


def _indexed(item: ColumnItem, side: Side) -> bool:
    """Whether an index or a key uses the column (it is rebuilt with it)."""
    key = item.key
    return any(key in i.depends_on for i in side.start.indexes) or any(
        key in c.depends_on and c.index is not None for c in side.start.constraints
    )


def _not_null(item: ColumnItem, side: Side) -> Statements:
    table, col, subject = _names(item)
    set_it = f"ALTER TABLE {table} ALTER COLUMN {col} SET NOT NULL"
    if not side.may_have_rows(item.table_key):
        return (plain(set_it, side, AX),)
    check = ident(not_null_name(item.column.name))
    scan = [
        hazard(K.VALIDATION_SCAN, subject, "the check is validated without blocking writes"),
        hazard(K.MAY_FAIL_ON_DATA, subject, "fails while a row holds NULL"),
    ]
    return (
        guard(
            f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check}", transactional=True, lock=AX
        ),
        plain(
            f"ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({col} IS NOT NULL) NOT VALID",
            side,
            AX,
        ),
        statement(
            f"ALTER TABLE {table} VALIDATE CONSTRAINT {check}",
            SUE,
            side,
            hazards=scan,
            table=item.table_key,
            transactional=False,
            subject=subject,
        ),
        plain(set_it, side, AX),
        plain(f"ALTER TABLE {table} DROP CONSTRAINT {check}", side, AX),
    )


def _identity(item: ColumnItem, before: Column, after: Column, side: Side) -> Statements:
    table, col, subject = _names(item)
    prefix = f"ALTER TABLE {table} ALTER COLUMN {col}"
    old, new = before.identity, after.identity
    if old == new or new is None:
        return ()
    if old is None:
        options = sequence_options_sql(after.type, new.options)
        sql = f"{prefix} ADD GENERATED {new.kind.value} AS IDENTITY" + (
            f" ({options})" if options else ""
        )
        note = "existing rows keep their values; new ones count from the sequence's start"
        return (statement(sql, AX, side, hazards=[hazard(K.BEHAVIOUR_CHANGE, subject, note)]),)
    out: list[Statement] = []
    if old.kind != new.kind:
        note = "inserts that give the column a value " + (
            "now fail" if new.kind.value == "ALWAYS" else "are now accepted"
        )
        out.append(
            statement(
                f"{prefix} SET GENERATED {new.kind.value}",
                AX,
                side,
                hazards=[hazard(K.BEHAVIOUR_CHANGE, subject, note)],
            )
        )
    if old.options != new.options:
        o = new.options
        cycle = "SET CYCLE" if o.cycle else "SET NO CYCLE"
        out.append(
            plain(
                f"{prefix} SET INCREMENT BY {o.increment} SET MINVALUE {o.minimum} "
                f"SET MAXVALUE {o.maximum} SET START WITH {o.start} SET CACHE {o.cache} {cycle}",
                side,
                AX,
            )
        )
    return tuple(out)


def alter_column(
    current: ColumnItem, desired: ColumnItem, side: Side, *, conversion: Conversion | None = None
) -> Statements:
    """The statements that turn `current.column` into `desired.column`."""
    item = desired
    before, after = current.column, desired.column
    table, col, subject = _names(item)
    prefix = f"ALTER TABLE {table} ALTER COLUMN {col}"
    out: list[Statement] = []
    partition = item.from_parent is not None or current.from_parent is not None
    if not partition and before.generated is None and after.generated is not None:
        # PostgreSQL 15 cannot give a column an expression: drop it and add it
        # back generated (this is the rollback of a DROP EXPRESSION).
        return (*drop_column(current, side), *add_column(desired, side))
    if not partition:
        if before.identity is not None and after.identity is None:
            note = "inserts no longer get a value from the sequence"
            out.append(
                statement(
                    f"{prefix} DROP IDENTITY",
                    AX,
                    side,
                    hazards=[hazard(K.BEHAVIOUR_CHANGE, subject, note)],
                )
            )
        if before.generated is not None and after.generated is None:
            out.append(plain(f"{prefix} DROP EXPRESSION", side, AX))
    retype, default_in_the_way = (
        ((), False) if partition else _type_change(item, before, after, side, conversion)
    )
    default = before.default
    if default_in_the_way and default is not None:
        out.append(plain(f"{prefix} DROP DEFAULT", side, AX))
        default = None
    out.extend(retype)
    if default != after.default:
        sql = f"{prefix} SET DEFAULT {after.default}" if after.default else f"{prefix} DROP DEFAULT"
        hazards = []
        if before.default != after.default and conversion is None:
            hazards.append(hazard(K.BEHAVIOUR_CHANGE, subject, "rows inserted from now on"))
        out.append(statement(sql, AX, side, hazards=hazards))
    if before.not_null != after.not_null:
        if after.not_null:
            out.extend(_not_null(item, side))
        else:
            out.append(plain(f"{prefix} DROP NOT NULL", side, AX))
    if not partition and (before.default, before.not_null) != (after.default, after.not_null):
        out.extend(_partitions_again(item, before, after, side))
    if not partition:
        out.extend(_identity(item, before, after, side))
    out.extend(_statistics(item, before.statistics, after.statistics, side))
    out.extend(comment(f"COLUMN {subject}", before.comment, after.comment, side))
    return tuple(out)


def _below(table: Table, side: Side) -> tuple[Table, ...]:
    """The partitions and inheritance children of `table` where this direction ends."""
    key = (table.schema, table.name)
    return tuple(t for t in side.end.tables if t.parent == key or key in t.inherits)


def _partitions_again(item: ColumnItem, before: Column, after: Column, side: Side) -> Statements:
    """A parent's SET/DROP DEFAULT and DROP NOT NULL reach every partition and child: those
    that set their own (in the state this direction ends at) set it again."""
    try:
        table = side.end.table(item.schema, item.table)
    except KeyError:
        return ()
    if table.partition_key is None and not _below(table, side):
        return ()
    out: list[Statement] = []
    below = list(_below(table, side))
    while below:
        part = below.pop(0)
        below.extend(_below(part, side))
        mine = {c.name: c for c in effective_columns(part, side.end)}.get(after.name)
        if mine is None:
            continue
        own = ColumnItem(
            schema=part.schema,
            table=part.name,
            column=mine,
            partition_of=part.parent,
            inherited_from=None if part.parent else (table.schema, table.name),
        )
        spread = mine
        if before.default != after.default:
            spread = replace(spread, default=after.default)
        if before.not_null != after.not_null:
            spread = replace(spread, not_null=after.not_null)
        if spread.default != mine.default or spread.not_null != mine.not_null:
            inherited = replace(own, column=spread)
            out.extend(alter_column(inherited, own, side))
    return tuple(out)
