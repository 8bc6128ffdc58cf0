"""Table and index statistics of the N largest tables: a bounded `relation` label.

N is capped (`MAX_TABLES`) whatever the command line says: a schema with
thousands of partitions must not become thousands of series per metric.
"""

from typing import Any

import psycopg
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from primedb.errors import UsageError
from primedb.exporters.database.area import exporter_sql

__all__ = ["DEFAULT_TABLES", "MAX_TABLES", "Tables"]

DEFAULT_TABLES = 20
MAX_TABLES = 100


class Tables:
    """`pg_stat_user_tables` of the `limit` largest tables of the connected database."""

    name = "tables"

    def __init__(self, limit: int = DEFAULT_TABLES) -> None:
        if not 0 <= limit <= MAX_TABLES:
            raise UsageError(
                f"--top-tables {limit} is out of range; choose 0 to {MAX_TABLES} tables"
            )
        self.limit = limit

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        labels = ("relation",)
        size = GaugeMetricFamily(
            "primedb_pg_table_size_bytes",
            "Size of heap, TOAST and indexes, from the page counts of the last VACUUM/ANALYZE.",
            labels=labels,
        )
        index_size = GaugeMetricFamily(
            "primedb_pg_table_index_size_bytes",
            "Size of the table's indexes, from their page counts of the last VACUUM/ANALYZE.",
            labels=labels,
        )
        seq_scans = CounterMetricFamily(
            "primedb_pg_table_seq_scans", "Sequential scans of the table.", labels=labels
        )
        idx_scans = CounterMetricFamily(
            "primedb_pg_table_index_scans", "Index scans on the table's indexes.", labels=labels
        )
        live = GaugeMetricFamily(
            "primedb_pg_table_live_tuples", "Estimated live rows.", labels=labels
        )
        dead = GaugeMetricFamily(
            "primedb_pg_table_dead_tuples",
            "Estimated dead rows, waiting for vacuum.",
            labels=labels,
        )
        vacuumed = GaugeMetricFamily(
            "primedb_pg_table_last_autovacuum_age_seconds",
            "Time since autovacuum last finished on the table (absent: never).",
            labels=labels,
        )
        if self.limit:
            for row in conn.execute(exporter_sql()["top_tables"].sql, {"limit": self.limit}):
                relation, total, indexes, seq, idx, n_live, n_dead, age = row
                size.add_metric([relation], total)
                index_size.add_metric([relation], indexes)
                seq_scans.add_metric([relation], float(seq))
                idx_scans.add_metric([relation], float(idx))
                live.add_metric([relation], float(n_live))
                dead.add_metric([relation], float(n_dead))
                if age is not None:
                    vacuumed.add_metric([relation], age)
        return [size, index_size, seq_scans, idx_scans, live, dead, vacuumed]
