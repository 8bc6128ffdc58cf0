"""One transaction's view of the named queries: run a statement by name, get dict rows.

The storage modules never hold SQL text: they name a query of `queries/`
(`queries/mutations/` for statements that write), and `Tx` runs it on the
transaction's connection. The query name is also what the latency metrics
label a statement with (through a `QueryObserver`), so it stays a short,
bounded set.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import psycopg
from psycopg.rows import dict_row

from primedb.sqlfiles import NamedQuery
from primedb.storage.models import Actor

__all__ = ["QueryObserver", "Row", "Tx"]

Row = dict[str, Any]


class QueryObserver(Protocol):
    """Told about every statement the storage layer runs (a latency histogram, a test)."""

    def observe(self, query: str, seconds: float, *, failed: bool) -> None: ...


@dataclass(frozen=True, slots=True)
class Tx:
    """A connection inside a transaction, the named queries, and who is acting."""

    conn: psycopg.Connection[Any]
    queries: Mapping[str, NamedQuery]
    actor: Actor
    observer: QueryObserver | None = None

    def _run(self, name: str, params: Mapping[str, Any]) -> psycopg.Cursor[Row]:
        query = self.queries[name]
        missing = [p for p in query.params if p not in params]
        if missing:  # a bug in the caller, not bad input: fail loudly with the names
            raise TypeError(f"query {name!r} needs parameters {', '.join(missing)}")
        cur = self.conn.cursor(row_factory=dict_row)
        if self.observer is None:
            cur.execute(query.sql, params)
            return cur
        started = time.perf_counter()
        failed = True
        try:
            cur.execute(query.sql, params)
            failed = False
        finally:
            self.observer.observe(name, time.perf_counter() - started, failed=failed)
        return cur

    # The query name is positional-only so that a parameter may be called `name`.
    def all(self, query: str, /, **params: Any) -> list[Row]:
        """Every row of query `query`."""
        return self._run(query, params).fetchall()

    def first(self, query: str, /, **params: Any) -> Row | None:
        """The first row of query `query`, or None."""
        return self._run(query, params).fetchone()

    def one(self, query: str, /, **params: Any) -> Row:
        """The row of a query that always returns one (INSERT ... RETURNING, count(*))."""
        row = self._run(query, params).fetchone()
        if row is None:
            raise LookupError(f"query {query!r} returned no row")
        return row
