"""Composite types and collations changed in place.

A composite type keeps its attributes in order. `ALTER TYPE ... ADD
ATTRIBUTE` appends one and `DROP ATTRIBUTE` removes one, also while table
columns use the type (PostgreSQL fills a new attribute with NULL in the
stored values); so a change that only drops attributes and appends new ones
(both ways, since the rollback goes back) is made in place. Anything else (an
attribute retyped, reordered, inserted in the middle) replaces the type, as
an enum's label removal does: renamed aside, made anew, its columns
converted through text, the old one dropped (see `replace.py`), since
PostgreSQL refuses to retype an attribute of a type a column uses.

A collation cannot change: only its comment does in place; any other change
replaces it the same way (the columns that use it are given the new one).
"""

from dataclasses import replace

from primedb.catalog.collations import Collation
from primedb.catalog.composites import Attribute, CompositeType
from primedb.catalog.ddl_types import attribute_sql
from primedb.catalog.quote import ident
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = ["alter_collation", "alter_composite", "appendable", "collation_alterable"]

Statements = tuple[Statement, ...]


def _shape(attr: Attribute) -> tuple[str, str, str | None]:
    return (attr.name, attr.type, attr.collation)


def appendable(a: CompositeType, b: CompositeType) -> bool:
    """`b` is `a` with some attributes dropped and others appended."""
    new_names = {x.name for x in b.attributes}
    kept = [_shape(x) for x in a.attributes if x.name in new_names]
    return [_shape(x) for x in b.attributes[: len(kept)]] == kept


def alter_composite(a: CompositeType, b: CompositeType, side: Side) -> Statements:
    name = b.qualified_name
    out: list[Statement] = []
    new_names = {x.name for x in b.attributes}
    old_names = {x.name for x in a.attributes}
    for attr in a.attributes:
        if attr.name not in new_names:
            lost = hazard(K.DELETES_DATA, f"{name}.{ident(attr.name)}", "its values in every row")
            out.append(
                statement(
                    f"ALTER TYPE {name} DROP ATTRIBUTE {ident(attr.name)}",
                    LockLevel.ACCESS_EXCLUSIVE,
                    side,
                    hazards=[lost],
                )
            )
    for attr in b.attributes:
        if attr.name not in old_names:
            added = attribute_sql(attr.name, attr.type, attr.collation)
            sql = f"ALTER TYPE {name} ADD ATTRIBUTE {added}"
            out.append(plain(sql, side, LockLevel.ACCESS_EXCLUSIVE))
    old_comments = {x.name: x.comment for x in a.attributes}
    for attr in b.attributes:
        out.extend(
            comment(
                f"COLUMN {name}.{ident(attr.name)}", old_comments.get(attr.name), attr.comment, side
            )
        )
    out.extend(comment(f"TYPE {name}", a.comment, b.comment, side))
    return tuple(out)


def collation_alterable(a: Collation, b: Collation) -> bool:
    return replace(a, comment=None) == replace(b, comment=None)


def alter_collation(a: Collation, b: Collation, side: Side) -> Statements:
    return comment(f"COLLATION {b.qualified_name}", a.comment, b.comment, side)
