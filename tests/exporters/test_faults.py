"""Faults, on a cluster of the test's own: the database stopped while scraped, restarted,
and a catalog read blocked past the exporter's statement timeout."""

import logging
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from primedb.exporters.database import database_registry
from primedb.exporters.database.session import APPLICATION_NAME
from primedb.pg import Cluster
from primedb.pg.cluster import free_port
from primedb.queries import load_all

SCRAPE_TIMEOUT = 2.0  # statements time out at 0.8 s


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A cluster of this test's own, on a fixed port so that a restart keeps its address
    (the default start would move off a port still held by connections in TIME_WAIT)."""
    root = Path(tempfile.mkdtemp(prefix="primedb-"))
    own = Cluster(root, port=free_port(), throwaway=True)
    try:
        own.start()
        yield own
    finally:
        own.remove()


def figures(page: bytes) -> dict[tuple[str, str], float]:
    return {
        (s.name, s.labels.get("collector", "")): s.value
        for family in text_string_to_metric_families(page.decode())
        for s in family.samples
    }


def exporter_sessions(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = %s AND datname = current_database()",
            [APPLICATION_NAME],
        ).fetchone()
    return int(row[0]) if row else 0


def test_stopped_then_restarted_database(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    dsn = cluster.dsn()
    registry, collector = database_registry(dsn, queries=load_all(), scrape_timeout=SCRAPE_TIMEOUT)
    seen: list[float] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def scrape_all_along() -> None:  # Prometheus, scraping while the server comes and goes
        try:
            while not stop.is_set():
                seen.append(figures(generate_latest(registry))[("primedb_up", "")])
                stop.wait(0.02)
        except BaseException as exc:
            failures.append(exc)

    with caplog.at_level(logging.INFO, logger="primedb.exporter"):
        assert figures(generate_latest(registry))[("primedb_up", "")] == 1
        scraper = threading.Thread(target=scrape_all_along)
        scraper.start()
        try:
            cluster.stop()
            down = len(seen)
            connects_before = collector.session.connects
            for _ in range(500):  # until the next scrapes see it down (bounded)
                if seen[down:].count(0.0) >= 3:
                    break
                stop.wait(0.01)
            during = figures(generate_latest(registry))
            cluster.start()
            for _ in range(500):  # until a scrape reaches the restarted server (bounded)
                if seen and seen[-1] == 1.0:
                    break
                stop.wait(0.01)
            for _ in range(20):  # more scrapes: they must reuse the one new connection
                generate_latest(registry)
            sessions = exporter_sessions(dsn)
            final = figures(generate_latest(registry))
        finally:
            stop.set()
            scraper.join()
            collector.session.close()
    assert failures == []
    assert during[("primedb_up", "")] == 0
    assert 0.0 in seen[down:] and seen[-1] == 1.0  # went down, came back on its own
    # No pile-up: every attempt but two failed (the first connection, the one after the
    # restart), never more than one attempt a scrape, and one session once back.
    failed_attempts = final[("primedb_scrape_errors_total", "connect")]
    assert collector.session.connects - failed_attempts == 2
    assert collector.session.connects - connects_before <= len(seen) - down + 22
    assert sessions == 1
    assert all(r.exc_info is None for r in caplog.records)  # one line each, no traceback
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert messages and all("unreachable" in m for m in messages)
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_a_blocked_catalog_read_costs_one_collector_not_the_page(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    dsn = cluster.dsn()
    registry, collector = database_registry(dsn, queries=load_all(), scrape_timeout=SCRAPE_TIMEOUT)
    try:
        generate_latest(registry)  # connected (and its catalog caches warm) before the lock
        with psycopg.connect(dsn) as blocker, caplog.at_level(logging.WARNING, "primedb.exporter"):
            blocker.execute("LOCK TABLE pg_catalog.pg_namespace IN ACCESS EXCLUSIVE MODE")
            page = figures(generate_latest(registry))
            blocker.rollback()
        after = figures(generate_latest(registry))
    finally:
        collector.session.close()
    assert page[("primedb_up", "")] == 1
    assert page[("primedb_scrape_errors_total", "tables")] == 1
    assert page[("primedb_scrape_errors_total", "activity")] == 0
    assert ("primedb_pg_max_connections", "") in page  # the other areas' figures are there
    assert any("statement timeout" in r.getMessage() for r in caplog.records)
    assert after[("primedb_scrape_errors_total", "tables")] == 1  # the next scrape is whole
    assert ("primedb_pg_xact_commits_total", "") in after
