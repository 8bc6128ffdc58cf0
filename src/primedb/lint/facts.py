"""What the lint knows about the database the SQL will run on.

Without `--dsn` nothing is known, and the lint assumes the worst a DBA would:
every table it did not see created holds rows, an unknown column type
changes with a rewrite, an unknown function is volatile. With `--dsn` these
are read from the live catalog (`pg_class` size and `reltuples`, column
types, validated checks, function volatility and existence), so a finding
on an empty table goes away, a binary-coercible type change is recognised
and a CREATE OR REPLACE of a function that does not exist yet is a plain
create. `catalog_facts.py` answers the same from a catalog model.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

import psycopg

from primedb.sqlfiles import package_queries

__all__ = ["AssumedFacts", "Facts", "LiveFacts", "RowState", "Rows"]


class RowState(Enum):
    NEW = "new"  # created earlier in the linted SQL: empty, nobody uses it yet
    EMPTY = "empty"
    HAS_ROWS = "has rows"
    MISSING = "missing"  # not in the database (and not created in the SQL)
    ASSUMED = "assumed"  # no database to ask: assumed to hold rows


@dataclass(frozen=True, slots=True)
class Rows:
    state: RowState
    estimate: int | None = None

    @property
    def matter(self) -> bool:
        """Whether hazards that depend on rows apply to this table."""
        return self.state in (RowState.HAS_ROWS, RowState.ASSUMED)


class Facts(Protocol):
    def rows(self, table: str) -> Rows: ...

    def column_type(self, table: str, column: str) -> str | None: ...

    def has_not_null_check(self, table: str, column: str) -> bool: ...

    def volatile(self, function: str) -> bool | None: ...

    def function_exists(self, schema: str | None, name: str) -> bool | None: ...

    def server_major(self) -> int | None: ...


class AssumedFacts:
    """No database: everything unknown, every table assumed to hold rows."""

    def rows(self, table: str) -> Rows:
        return Rows(RowState.ASSUMED)

    def column_type(self, table: str, column: str) -> str | None:
        return None

    def has_not_null_check(self, table: str, column: str) -> bool:
        return False

    def volatile(self, function: str) -> bool | None:
        return None

    def function_exists(self, schema: str | None, name: str) -> bool | None:
        return None

    def server_major(self) -> int | None:
        return None


class LiveFacts:
    """Facts read from the database of an open autocommit connection, cached."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn
        self._queries = {n: q.sql for n, q in package_queries("primedb.lint").items()}
        self._cache: dict[tuple[str, ...], Any] = {}

    def _one(self, query: str, **params: str) -> tuple[Any, ...] | None:
        key = (query, *params.values())
        if key not in self._cache:
            try:
                self._cache[key] = self._conn.execute(self._queries[query], params).fetchone()
            except psycopg.Error:
                # A name to_regclass cannot parse: unknown, like a missing one.
                self._cache[key] = None
        result: tuple[Any, ...] | None = self._cache[key]
        return result

    def rows(self, table: str) -> Rows:
        row = self._one("lint_relation_size", name=table)
        if row is None:
            return Rows(RowState.MISSING)
        _, tuples, never_analyzed, size = row
        if tuples > 0 or (never_analyzed and size > 0):
            return Rows(RowState.HAS_ROWS, round(tuples) if tuples > 0 else None)
        return Rows(RowState.EMPTY, 0)

    def column_type(self, table: str, column: str) -> str | None:
        row = self._one("lint_column_type", table=table, column=column)
        return str(row[0]) if row else None

    def has_not_null_check(self, table: str, column: str) -> bool:
        row = self._one("lint_not_null_check", table=table, column=column)
        return bool(row and row[0])

    def volatile(self, function: str) -> bool | None:
        rows = self._conn.execute(
            self._queries["lint_function_volatility"], {"name": function}
        ).fetchall()
        if not rows:
            return None
        return any(r[0] == "v" for r in rows)

    def function_exists(self, schema: str | None, name: str) -> bool | None:
        row = self._one("lint_function_exists", schema=schema or "", name=name)
        return bool(row and row[0])

    def server_major(self) -> int | None:
        return self._conn.info.server_version // 10_000
