"""Sessions as the server sees them: connections by database and state, the longest
transaction, and the oldest xmin any session, slot or prepared transaction holds back."""

from typing import Any

import psycopg
from prometheus_client.core import GaugeMetricFamily, Metric

from primedb.exporters.database.area import exporter_sql

__all__ = ["Activity"]


class Activity:
    """`pg_stat_activity`, `max_connections` and the xmin horizon."""

    name = "activity"

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        sql = exporter_sql()
        connections = GaugeMetricFamily(
            "primedb_pg_connections",
            "Client connections by database and state (pg_stat_activity).",
            labels=("datname", "state"),
        )
        for datname, state, count in conn.execute(sql["connections_by_state"].sql):
            connections.add_metric([datname, state], float(count))
        row = conn.execute(sql["horizon"].sql).fetchone()
        assert row is not None  # a SELECT without FROM returns one row
        max_connections, longest, oldest = row
        return [
            connections,
            GaugeMetricFamily(
                "primedb_pg_max_connections",
                "The server's max_connections setting.",
                value=max_connections,
            ),
            GaugeMetricFamily(
                "primedb_pg_longest_transaction_seconds",
                "Age of the oldest open transaction of a client session (0: none).",
                value=longest,
            ),
            GaugeMetricFamily(
                "primedb_pg_oldest_xmin_age_xids",
                "Transactions since the oldest xmin still held by a session, a replication "
                "slot or a prepared transaction: how far vacuum is held back.",
                value=oldest,
            ),
        ]
