"""Replication as the primary sees it: its standbys and how far each is behind.

A standby's label is its `application_name@address`, a set bounded by the
server's `max_wal_senders`. On a standby (or a primary without standbys) only
`primedb_pg_in_recovery` and the standby count are published.
"""

from typing import Any

import psycopg
from prometheus_client.core import GaugeMetricFamily, Metric

from primedb.exporters.database.area import exporter_sql

__all__ = ["Replication"]


class Replication:
    """`pg_stat_replication`, with lag in seconds and bytes per standby."""

    name = "replication"

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        lag_seconds = GaugeMetricFamily(
            "primedb_pg_replication_replay_lag_seconds",
            "Time between a commit on this primary and its replay on a standby.",
            labels=("standby",),
        )
        lag_bytes = GaugeMetricFamily(
            "primedb_pg_replication_lag_bytes",
            "WAL bytes this primary has written that a standby has not replayed.",
            labels=("standby",),
        )
        in_recovery, standbys = False, 0
        for recovering, standby, seconds, behind, present in conn.execute(
            exporter_sql()["replication"].sql
        ):
            in_recovery = bool(recovering)
            if not present:
                continue
            standbys += 1
            # replay_lag is NULL once a standby has caught up and gone quiet: no lag.
            lag_seconds.add_metric([standby], seconds or 0.0)
            if behind is not None:
                lag_bytes.add_metric([standby], behind)
        families: list[Metric] = [
            GaugeMetricFamily(
                "primedb_pg_in_recovery",
                "1 when this server is a standby (in recovery), else 0.",
                value=1.0 if in_recovery else 0.0,
            ),
            GaugeMetricFamily(
                "primedb_pg_replication_standbys",
                "Standbys streaming from this server.",
                value=float(standbys),
            ),
        ]
        if standbys:
            families += [lag_seconds, lag_bytes]
        return families
