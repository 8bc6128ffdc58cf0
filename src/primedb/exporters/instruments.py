"""The in-process families of one registry: pools, their timings, and query latency.

A registry refuses two collectors that publish the same metric name, yet an
application may open several storages (several pools) reporting to one
registry. So each registry gets one `Instruments`, made on first use by
`Instruments.of(registry)` and registered there; pools and query observers
add their label sets to it. Nothing is registered anywhere else: the default
registry of prometheus_client is never touched, and tests pass registries of
their own.
"""

import re
import threading
import weakref
from collections.abc import Iterator
from typing import Any, Self

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from psycopg_pool import ConnectionPool

from primedb.errors import UsageError
from primedb.exporters.buckets import POOL_BUCKETS, QUERY_BUCKETS
from primedb.exporters.buildinfo import build_info_family
from primedb.exporters.pool_stats import pool_families
from primedb.exporters.series import LabelledCounter, LabelledHistogram

__all__ = ["Instruments"]

# The name psycopg_pool makes up for a pool created without one: not a stable label.
_DEFAULT_POOL_NAME = re.compile(r"^pool-\d+$")

# One Instruments per registry, forgotten with the registry (not a registration).
_BY_REGISTRY: "weakref.WeakKeyDictionary[CollectorRegistry, Instruments]" = (
    weakref.WeakKeyDictionary()
)
_BY_REGISTRY_LOCK = threading.Lock()


class Instruments(Collector):
    """Every in-process metric of one registry."""

    def __init__(self) -> None:
        self.acquire = LabelledHistogram(
            "primedb_pool_acquire_seconds",
            "Time to get a connection from the pool, measured by primedb (float seconds).",
            ("pool",),
            POOL_BUCKETS,
        )
        self.usage = LabelledHistogram(
            "primedb_pool_usage_seconds",
            "Time a connection stayed checked out, from acquire to return (float seconds).",
            ("pool",),
            POOL_BUCKETS,
        )
        self.acquire_errors = LabelledCounter(
            "primedb_pool_acquire_errors",
            "Requests for a connection that failed, by reason "
            "(timeout, too_many_requests, closed, other).",
            ("pool", "reason"),
        )
        self.queries = LabelledHistogram(
            "primedb_query_duration_seconds",
            "Client-observed time of a statement, by named query (or operation, for "
            "unnamed SQL) and status (OpenTelemetry database buckets).",
            ("pool", "query", "status"),
            QUERY_BUCKETS,
        )
        self.query_errors = LabelledCounter(
            "primedb_query_errors",
            "Statements that failed, by named query and SQLSTATE class.",
            ("pool", "query", "sqlstate_class"),
        )
        self.folded = LabelledCounter(
            "primedb_query_folded",
            "Unnamed statements counted under their operation instead of a query name.",
            ("pool", "operation"),
        )
        self._budgets: dict[tuple[str, str], float] = {}
        self._pools: dict[str, weakref.ref[ConnectionPool[Any]]] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, registry: CollectorRegistry) -> Self:
        """The instruments of `registry`, made and registered on first use."""
        with _BY_REGISTRY_LOCK:
            found = _BY_REGISTRY.get(registry)
            if found is None:
                found = cls()
                registry.register(found)
                _BY_REGISTRY[registry] = found
        assert isinstance(found, cls)
        return found

    def add_pool(self, pool: ConnectionPool[Any]) -> None:
        """Publish `pool`'s figures under its name, which must be set and not taken."""
        name = pool.name
        if not name or _DEFAULT_POOL_NAME.match(name):
            raise UsageError(
                "a pool reporting metrics needs a name of its own (its `pool` label); "
                "pass name=... when creating it"
            )
        with self._lock:
            existing = self._pools.get(name)
            held = existing() if existing is not None else None
            if held is not None and held is not pool and not held.closed:
                raise UsageError(
                    f"a pool named {name!r} already reports to this registry; "
                    "give each pool its own name"
                )
            self._pools[name] = weakref.ref(pool)

    def set_budget(self, pool: str, query: str, seconds: float) -> None:
        """The latency budget of a named query, published for the alert rules."""
        with self._lock:
            self._budgets[(pool, query)] = seconds

    def _live_pools(self) -> list[ConnectionPool[Any]]:
        with self._lock:
            pools = [ref() for _name, ref in sorted(self._pools.items())]
        return [pool for pool in pools if pool is not None]

    def _budget_family(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "primedb_query_budget_seconds",
            "The p99 latency a named query is expected to stay under (alerting threshold).",
            labels=("pool", "query"),
        )
        with self._lock:
            budgets = sorted(self._budgets.items())
        for (pool, query), seconds in budgets:
            family.add_metric([pool, query], seconds)
        return family

    def collect(self) -> Iterator[Metric]:
        yield build_info_family()
        yield from pool_families(self._live_pools())
        for series in (self.acquire, self.usage, self.acquire_errors):
            yield series.family()
        for series in (self.queries, self.query_errors, self.folded):
            yield series.family()
        yield self._budget_family()

    def describe(self) -> Iterator[Metric]:
        """The families without reading any pool (what the registry checks for duplicates)."""
        yield build_info_family()
        yield from pool_families(())
        for series in (self.acquire, self.usage, self.acquire_errors):
            yield series.family()
        for series in (self.queries, self.query_errors, self.folded):
            yield series.family()
        yield self._budget_family()
