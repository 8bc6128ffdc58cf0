"""Partitions: what a partition adds to its parent, and which partitions are managed.

A partition made by `CREATE TABLE ... PARTITION OF` takes its columns from the
parent (type, collation, default, NOT NULL, generation expression), so the
model keeps only the columns where the partition differs: a default of its
own (or none where the parent has one, after an ATTACH), NOT NULL, a
statistics target, a comment.

A partition is *managed* (made at run time by `ensure_monthly_partitions()`
of `schema/90_partitions.sql`) when its parent's schema has that function,
and it is a plain table named `<parent>_YYYY_MM`, bounded by exactly that UTC
month, carrying nothing of its own; see the docstring of `primedb.catalog.model`.
"""

import re
from collections.abc import Iterable

from primedb.catalog.routines import Function
from primedb.catalog.tables import Column, Table
from primedb.errors import UnsupportedObject

__all__ = ["ENSURE_FUNCTION", "ensure_function", "is_monthly_partition", "partition_overrides"]

ENSURE_FUNCTION = "ensure_monthly_partitions"

_MONTH_SUFFIX = re.compile(r"_(?P<year>\d{4})_(?P<month>\d{2})$")


def month_bound(year: int, month: int) -> str:
    """The bound PostgreSQL prints (TimeZone UTC) for one UTC month of a timestamptz key."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return (
        f"FOR VALUES FROM ('{year:04d}-{month:02d}-01 00:00:00+00') "
        f"TO ('{next_year:04d}-{next_month:02d}-01 00:00:00+00')"
    )


def ensure_function(functions: Iterable[Function], schema: str) -> Function | None:
    """The `ensure_monthly_partitions(regclass, ...)` of `schema`, if it has one."""
    for fn in functions:
        first = fn.argument_types.split(",")[0].strip()
        if fn.schema == schema and fn.name == ENSURE_FUNCTION and first == "regclass":
            return fn
    return None


def is_monthly_partition(table: Table) -> bool:
    """Named `<parent>_YYYY_MM` and bounded by exactly that UTC month (read in UTC)."""
    if table.parent is None or table.partition_key is not None:
        return False
    if table.schema != table.parent[0]:  # the function makes them in the parent's schema
        return False
    match = _MONTH_SUFFIX.search(table.name)
    if match is None or table.name[: match.start()] != table.parent[1]:
        return False
    year, month = int(match["year"]), int(match["month"])
    if not 1 <= month <= 12:
        return False
    return table.partition_bound == month_bound(year, month)


def partition_overrides(
    partition: str, columns: Iterable[Column], parent_columns: Iterable[Column]
) -> tuple[Column, ...]:
    """The columns of `partition` that differ from its parent's (by default, NOT NULL, ...)."""
    inherited = {c.name: c for c in parent_columns}
    differing: list[Column] = []
    for col in columns:
        parent = inherited.get(col.name)
        where = f"column {col.name} of partition {partition}"
        if parent is None:
            raise UnsupportedObject(
                f"{where} is not in its parent; the catalog model cannot represent it: "
                "give the parent the same columns"
            )
        if col.identity is not None:
            raise UnsupportedObject(
                f"{where} is an identity column of its own; the catalog model cannot "
                "represent it: drop the identity on the partition and keep the parent's"
            )
        if col.generated != parent.generated:
            raise UnsupportedObject(
                f"{where} has a generation expression that differs from its parent's; "
                "the catalog model cannot represent it: use the parent's expression"
            )
        # Defaults and NOT NULL are copied from the parent; comments and
        # statistics targets are not (a partition's own are always its own).
        own = col.comment is not None or col.statistics is not None
        if own or (col.default, col.not_null) != (parent.default, parent.not_null):
            differing.append(col)
    return tuple(sorted(differing, key=lambda c: c.name))
