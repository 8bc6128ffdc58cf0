"""How long the embedded default costs a command: initdb, start, first set-up, stop.

Run: `.venv/bin/pytest benchmarks/tool/test_cluster_startup.py --benchmark-only`.
"""

from typing import Any

import psycopg

from primedb.pg import throwaway_cluster


def _start_query_stop() -> None:
    with throwaway_cluster() as cluster, psycopg.connect(cluster.dsn()) as conn:
        conn.execute("SELECT 1")


def test_throwaway_cluster_start_to_stop(benchmark: Any) -> None:
    benchmark.pedantic(_start_query_stop, rounds=5, iterations=1, warmup_rounds=1)
