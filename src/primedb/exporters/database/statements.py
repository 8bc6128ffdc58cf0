"""The canonical queries as the server sees them: `pg_stat_statements` by named query.

Entries of the connected database whose text normalises to a named query of
`queries/` are published under that name (a closed set: bounded by
construction, whatever runs on the server). Everything else is summed per
database. The per-entry rows are read without their text
(`pg_stat_statements(false)`, which skips reading the query-text file); a
text is fetched once per new `queryid` and its match remembered, so a steady
server costs one statement per scrape. That statement reads every entry of
every database (about 0.6 us an entry: some 3 ms when `pg_stat_statements.max`
is full at 5,000), so `min_interval` lets a busy server's figures be read at
most that often, scrapes in between getting the last ones.
`pg_stat_statements_info.dealloc`
says how often entries were evicted: when it grows, the per-query counters
restart and `pg_stat_statements.max` is too small for the workload.
"""

import time
from collections.abc import Mapping
from typing import Any

import psycopg
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from psycopg import sql

from primedb.exporters.database.normalise import normalise
from primedb.sqlfiles import NamedQuery

__all__ = ["Statements"]

_EXTENSION_SCHEMA = """
SELECT n.nspname
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pg_stat_statements'
"""

# In one round trip and one pass over the entries: a row per queryid of the connected
# database ('q'), one per other database ('d'), and the evictions ('i').
_TOTALS = sql.SQL("""
WITH here AS (
    SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()
), entries AS MATERIALIZED (
    SELECT s.dbid, s.queryid, s.calls, s.total_exec_time, s.rows, s.shared_blks_hit,
           s.shared_blks_read
    FROM {schema}.pg_stat_statements(false) s
)
SELECT 'q' AS kind, e.queryid::text AS key, sum(e.calls)::float8, sum(e.total_exec_time)::float8,
       sum(e.rows)::float8, sum(e.shared_blks_hit)::float8, sum(e.shared_blks_read)::float8
FROM entries e
WHERE e.dbid = (SELECT oid FROM here)
GROUP BY e.queryid
UNION ALL
SELECT 'd', d.datname, sum(e.calls)::float8, sum(e.total_exec_time)::float8, sum(e.rows)::float8,
       sum(e.shared_blks_hit)::float8, sum(e.shared_blks_read)::float8
FROM entries e
JOIN pg_catalog.pg_database d ON d.oid = e.dbid
WHERE e.dbid <> (SELECT oid FROM here)
GROUP BY d.datname
UNION ALL
SELECT 'i', '', i.dealloc::float8, 0, 0, 0, 0
FROM {schema}.pg_stat_statements_info i
""")

_TEXTS = sql.SQL("""
SELECT DISTINCT ON (s.queryid) s.queryid::text, s.query
FROM {schema}.pg_stat_statements(true) s
WHERE s.dbid = (SELECT oid FROM pg_catalog.pg_database
                WHERE datname = pg_catalog.current_database())
  AND s.queryid::text = ANY(%s)
""")

_MAX_REMEMBERED = 10_000  # queryids whose match is remembered; forgotten all at once past it
_RECHECK_EXTENSION = 60.0  # seconds between looks for an extension that was missing


