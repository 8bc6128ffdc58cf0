"""primedb exporter on a live database: named queries matched, series bounded, one connection."""

import logging
import threading
from typing import Any

import psycopg
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.parser import text_string_to_metric_families

from primedb.errors import UsageError
from primedb.exporters.database import MAX_TABLES, DatabaseCollector, Session, database_registry
from primedb.exporters.database.activity import Activity
from primedb.exporters.database.session import APPLICATION_NAME
from primedb.exporters.database.tables import Tables
from primedb.queries import load_all

from .conftest import POOL, drive, open_storage


def scrape(registry: CollectorRegistry) -> dict[str, list[tuple[dict[str, str], float]]]:
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(generate_latest(registry).decode()):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def by_label(samples: list[tuple[dict[str, str], float]], label: str) -> dict[str, float]:
    return {labels[label]: value for labels, value in samples}


def test_pg_stat_statements_rows_are_published_by_named_query(seeded_dsn: str) -> None:
    app = CollectorRegistry()
    with open_storage(seeded_dsn, app) as storage:
        drive(storage, seeded_dsn)
    client_side = {
        labels["query"]: value
        for labels, value in scrape(app)["primedb_query_duration_seconds_count"]
        if labels["status"] == "ok" and labels["pool"] == POOL and labels["query"].islower()
    }
    registry, collector = database_registry(seeded_dsn, queries=load_all(), scrape_timeout=5)
    try:
        page = scrape(registry)
    finally:
        collector.session.close()
    server_side = by_label(page["primedb_pg_statement_calls_total"], "query")
    # Every named statement the client ran was recognised in pg_stat_statements, with the
    # same number of calls (failed statements are not counted by either side's ok count).
    assert server_side == client_side
    assert {"access_key_lookup", "audit_logs_first_page", "insert_user"} <= set(server_side)
    dbname = psycopg.conninfo.conninfo_to_dict(seeded_dsn)["dbname"]
    assert by_label(page["primedb_pg_statements_other_calls_total"], "datname")[dbname] > 0
    assert page["primedb_pg_statements_available"] == [({}, 1.0)]
    # A primary without standbys: the count, and no per-standby series.
    assert page["primedb_pg_in_recovery"] == [({}, 0.0)]
    assert page["primedb_pg_replication_standbys"] == [({}, 0.0)]
    assert "primedb_pg_replication_lag_bytes" not in page


def test_statements_nobody_named_never_become_series(seeded_dsn: str) -> None:
    names = set(load_all())
    with psycopg.connect(seeded_dsn, autocommit=True) as conn:
        for i in range(40):  # forty different statements (queryids) of the application
            conn.execute(f"CREATE TABLE adhoc_{i} (a int)")
            conn.execute(f"SELECT a FROM adhoc_{i} WHERE a = {i}")
    registry, collector = database_registry(seeded_dsn, queries=load_all(), scrape_timeout=5)
    try:
        page = scrape(registry)
    finally:
        collector.session.close()
    for metric, samples in page.items():
        if metric.startswith("primedb_pg_statement_"):
            assert {labels["query"] for labels, _v in samples} <= names, metric
    tables = by_label(page["primedb_pg_table_live_tuples"], "relation")
    assert 0 < len(tables) <= 20  # the default top 20, of 80-odd tables and partitions


def test_concurrent_scrapes_share_one_connection(seeded_dsn: str) -> None:
    registry, collector = database_registry(seeded_dsn, queries=load_all(), scrape_timeout=5)
    failures: list[BaseException] = []

    def scrape_repeatedly() -> None:
        try:
            for _ in range(5):
                generate_latest(registry)
        except BaseException as exc:  # surfaced by the assertion below
            failures.append(exc)

    try:
        threads = [threading.Thread(target=scrape_repeatedly) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with psycopg.connect(seeded_dsn) as conn:
            (sessions,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE application_name = %s AND datname = current_database()",
                [APPLICATION_NAME],
            ).fetchone() or (0,)
        page = scrape(registry)
    finally:
        collector.session.close()
    assert failures == []
    assert sessions == 1
    assert collector.session.connects == 1
    assert page["primedb_exporter_connections_opened_total"] == [({}, 1.0)]
    assert by_label(page["primedb_scrape_errors_total"], "collector")["locked"] == 0


def test_an_unreachable_database_is_up_0_and_the_page_still_answers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 1: nothing listens there, the connection is refused at once.
    registry, collector = database_registry(
        "postgresql://postgres@127.0.0.1:1/postgres", queries=load_all(), scrape_timeout=3
    )
    with caplog.at_level(logging.INFO, logger="primedb.exporter"):
        first, second = scrape(registry), scrape(registry)
    assert first["primedb_up"] == [({}, 0.0)] and second["primedb_up"] == [({}, 0.0)]
    assert by_label(second["primedb_scrape_errors_total"], "collector")["connect"] == 2
    assert "primedb_pg_connections" not in second
    assert collector.session.connect_timeout < collector.scrape_timeout
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()  # once, not per scrape
    assert all(r.exc_info is None for r in caplog.records)  # one line, no traceback


def test_top_tables_are_capped() -> None:
    with pytest.raises(UsageError, match="0 to 100"):
        Tables(MAX_TABLES + 1)


class Broken:
    """An area with a bug."""

    name = "broken"

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]:
        raise ValueError("a bug")


def test_a_bug_in_one_area_costs_its_figures_not_the_page(dsn: str) -> None:
    session = Session(dsn, statement_timeout=1, connect_timeout=2)
    collector = DatabaseCollector(session, [Broken(), Activity()], scrape_timeout=3)
    registry = CollectorRegistry()
    registry.register(collector)
    try:
        page = scrape(registry)
    finally:
        session.close()
    assert page["primedb_up"] == [({}, 1.0)]
    assert by_label(page["primedb_scrape_errors_total"], "collector")["broken"] == 1
    assert "primedb_pg_connections" in page


def test_pg_stat_statements_can_be_read_less_often_than_scraped(seeded_dsn: str) -> None:
    registry, collector = database_registry(
        seeded_dsn, queries=load_all(), scrape_timeout=5, statements_interval=3600
    )
    statements = next(a for a in collector.areas if a.name == "statements")
    try:
        first, second = scrape(registry), scrape(registry)
    finally:
        collector.session.close()
    assert statements.refreshes == 1  # type: ignore[attr-defined]
    assert (
        first["primedb_pg_statements_other_calls_total"]
        == (second["primedb_pg_statements_other_calls_total"])
    )
