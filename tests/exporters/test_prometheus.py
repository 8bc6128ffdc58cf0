"""End to end: a real Prometheus scrapes both pages while the storage layer works, and the
series come back through its HTTP API, recording rules included."""

import math
import threading

from prometheus_client import CollectorRegistry

from primedb.exporters.database import database_registry
from primedb.exporters.http import MetricsServer
from primedb.queries import load_all

from ._tools import EXPORTERS, prometheus
from .conftest import POOL, drive, open_storage


def test_prometheus_reads_back_a_named_query_quantile_and_the_pool(seeded_dsn: str) -> None:
    app = CollectorRegistry()
    database, collector = database_registry(seeded_dsn, queries=load_all(), scrape_timeout=0.9)
    stop = threading.Event()
    failures: list[BaseException] = []
    with (
        open_storage(seeded_dsn, app) as storage,
        MetricsServer(app) as app_page,
        MetricsServer(database) as db_page,
        prometheus(
            {"app": f"127.0.0.1:{app_page.port}", "exporter": f"127.0.0.1:{db_page.port}"},
            rules=EXPORTERS / "prometheus" / "rules.yml",
        ) as server,
    ):

        def traffic() -> None:
            try:
                while not stop.is_set():
                    drive(storage, seeded_dsn, rounds=5)
            except BaseException as exc:
                failures.append(exc)

        worker = threading.Thread(target=traffic)
        worker.start()
        try:
            p99 = server.wait_for(
                "histogram_quantile(0.99, sum by (le) (rate("
                f'primedb_query_duration_seconds_bucket{{job="app", pool="{POOL}", '
                'query="access_key_lookup", status="ok"}[5s])))'
            )
            used = server.wait_for(f'primedb_pool_connections{{job="app", pool="{POOL}"}}')
            up = server.wait_for('primedb_up{job="exporter"} == 1')
            calls = server.wait_for(
                'primedb_pg_statement_calls_total{job="exporter", query="access_key_lookup"}'
            )
            recorded = server.wait_for("primedb:query_duration_seconds:p99_5m")
            targets = server.api("targets")["activeTargets"]
        finally:
            stop.set()
            worker.join()
            collector.session.close()
    assert failures == []
    assert len(p99) == 1
    seconds = float(p99[0]["value"][1])
    assert math.isfinite(seconds) and 0 < seconds <= 10
    assert {sample["metric"]["state"] for sample in used} == {"idle", "used"}
    assert up and float(calls[0]["value"][1]) > 0
    assert {s["metric"]["query"] for s in recorded} >= {"access_key_lookup"}
    assert sorted((t["labels"]["job"], t["health"]) for t in targets) == [
        ("app", "up"),
        ("exporter", "up"),
    ]