class Statements:
    """`pg_stat_statements` matched to the named queries."""

    name = "statements"

    def __init__(self, queries: Mapping[str, NamedQuery], *, min_interval: float = 0.0) -> None:
        self.min_interval = min_interval
        self.refreshes = 0  # how often pg_stat_statements was actually read
        self._last: tuple[float, list[Metric]] | None = None
        self._by_text: dict[str, str] = {}
        for name in sorted(queries):
            self._by_text.setdefault(normalise(queries[name].sql), name)
        self._names: dict[str, str | None] = {}  # queryid -> named query (None: not one)
        self._schema: str | None = None
        self._checked: tuple[int, float] | None = None  # (id of the connection, when)

    def _extension_schema(self, conn: psycopg.Connection[Any]) -> str | None:
        now, checked = time.monotonic(), self._checked
        if (
            checked is None
            or checked[0] != id(conn)
            or (self._schema is None and now - checked[1] > _RECHECK_EXTENSION)
        ):
            row = conn.execute(_EXTENSION_SCHEMA).fetchone()
            self._schema = None if row is None else str(row[0])
            self._checked = (id(conn), now)
        return self._schema

    def _match(self, conn: psycopg.Connection[Any], schema: sql.Identifier, ids: list[str]) -> None:
        unknown = [queryid for queryid in ids if queryid not in self._names]
        if not unknown:
            return
        if len(self._names) + len(unknown) > _MAX_REMEMBERED:
            self._names.clear()
        for queryid in unknown:
            self._names[queryid] = None
        for queryid, text in conn.execute(_TEXTS.format(schema=schema), [unknown]):
            self._names[queryid] = self._by_text.get(normalise(text or ""))

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        now = time.monotonic()
        if self._last is not None and now - self._last[0] < self.min_interval:
            return self._last[1]
        families = self._read(conn)
        self.refreshes += 1
        self._last = (now, families)
        return families

    def _read(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        available = GaugeMetricFamily(
            "primedb_pg_statements_available",
            "1 when pg_stat_statements is installed in the connected database.",
        )
        schema_name = self._extension_schema(conn)
        if schema_name is None:
            available.add_metric([], 0.0)
            return [available]
        available.add_metric([], 1.0)
        schema = sql.Identifier(schema_name)
        rows = conn.execute(_TOTALS.format(schema=schema)).fetchall()
        self._match(conn, schema, [key for kind, key, *_ in rows if kind == "q"])
        per_query: dict[str, list[float]] = {}
        per_database: dict[str, list[float]] = {}
        current = str(conn.info.dbname)
        dealloc = 0.0
        for kind, key, *figures in rows:
            if kind == "i":
                dealloc = figures[0] or 0.0
                continue
            if kind == "q":
                name = self._names.get(key)
                target, label = (per_query, name) if name else (per_database, current)
            else:
                target, label = per_database, key
            sums = target.setdefault(label, [0.0] * 5)
            for i, value in enumerate(figures):
                sums[i] += value or 0.0
        evicted = CounterMetricFamily(
            "primedb_pg_statements_deallocations",
            "pg_stat_statements entries evicted to make room (pg_stat_statements_info).",
            value=dealloc,
        )
        return [
            available,
            *_query_families(per_query),
            *_database_families(per_database),
            evicted,
        ]


def _query_families(per_query: dict[str, list[float]]) -> list[Metric]:
    labels = ("query",)
    calls = CounterMetricFamily(
        "primedb_pg_statement_calls", "Executions of a named query (server side).", labels=labels
    )
    seconds = CounterMetricFamily(
        "primedb_pg_statement_exec_seconds",
        "Server execution time of a named query.",
        labels=labels,
    )
    mean = GaugeMetricFamily(
        "primedb_pg_statement_mean_exec_seconds",
        "Mean server execution time of a named query since its entry was created.",
        labels=labels,
    )
    rows = CounterMetricFamily(
        "primedb_pg_statement_rows", "Rows returned or affected by a named query.", labels=labels
    )
    hit = CounterMetricFamily(
        "primedb_pg_statement_shared_blocks_hit",
        "Shared buffer hits of a named query.",
        labels=labels,
    )
    read = CounterMetricFamily(
        "primedb_pg_statement_shared_blocks_read",
        "Shared blocks a named query read from outside the buffer cache.",
        labels=labels,
    )
    for name, (n, ms, nrows, nhit, nread) in sorted(per_query.items()):
        calls.add_metric([name], n)
        seconds.add_metric([name], ms / 1000.0)
        mean.add_metric([name], ms / 1000.0 / n if n else 0.0)
        rows.add_metric([name], nrows)
        hit.add_metric([name], nhit)
        read.add_metric([name], nread)
    return [calls, seconds, mean, rows, hit, read]


def _database_families(per_database: dict[str, list[float]]) -> list[Metric]:
    labels = ("datname",)
    calls = CounterMetricFamily(
        "primedb_pg_statements_other_calls",
        "Executions of statements that are not named queries, per database.",
        labels=labels,
    )
    seconds = CounterMetricFamily(
        "primedb_pg_statements_other_exec_seconds",
        "Server execution time of statements that are not named queries, per database.",
        labels=labels,
    )
    rows = CounterMetricFamily(
        "primedb_pg_statements_other_rows",
        "Rows of statements that are not named queries, per database.",
        labels=labels,
    )
    for datname, (n, ms, nrows, _hit, _read) in sorted(per_database.items()):
        calls.add_metric([datname], n)
        seconds.add_metric([datname], ms / 1000.0)
        rows.add_metric([datname], nrows)
    return [calls, seconds, rows]
