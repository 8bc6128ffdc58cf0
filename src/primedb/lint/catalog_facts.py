"""Lint facts from a catalog model: the exact schema a revision starts from, rows assumed.

`primedb revision` and `primedb check` know the schema a revision runs on
(they rebuild it on a scratch database) but not production's row counts.
So these facts answer from the catalog what exists (tables, columns and
their types, validated NOT NULL checks, functions and their volatility),
and assume that every existing table holds rows, as the lint does without
a database. A function created by `CREATE OR REPLACE` that the catalog does
not hold is then a plain create, not a behaviour change.
"""

from primedb.catalog.kinds import ConstraintKind, Volatility
from primedb.catalog.model import Catalog
from primedb.catalog.quote import ident
from primedb.lint.facts import Rows, RowState

__all__ = ["CatalogFacts"]

DEFAULT_SCHEMA = "public"  # what an unqualified name resolves to on the default search_path


def _parts(name: str) -> list[str]:
    """`public."Odd.Name"` -> ["public", "Odd.Name"], with PostgreSQL's case folding."""
    parts: list[str] = []
    current: list[str] = []
    quoted = in_quotes = False
    i = 0
    while i < len(name):
        char = name[i]
        if in_quotes:
            if char == '"' and name[i + 1 : i + 2] == '"':
                current.append('"')
                i += 1
            elif char == '"':
                in_quotes = False
            else:
                current.append(char)
        elif char == '"':
            in_quotes = quoted = True
        elif char == ".":
            parts.append("".join(current) if quoted else "".join(current).lower())
            current, quoted = [], False
        else:
            current.append(char)
        i += 1
    parts.append("".join(current) if quoted else "".join(current).lower())
    return parts


def _qualified(name: str) -> tuple[str, str]:
    parts = _parts(name)
    return (parts[-2] if len(parts) > 1 else DEFAULT_SCHEMA, parts[-1])


class CatalogFacts:
    """The lint's `Facts` of the schema `catalog`, every table of it assumed to hold rows."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._tables = {(t.schema, t.name): t for t in catalog.tables}
        self._relations = {(v.schema, v.name): v.materialized for v in catalog.views}
        self._indexes = {(i.schema, i.name) for i in catalog.indexes}

    def rows(self, table: str) -> Rows:
        key = _qualified(table)
        if key in self._tables or key in self._indexes or self._relations.get(key):
            return Rows(RowState.ASSUMED)
        if key in self._relations:  # a plain view holds no rows
            return Rows(RowState.EMPTY, 0)
        return Rows(RowState.MISSING)

    def column_type(self, table: str, column: str) -> str | None:
        found = self._tables.get(_qualified(table))
        if found is None:
            return None
        wanted = _parts(column)[-1]
        return next((c.type for c in found.columns if c.name == wanted), None)

    def has_not_null_check(self, table: str, column: str) -> bool:
        schema, name = _qualified(table)
        definition = f"CHECK (({ident(_parts(column)[-1])} IS NOT NULL))"
        return any(
            c.schema == schema
            and c.table == name
            and c.kind is ConstraintKind.CHECK
            and c.validated
            and c.definition == definition
            for c in self._catalog.constraints
        )

    def volatile(self, function: str) -> bool | None:
        wanted = _parts(function)[-1]
        found = [f for f in self._catalog.functions if f.name == wanted]
        if not found:
            return None
        return any(f.volatility is Volatility.VOLATILE for f in found)

    def function_exists(self, schema: str | None, name: str) -> bool | None:
        where = schema or DEFAULT_SCHEMA
        return any(f.name == name and f.schema == where for f in self._catalog.functions)

    def server_major(self) -> int | None:
        return self._catalog.server_version // 10_000 or None
