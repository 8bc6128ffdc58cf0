"""The metrics' costs: scraping both pages, instrumentation per query, the workload's throughput.

Run: `.venv/bin/pytest benchmarks/test_exporter.py --benchmark-only -s` (figures, never
assertions; the workload's figure is printed). One throwaway cluster, one database seeded at
scale 0.01, for the module.
"""

import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import psycopg
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from psycopg.rows import dict_row

from primedb.exporters import QueryLatency, latency_observer
from primedb.exporters.database import database_registry
from primedb.exporters.http import MetricsServer
from primedb.pg import scratch_database, throwaway_cluster
from primedb.queries import load_all
from primedb.sampling import sample_parameters
from primedb.schema import apply_schema
from primedb.seed import seed_database
from primedb.sqlfiles import NamedQuery
from primedb.storage.models import SYSTEM
from primedb.storage.tx import Tx
from primedb.workload import run_workload

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@pytest.fixture(scope="module")
def seeded() -> Iterator[str]:
    with throwaway_cluster() as cluster, scratch_database(cluster.dsn()) as dsn:
        apply_schema(dsn, SCHEMA_DIR)
        seed_database(dsn, scale=0.01, seed=1)
        yield dsn


@pytest.fixture(scope="module")
def queries() -> Mapping[str, NamedQuery]:
    return load_all()


@pytest.fixture(scope="module")
def app_registry(seeded: str) -> Iterator[CollectorRegistry]:
    """An in-process registry after a short workload: every named query has its series."""
    registry = CollectorRegistry()
    run_workload(seeded, duration=3, concurrency=4, registry=registry)
    yield registry


def test_scrape_in_process_page(benchmark: Any, app_registry: CollectorRegistry) -> None:
    page = benchmark(generate_latest, app_registry)
    benchmark.extra_info["lines"] = page.count(b"\n")


def test_scrape_exporter_page(
    benchmark: Any, seeded: str, queries: Mapping[str, NamedQuery]
) -> None:
    registry, collector = database_registry(seeded, queries=queries)
    try:
        generate_latest(registry)  # the first scrape connects and matches the statements
        page = benchmark.pedantic(generate_latest, args=(registry,), rounds=200, warmup_rounds=10)
    finally:
        collector.session.close()
    benchmark.extra_info["lines"] = page.count(b"\n")


def test_scrape_exporter_over_http(
    benchmark: Any, seeded: str, queries: Mapping[str, NamedQuery]
) -> None:
    """What Prometheus waits for: the HTTP request, the database round trips, the text."""
    registry, collector = database_registry(seeded, queries=queries)
    try:
        with MetricsServer(registry) as server:

            def fetch() -> bytes:
                with urllib.request.urlopen(server.url, timeout=10) as reply:
                    body: bytes = reply.read()
                    return body

            benchmark.pedantic(fetch, rounds=200, warmup_rounds=10)
    finally:
        collector.session.close()


def _lookup(seeded: str, queries: Mapping[str, NamedQuery]) -> tuple[NamedQuery, dict[str, Any]]:
    query = queries["access_key_lookup"]
    with psycopg.connect(seeded) as conn:
        params = sample_parameters(conn, query)[0]
    return query, dict(params)


def test_query_bare_psycopg(benchmark: Any, seeded: str, queries: Mapping[str, NamedQuery]) -> None:
    """The baseline: the authentication hot path's statement, straight through psycopg."""
    query, params = _lookup(seeded, queries)
    with psycopg.connect(seeded, autocommit=True) as conn:

        def run() -> object:
            return conn.cursor(row_factory=dict_row).execute(query.sql, params).fetchone()

        benchmark.pedantic(run, rounds=3000, warmup_rounds=100)


def test_query_through_instrumented_tx(
    benchmark: Any, seeded: str, queries: Mapping[str, NamedQuery]
) -> None:
    """The same statement through `Tx` with the latency observer (what the storage runs)."""
    query, params = _lookup(seeded, queries)
    observer = latency_observer(CollectorRegistry(), pool="bench", names=queries)
    with psycopg.connect(seeded, autocommit=True) as conn:
        tx = Tx(conn, queries, SYSTEM, observer)
        benchmark.pedantic(lambda: tx.first(query.name, **params), rounds=3000, warmup_rounds=100)


def test_observe_alone(benchmark: Any, queries: Mapping[str, NamedQuery]) -> None:
    """The instrumentation's own cost per statement: one `observe()` of a named query."""
    observer = latency_observer(CollectorRegistry(), pool="bench", names=queries)
    assert isinstance(observer, QueryLatency)
    benchmark(observer.observe, "access_key_lookup", 0.0004, failed=False)


def test_instrumented_pool_checkout(benchmark: Any, seeded: str) -> None:
    """Pool checkout and return, with the acquire and usage histograms."""
    from primedb.exporters import InstrumentedPool

    with InstrumentedPool(
        seeded, registry=CollectorRegistry(), name="bench", min_size=1, max_size=1, open=True
    ) as pool:
        pool.wait()

        def checkout() -> None:
            with pool.connection():
                pass

        benchmark.pedantic(checkout, rounds=3000, warmup_rounds=100)


def test_plain_pool_checkout(benchmark: Any, seeded: str) -> None:
    from psycopg_pool import ConnectionPool

    with ConnectionPool(seeded, name="bench", min_size=1, max_size=1, open=True) as pool:
        pool.wait()

        def checkout() -> None:
            with pool.connection():
                pass

        benchmark.pedantic(checkout, rounds=3000, warmup_rounds=100)


def test_workload_throughput(benchmark: Any, seeded: str) -> None:
    """`primedb workload --concurrency 8 --duration 20s` on this machine (the figure is printed)."""

    def run() -> float:
        summary = run_workload(seeded, duration=20, concurrency=8, registry=CollectorRegistry())
        print(
            f"\nworkload: {summary.operations:,} operations in {summary.seconds:.1f} s = "
            f"{summary.operations_per_second:,.0f} operations/s, {summary.statements:,} statements"
        )
        return summary.operations_per_second

    started = time.perf_counter()
    rate = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info["operations_per_second"] = round(rate)
    benchmark.extra_info["seconds"] = round(time.perf_counter() - started, 1)
