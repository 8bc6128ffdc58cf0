"""Composite types: `CREATE TYPE name AS (attribute type, ...)`.

Unlike a table's columns, the attributes of a composite type keep their
order in comparisons: it is the order of a row constructor and of the type's
text form, so two types with the same attributes in another order differ.
Typed tables (`CREATE TABLE ... OF type`) are not modelled.
"""

from dataclasses import dataclass, field

from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.quote import qualified

__all__ = ["Attribute", "CompositeType"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribute:
    name: str
    type: str  # format_type: `numeric(12,2)`, `public.mood[]`
    collation: str | None = None  # only when it is not the type's default collation
    comment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CompositeType:
    schema: str
    name: str
    attributes: tuple[Attribute, ...] = ()  # in order
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.COMPOSITE_TYPE, self.schema, self.name)

    @property
    def label(self) -> str:
        return f"composite type {qualified(self.schema, self.name)}"

    @property
    def qualified_name(self) -> str:
        return qualified(self.schema, self.name)
