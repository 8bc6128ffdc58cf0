"""Per-database counters of `pg_stat_database`: commits, rollbacks, blocks, temp bytes,
deadlocks. The cache hit ratio is left to PromQL, from the rates of hits and reads."""

from typing import Any

import psycopg
from prometheus_client.core import CounterMetricFamily, Metric

from primedb.exporters.database.area import exporter_sql

__all__ = ["Databases"]

# (metric name without _total, help, column index in database_totals)
_COUNTERS = (
    ("primedb_pg_xact_commits", "Transactions committed (pg_stat_database).", 1),
    ("primedb_pg_xact_rollbacks", "Transactions rolled back (pg_stat_database).", 2),
    ("primedb_pg_blocks_hit", "Block reads served from shared buffers.", 3),
    ("primedb_pg_blocks_read", "Blocks read from outside shared buffers (OS cache or disk).", 4),
    ("primedb_pg_temp_bytes", "Bytes written to temporary files by queries.", 5),
    ("primedb_pg_deadlocks", "Deadlocks detected.", 6),
)


class Databases:
    """`pg_stat_database`, one label set per connectable database."""

    name = "databases"

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        families = [
            (CounterMetricFamily(name, doc, labels=("datname",)), column)
            for name, doc, column in _COUNTERS
        ]
        for row in conn.execute(exporter_sql()["database_totals"].sql):
            for family, column in families:
                family.add_metric([row[0]], float(row[column]))
        return [family for family, _column in families]
