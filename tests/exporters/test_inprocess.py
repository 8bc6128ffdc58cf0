"""The application side: the instrumented pool, per-query latency, SQLSTATE classes, folding."""

import threading
from typing import Any

import psycopg
import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from psycopg_pool import ConnectionPool, PoolTimeout

from primedb.errors import UsageError
from primedb.exporters import InstrumentedPool, instrument_pool
from primedb.exporters.buckets import QUERY_BUCKETS
from primedb.exporters.pool_stats import pool_families
from primedb.storage import Conflict

from ._tools import promtool
from .conftest import POOL, open_storage


def samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the registry's page, parsed back from the text format."""
    page = generate_latest(registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(page)
        for s in family.samples
    }


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return samples(registry).get((name, tuple(sorted(labels.items()))), float("nan"))


def test_pool_figures_are_read_not_popped_and_timings_are_float_seconds(dsn: str) -> None:
    registry = CollectorRegistry()
    with InstrumentedPool(dsn, registry=registry, name="api", min_size=1, max_size=2) as pool:
        pool.wait()
        for _ in range(3):
            with pool.connection() as conn:
                conn.execute("SELECT 1")
        with pool.connection():
            assert value(registry, "primedb_pool_connections", pool="api", state="used") == 1
        first = value(registry, "primedb_pool_requests_total", pool="api")
        again = value(registry, "primedb_pool_requests_total", pool="api")
        assert first == again == 4  # a scrape does not reset the pool's counters
        assert pool.get_stats()["requests_num"] == 4
        assert value(registry, "primedb_pool_acquire_seconds_count", pool="api") == 4
        assert value(registry, "primedb_pool_usage_seconds_count", pool="api") == 4
        acquired = value(registry, "primedb_pool_acquire_seconds_sum", pool="api")
        assert 0 < acquired < 4  # float seconds, not psycopg_pool's truncated milliseconds
        assert value(registry, "primedb_pool_max_connections", pool="api") == 2
        assert value(registry, "primedb_pool_timeout_seconds", pool="api") == pool.timeout


def test_failed_acquires_are_counted_by_reason(dsn: str) -> None:
    registry = CollectorRegistry()
    pool: InstrumentedPool[Any] = InstrumentedPool(
        dsn, registry=registry, name="tiny", min_size=1, max_size=1, open=True
    )
    pool.wait()
    held = pool.getconn()
    with pytest.raises(PoolTimeout):
        pool.getconn(timeout=0.05)
    waiting = threading.Thread(target=lambda: pool.putconn(pool.getconn(timeout=5)))
    waiting.start()
    while not pool.get_stats().get("requests_waiting"):
        threading.Event().wait(0.01)
    # psycopg_pool drops a timed-out waiter lazily: it may still be counted.
    waiting_now = value(registry, "primedb_pool_requests_waiting", pool="tiny")
    assert waiting_now >= 1 and waiting_now == pool.get_stats()["requests_waiting"]
    pool.putconn(held)
    waiting.join()
    pool.close()
    with pytest.raises(psycopg.OperationalError):
        pool.getconn()
    reasons = {
        reason: value(registry, "primedb_pool_acquire_errors_total", pool="tiny", reason=reason)
        for reason in ("timeout", "too_many_requests", "closed", "other")
    }
    assert reasons == {"timeout": 1, "too_many_requests": 0, "closed": 1, "other": 0}


def test_a_plain_pool_publishes_its_stats_and_missing_keys_read_zero(dsn: str) -> None:
    registry = CollectorRegistry()
    with ConnectionPool(dsn, name="plain", min_size=1, max_size=1) as pool:
        pool.wait()
        instrument_pool(pool, registry)
        assert value(registry, "primedb_pool_connections", pool="plain", state="idle") == 1
        assert value(registry, "primedb_pool_connect_errors_total", pool="plain") == 0
        assert not any(
            name.startswith("primedb_pool_acquire_seconds") for name, _ in samples(registry)
        )

    class Bare:  # what an older psycopg_pool's get_stats() may return: fewer keys
        name, timeout = "bare", 30.0

        def get_stats(self) -> dict[str, int]:
            return {"pool_size": 2}

    families = {f.name: f for f in pool_families([Bare()])}  # type: ignore[list-item]
    used = [
        s.value for s in families["primedb_pool_connections"].samples if s.labels["state"] == "used"
    ]
    assert used == [2.0]
    assert families["primedb_pool_requests_waiting"].samples[0].value == 0


def test_a_pool_needs_a_name_of_its_own(dsn: str) -> None:
    registry = CollectorRegistry()
    unnamed: ConnectionPool[Any] = ConnectionPool(dsn, min_size=1, open=False)
    with pytest.raises(UsageError, match="needs a name"):
        instrument_pool(unnamed, registry)
    with (
        InstrumentedPool(dsn, registry=registry, name="api", min_size=1, open=True),
        pytest.raises(UsageError, match="already reports"),
    ):
        InstrumentedPool(dsn, registry=registry, name="api", min_size=1, open=False)


def test_storage_with_a_registry_times_every_named_query_and_classifies_errors(
    seeded_dsn: str,
) -> None:
    registry = CollectorRegistry()
    with open_storage(seeded_dsn, registry) as storage:
        user = storage.create_user(email="ana@acme.com.br", name="Ana")
        with pytest.raises(Conflict):
            storage.create_user(email="ana@acme.com.br", name="Ana")
        storage.unread_notifications(user.id)
        storage.unread_notifications(user.id)
        with storage.pool.connection() as conn, storage.observer.timed("select 42 -- id 7"):  # type: ignore[union-attr]
            conn.execute("select 42 -- id 7")
    got = samples(registry)
    count = "primedb_query_duration_seconds_count"

    def n(query: str, status: str) -> float:
        key = (count, (("pool", POOL), ("query", query), ("status", status)))
        return got.get(key, 0.0)

    assert n("insert_user", "ok") == 1 and n("insert_user", "error") == 1
    assert n("notifications_unread_count", "ok") == 2
    assert n("SELECT", "ok") == 1  # folded: neither the text nor the id became a label
    labels = {dict(labels).get("query") for _name, labels in got}
    assert not any(q and ("42" in q or "select" in q) for q in labels)
    errors = ("primedb_query_errors_total",
              (("pool", POOL), ("query", "insert_user"), ("sqlstate_class", "23")))  # fmt: skip
    assert got[errors] == 1
    folded = ("primedb_query_folded_total", (("operation", "SELECT"), ("pool", POOL)))
    assert got[folded] == 1
    les = sorted(
        float(dict(labels)["le"])
        for name, labels in got
        if name == "primedb_query_duration_seconds_bucket"
        and dict(labels)["query"] == "insert_user"
        and dict(labels)["status"] == "ok"
    )
    assert les == [*QUERY_BUCKETS, float("inf")]  # the OpenTelemetry boundaries
    budget = ("primedb_query_budget_seconds", (("pool", POOL), ("query", "audit_logs_page")))
    assert got[budget] == 0.25


def test_the_in_process_page_passes_promtool(pages: "object") -> None:
    out = promtool("check", "metrics", stdin=pages.app)  # type: ignore[attr-defined]
    assert out.strip() == ""


def test_nothing_is_registered_in_the_default_registry() -> None:
    from prometheus_client import REGISTRY

    names = {
        name for collector in list(REGISTRY._collector_to_names.values()) for name in collector
    }
    assert not any(name.startswith("primedb_") for name in names)
