"""Table inheritance (`INHERITS`): what a child holds of its own.

A child takes its parents' columns (type, collation, default, NOT NULL,
generation expression; not an identity) and their CHECK constraints that are
not `NO INHERIT`. The model keeps a child's own columns whole and, of the
columns a parent provides, only those where the child sets something itself
(a default, NOT NULL, a statistics target, a comment), marked `inherited`.
A column is provided by the first parent, in INHERITS order, that has it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace

from primedb.catalog.tables import Column, Table
from primedb.errors import UnsupportedObject

__all__ = ["child_columns", "provided_columns"]


def provided_columns(table: Table, tables: Mapping[tuple[str, str], Table]) -> dict[str, Column]:
    """The columns `table`'s parents give it (their whole columns, identity left out)."""
    found: dict[str, Column] = {}
    for parent_name in table.inherits:
        parent = tables.get(parent_name)
        if parent is None:
            raise UnsupportedObject(
                f"{table.label} inherits from {parent_name[0]}.{parent_name[1]}, which the "
                "catalog model does not hold: remove the inheritance (ALTER TABLE ... NO INHERIT)"
            )
        for col in parent.columns:
            found.setdefault(col.name, replace(col, identity=None, comment=None, statistics=None))
    return found


def child_columns(columns: Iterable[Column], provided: Mapping[str, Column]) -> tuple[Column, ...]:
    """A child's columns as the model keeps them (see the module docstring)."""
    kept: list[Column] = []
    for col in columns:
        parent = provided.get(col.name)
        if parent is None:
            kept.append(col)
            continue
        own = col.comment is not None or col.statistics is not None
        if own or (col.default, col.not_null) != (parent.default, parent.not_null):
            kept.append(replace(col, inherited=True, identity=None))
    return tuple(sorted(kept, key=lambda c: c.name))
