"""Collations: `CREATE COLLATION`, ICU or libc.

A collation is compared by what it sorts by (provider, locale, determinism);
`pg_collation.collversion`, the version of the library that sorted when it was
created, belongs to the machine and is left out.
"""

from dataclasses import dataclass, field

from primedb.catalog.kinds import CollationProvider, Key, ObjectKind
from primedb.catalog.quote import qualified

__all__ = ["Collation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Collation:
    schema: str
    name: str
    provider: CollationProvider
    # ICU: the locale (`und-u-ks-level2`); libc: lc_collate and lc_ctype.
    locale: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None
    deterministic: bool = True
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.COLLATION, self.schema, self.name)

    @property
    def label(self) -> str:
        return f"collation {qualified(self.schema, self.name)}"

    @property
    def qualified_name(self) -> str:
        """How a column's or an index's COLLATE clause names it (`public.ci`)."""
        return qualified(self.schema, self.name)
