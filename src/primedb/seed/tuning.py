"""Settings of an index build's transaction: `SET LOCAL`, so they end with it and touch no catalog.

- maintenance_work_mem: index builds sort in memory (256 MB, or more if configured);
- max_parallel_maintenance_workers: as many as the seed's connections that sit
  idle with nothing to start (the scheduler says how many), never more than the
  server allows: a build alone at the end of the seed uses the cores the others
  left, while builds side by side each keep to one core (measured on 2 cores,
  a parallel worker beside a busy connection only slows both);
- min_parallel_table_scan_size: a monthly partition (a few MB) is enough for a
  parallel build; the default, 8 MB, would leave those idle cores idle.

A foreign key's check of every row is a query: `max_parallel_workers_per_gather`
follows the same rule (`tune_queries`).
"""

from typing import Any

import psycopg
from psycopg import sql

__all__ = ["tune_index_builds", "tune_queries"]

CURRENT = """
SELECT pg_catalog.pg_size_bytes(pg_catalog.current_setting('maintenance_work_mem')),
       pg_catalog.current_setting('max_parallel_maintenance_workers')::int
"""
SET_MEMORY = "SET LOCAL maintenance_work_mem = '256MB'"
SET_SCAN_SIZE = "SET LOCAL min_parallel_table_scan_size = '1MB'"
SET_WORKERS = "SET LOCAL max_parallel_maintenance_workers = {workers}"
GATHER_WORKERS = "SELECT pg_catalog.current_setting('max_parallel_workers_per_gather')::int"
SET_GATHER_WORKERS = "SET LOCAL max_parallel_workers_per_gather = {workers}"
_MEMORY = 256 * 1024 * 1024


def tune_index_builds(conn: psycopg.Connection[Any], idle: int) -> None:
    """Tune the index builds of the current transaction, `idle` cores being free."""
    row = conn.execute(CURRENT).fetchone()
    memory, workers = (int(row[0]), int(row[1])) if row else (_MEMORY, 0)
    if memory < _MEMORY:
        conn.execute(SET_MEMORY)
    wanted = min(workers, max(0, idle))
    if wanted:
        conn.execute(SET_SCAN_SIZE)
    if wanted != workers:
        conn.execute(sql.SQL(SET_WORKERS).format(workers=sql.Literal(wanted)))


def tune_queries(conn: psycopg.Connection[Any], idle: int) -> None:
    """Parallel query workers for the current transaction's queries: on idle cores only."""
    row = conn.execute(GATHER_WORKERS).fetchone()
    workers = int(row[0]) if row else 0
    wanted = min(workers, max(0, idle))
    if wanted != workers:
        conn.execute(sql.SQL(SET_GATHER_WORKERS).format(workers=sql.Literal(wanted)))
