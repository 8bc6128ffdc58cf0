"""Settings of the loading transaction: `SET LOCAL`, so they end with it and touch no catalog.

- maintenance_work_mem: index builds sort in memory (256 MB, or more if configured);
- min_parallel_table_scan_size: a monthly partition (a few MB) is enough to build
  its index with a parallel worker; the default, 8 MB, leaves a core idle;
- max_parallel_maintenance_workers: one worker less than the cores of this
  machine (when the server is this machine, leader and workers then share the
  cores without crowding them; measured on 2 cores: 1 worker builds faster
  than 2), never more than the server allows.
"""

import os
from typing import Any

import psycopg
from psycopg import sql

__all__ = ["tune_index_builds"]

CURRENT = """
SELECT pg_catalog.pg_size_bytes(pg_catalog.current_setting('maintenance_work_mem')),
       pg_catalog.current_setting('max_parallel_maintenance_workers')::int
"""
SET_MEMORY = "SET LOCAL maintenance_work_mem = '256MB'"
SET_SCAN_SIZE = "SET LOCAL min_parallel_table_scan_size = '1MB'"
SET_WORKERS = "SET LOCAL max_parallel_maintenance_workers = {workers}"
_MEMORY = 256 * 1024 * 1024


def tune_index_builds(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(CURRENT).fetchone()
    memory, workers = (int(row[0]), int(row[1])) if row else (_MEMORY, 0)
    if memory < _MEMORY:
        conn.execute(SET_MEMORY)
    conn.execute(SET_SCAN_SIZE)
    wanted = min(workers, max(1, (os.cpu_count() or 2) - 1))
    if wanted != workers:
        conn.execute(sql.SQL(SET_WORKERS).format(workers=sql.Literal(wanted)))
