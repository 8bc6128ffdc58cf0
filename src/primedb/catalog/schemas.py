"""Namespaces and types: schemas, extensions, enum types, domains, sequences.

Frozen, slotted, keyword-only dataclasses holding tuples, so two catalogs
compare with `==`. `depends_on` holds the dependencies PostgreSQL records in
`pg_depend` (as keys); it is derived, so it takes no part in comparisons.
"""

from dataclasses import dataclass, field

from primedb.catalog.kinds import Key, ObjectKind, Persistence
from primedb.catalog.quote import ident, qualified

__all__ = [
    "Domain",
    "DomainCheck",
    "EnumType",
    "Extension",
    "Schema",
    "Sequence",
    "SequenceOptions",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Schema:
    name: str
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.SCHEMA, self.name)

    @property
    def label(self) -> str:
        return f"schema {ident(self.name)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Extension:
    """An installed extension; the objects it creates are not part of the model."""

    name: str
    schema: str
    version: str
    comment: str | None = None
    # The versions this server can update it to from `version` (it has a path
    # of update scripts); a property of the server, not of the schema. None:
    # not known (a catalog not read from a server).
    update_targets: tuple[str, ...] | None = field(default=None, compare=False)
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.EXTENSION, self.name)

    @property
    def label(self) -> str:
        return f"extension {ident(self.name)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumType:
    schema: str
    name: str
    labels: tuple[str, ...]  # in sort order
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.ENUM, self.schema, self.name)

    @property
    def label(self) -> str:
        return f"enum type {qualified(self.schema, self.name)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainCheck:
    name: str
    definition: str  # pg_get_constraintdef without " NOT VALID": `CHECK ((VALUE > 0))`
    validated: bool = True
    comment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Domain:
    schema: str
    name: str
    base_type: str  # format_type of the base type, with its modifier
    default: str | None = None
    not_null: bool = False
    collation: str | None = None  # only when it is not the base type's default
    checks: tuple[DomainCheck, ...] = ()  # sorted by name
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.DOMAIN, self.schema, self.name)

    @property
    def label(self) -> str:
        return f"domain {qualified(self.schema, self.name)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceOptions:
    """The numbers of a sequence, or of the sequence behind an identity column."""

    start: int
    increment: int
    minimum: int
    maximum: int
    cache: int
    cycle: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Sequence:
    """A stand-alone sequence (identity sequences belong to their column)."""

    schema: str
    name: str
    data_type: str  # smallint, integer or bigint
    options: SequenceOptions
    persistence: Persistence = Persistence.PERMANENT
    # (schema, table, column) of the column that owns it (serial, OWNED BY).
    owned_by: tuple[str, str, str] | None = None
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.SEQUENCE, self.schema, self.name)

    @property
    def label(self) -> str:
        return f"sequence {qualified(self.schema, self.name)}"
