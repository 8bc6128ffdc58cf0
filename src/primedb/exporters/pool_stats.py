"""The pool collector: a psycopg_pool pool's own figures, read at scrape time.

`get_stats()` is read, never `pop_stats()`: popping resets the pool's counters
for every other reader (a log line, another registry, a debugger), and
Prometheus wants counters that only grow. A key the pool has not set yet (a
counter still at zero, or a key an older psycopg_pool does not know) reads 0.
psycopg_pool keeps its times in whole milliseconds; they are published in
seconds, as Prometheus's base unit asks, and the sub-millisecond detail comes
from `InstrumentedPool`'s own histograms.
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from psycopg_pool import ConnectionPool

__all__ = ["pool_families"]

# (metric name without _total, help, get_stats key, scale): the pool's counters.
_COUNTERS: tuple[tuple[str, str, str, float], ...] = (
    ("primedb_pool_requests", "Connections requested from the pool.", "requests_num", 1.0),
    (
        "primedb_pool_requests_queued",
        "Requests that had to wait because no connection was idle.",
        "requests_queued",
        1.0,
    ),
    (
        "primedb_pool_requests_wait_seconds",
        "Time requests spent waiting in the queue (the pool's whole-millisecond count).",
        "requests_wait_ms",
        0.001,
    ),
    (
        "primedb_pool_requests_errors",
        "Requests the pool itself counted as failed (timeouts, too many waiting).",
        "requests_errors",
        1.0,
    ),
    (
        "primedb_pool_connect_attempts",
        "Connection attempts the pool made to the server.",
        "connections_num",
        1.0,
    ),
    (
        "primedb_pool_connect_seconds",
        "Time spent connecting to the server (the pool's whole-millisecond count).",
        "connections_ms",
        0.001,
    ),
    (
        "primedb_pool_connect_errors",
        "Connection attempts that failed.",
        "connections_errors",
        1.0,
    ),
    (
        "primedb_pool_connections_lost",
        "Connections found broken, by the check on checkout or in the pool.",
        "connections_lost",
        1.0,
    ),
    (
        "primedb_pool_bad_returns",
        "Connections returned in a bad state (in a transaction, broken) and discarded.",
        "returns_bad",
        1.0,
    ),
)


def _stat(stats: Mapping[str, int], key: str) -> float:
    return float(stats.get(key, 0))


def pool_families(pools: Iterable[ConnectionPool[Any]]) -> Iterator[Metric]:
    """The families of every pool in `pools`, labelled with each pool's name."""
    connections = GaugeMetricFamily(
        "primedb_pool_connections",
        "Connections the pool holds, by state: idle (ready) or used (checked out).",
        labels=("pool", "state"),
    )
    minimum = GaugeMetricFamily(
        "primedb_pool_min_connections", "The pool's min_size.", labels=("pool",)
    )
    maximum = GaugeMetricFamily(
        "primedb_pool_max_connections", "The pool's max_size.", labels=("pool",)
    )
    waiting = GaugeMetricFamily(
        "primedb_pool_requests_waiting",
        "Requests waiting for a connection right now.",
        labels=("pool",),
    )
    timeout = GaugeMetricFamily(
        "primedb_pool_timeout_seconds",
        "How long a request waits for a connection before it fails.",
        labels=("pool",),
    )
    counters = [
        (CounterMetricFamily(name, doc, labels=("pool",)), key, scale)
        for name, doc, key, scale in _COUNTERS
    ]
    for pool in pools:
        stats = pool.get_stats()
        name = [pool.name]
        size, idle = _stat(stats, "pool_size"), _stat(stats, "pool_available")
        connections.add_metric([pool.name, "idle"], idle)
        connections.add_metric([pool.name, "used"], max(size - idle, 0.0))
        minimum.add_metric(name, _stat(stats, "pool_min"))
        maximum.add_metric(name, _stat(stats, "pool_max"))
        waiting.add_metric(name, _stat(stats, "requests_waiting"))
        timeout.add_metric(name, float(pool.timeout))
        for family, key, scale in counters:
            family.add_metric(name, _stat(stats, key) * scale)
    yield from (connections, minimum, maximum, waiting, timeout)
    yield from (family for family, _key, _scale in counters)
