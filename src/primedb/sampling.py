"""Run every canonical query unattended: parameters from its `-- sample:`, timing from EXPLAIN.

Each read-only query of `queries/*.sql` names how to pick realistic
parameters on a seeded database: its `-- sample:` query returns parameter sets,
one row per set (a heavy then a typical entity, by the rule `primedb.queries`
states), with a column per parameter. `sample_parameters` runs it; `run_query`
executes the query once under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` and
reports the rows it returned, the rows its scans read, the server's planning
and execution time, and the shared buffers it hit and read, as measured by the
server rather than the client (so network and driver time are not counted).
The analyzers, benchmarks, the demo and the latency exporter all go through
these two functions.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from primedb.errors import BadInput, UsageError
from primedb.sqlfiles import NamedQuery

__all__ = ["QueryRun", "run_query", "run_sampled", "sample_parameters"]

EXPLAIN = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query}"


@dataclass(frozen=True, slots=True)
class QueryRun:
    """One execution of a named query, as the server measured it."""

    name: str
    params: Mapping[str, Any]
    rows: int
    planning_ms: float
    execution_ms: float
    shared_hit: int  # buffers found in shared_buffers while executing
    shared_read: int  # buffers read from the OS (page cache or disk) while executing
    planning_shared_hit: int
    planning_shared_read: int
    plan: Mapping[str, Any] = field(repr=False)  # the EXPLAIN JSON document

    @property
    def server_ms(self) -> float:
        return self.planning_ms + self.execution_ms

    @property
    def rows_read(self) -> int:
        """The rows the plan's table scans produced, summed over scans and their loops.

        Each scan of a relation (sequential, index, index-only, bitmap heap) counts
        the rows of its table that met the conditions it checks, so the figure
        grows with the rows an entity holds whichever plan reads them (a
        sequential scan of a small table visits every row but produces only the
        entity's). It is the measure by which a sample's heavy set reads at least
        as much as its typical one (the rule is in `primedb.queries`).
        """
        return _rows_read(self.plan["Plan"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "rows": self.rows,
            "planning_ms": round(self.planning_ms, 3),
            "execution_ms": round(self.execution_ms, 3),
            "server_ms": round(self.server_ms, 3),
            "shared_hit": self.shared_hit,
            "shared_read": self.shared_read,
            "planning_shared_hit": self.planning_shared_hit,
            "planning_shared_read": self.planning_shared_read,
        }


def sample_parameters(conn: psycopg.Connection[Any], query: NamedQuery) -> list[dict[str, Any]]:
    """The parameter sets of `query`'s `-- sample:` query, one dict per row."""
    if not query.sample:
        raise BadInput(f"{query.source}: query {query.name!r} has no `-- sample:` line")
    with conn.cursor(row_factory=dict_row) as cur:
        try:
            cur.execute(query.sample)
        except psycopg.Error as exc:
            raise BadInput(
                f"{query.source}: the sample of query {query.name!r} failed: "
                f"{(exc.diag.message_primary or str(exc)).strip()}; fix its `-- sample:` line"
            ) from exc
        found = cur.fetchall()
        columns = [c.name for c in cur.description or ()]
    missing = [p for p in query.params if p not in columns]
    if missing:
        raise BadInput(
            f"{query.source}: the sample of query {query.name!r} lacks the parameter "
            f"{', '.join(missing)} (it returns {', '.join(columns) or 'no columns'}); "
            "name a column of its `-- sample:` after each parameter"
        )
    if not found:
        raise UsageError(
            f"the sample of query {query.name!r} returned no rows; run it on a seeded "
            "database (`primedb seed`)"
        )
    return [{p: row[p] for p in query.params} for row in found]


def run_query(
    conn: psycopg.Connection[Any], query: NamedQuery, params: Mapping[str, Any]
) -> QueryRun:
    """Execute `query` once with `params` under EXPLAIN ANALYZE and report what it cost."""
    missing = [p for p in query.params if p not in params]
    if missing:
        raise UsageError(f"query {query.name!r} needs the parameter {', '.join(missing)}")
    statement = sql.SQL(EXPLAIN).format(query=sql.SQL(query.sql.rstrip().rstrip(";")))
    with conn.cursor() as cur:
        try:
            cur.execute(statement, {p: params[p] for p in query.params})
        except psycopg.Error as exc:
            raise BadInput(
                f"{query.source}: query {query.name!r} failed: "
                f"{(exc.diag.message_primary or str(exc)).strip()}"
            ) from exc
        row = cur.fetchone()
    document = _explain_document(row)
    top = document["Plan"]
    planning = document.get("Planning", {})
    return QueryRun(
        name=query.name,
        params=dict(params),
        rows=int(top.get("Actual Rows", 0)) * int(top.get("Actual Loops", 1) or 1),
        planning_ms=float(document.get("Planning Time", 0.0)),
        execution_ms=float(document.get("Execution Time", 0.0)),
        shared_hit=int(top.get("Shared Hit Blocks", 0)),
        shared_read=int(top.get("Shared Read Blocks", 0)),
        planning_shared_hit=int(planning.get("Shared Hit Blocks", 0)),
        planning_shared_read=int(planning.get("Shared Read Blocks", 0)),
        plan=document,
    )


def run_sampled(conn: psycopg.Connection[Any], queries: Iterable[NamedQuery]) -> list[QueryRun]:
    """Each query once per sampled parameter set, in the given order."""
    return [
        run_query(conn, query, params)
        for query in queries
        for params in sample_parameters(conn, query)
    ]


def _explain_document(row: Sequence[Any] | None) -> dict[str, Any]:
    """The single plan document of EXPLAIN (FORMAT JSON), parsed or not by the driver."""
    if not row:
        raise BadInput("EXPLAIN returned no plan")
    value = row[0]
    documents = json.loads(value) if isinstance(value, str) else value
    document: dict[str, Any] = documents[0]
    return document


def _rows_read(node: Mapping[str, Any]) -> int:
    own = 0.0
    if "Relation Name" in node:
        own = float(node.get("Actual Rows", 0)) * float(node.get("Actual Loops", 1) or 1)
    return round(own) + sum(_rows_read(child) for child in node.get("Plans", ()))


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)
