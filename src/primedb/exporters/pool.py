"""`InstrumentedPool`: a psycopg_pool pool that times its own acquires and checkouts.

Why a subclass rather than a wrapper around a pool: the storage layer, and
psycopg_pool's own `connection()` context manager, call `getconn()` and
`putconn()`; overriding those two public methods sees every checkout whatever
path it takes (`with pool.connection()`, `getconn()` by hand, a library that
takes a `ConnectionPool`), and the object still *is* a `ConnectionPool`, so
nothing that expects one needs to know. A wrapper would only see the calls
made through it and would have to re-export the pool's whole interface.

The pool measures in float seconds with `perf_counter` (psycopg_pool truncates
each wait to whole milliseconds, which makes every fast acquire zero) and
tells failed acquires apart by reason. A pool created elsewhere can still
publish its `get_stats()` figures with `instrument_pool()`, without the timings.
"""

from enum import Enum
from time import perf_counter
from typing import Any, TypeVar

import psycopg
from prometheus_client import CollectorRegistry
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout, TooManyRequests

from primedb.exporters.instruments import Instruments

__all__ = ["AcquireFailure", "InstrumentedPool", "instrument_pool"]

CT = TypeVar("CT", bound=psycopg.Connection[Any])


class AcquireFailure(Enum):
    """The reasons a request for a connection fails: the `reason` label's closed set."""

    TIMEOUT = "timeout"
    TOO_MANY_REQUESTS = "too_many_requests"
    CLOSED = "closed"
    OTHER = "other"


def _reason(exc: BaseException) -> AcquireFailure:
    # TooManyRequests and PoolClosed are not PoolTimeouts, but test them first anyway:
    # all three are OperationalErrors.
    if isinstance(exc, TooManyRequests):
        return AcquireFailure.TOO_MANY_REQUESTS
    if isinstance(exc, PoolClosed):
        return AcquireFailure.CLOSED
    if isinstance(exc, PoolTimeout):
        return AcquireFailure.TIMEOUT
    return AcquireFailure.OTHER


def instrument_pool(pool: ConnectionPool[Any], registry: CollectorRegistry) -> None:
    """Publish an existing pool's `get_stats()` figures in `registry` (no timings)."""
    Instruments.of(registry).add_pool(pool)


class InstrumentedPool(ConnectionPool[CT]):
    """A `ConnectionPool` publishing its figures and acquire/usage histograms in `registry`.

    Takes every argument of `ConnectionPool`; `name` is required, it is the
    `pool` label of every series.
    """

    def __init__(
        self, conninfo: str = "", *, registry: CollectorRegistry, name: str, **kwargs: Any
    ) -> None:
        instruments = Instruments.of(registry)
        self._acquire = instruments.acquire.child(name)
        self._usage = instruments.usage.child(name)
        self._failures = {
            reason: instruments.acquire_errors.child(name, reason.value)
            for reason in AcquireFailure
        }
        # id(conn) -> perf_counter() at checkout; a checked-out connection stays alive,
        # so its id cannot be reused before it comes back.
        self._checked_out: dict[int, float] = {}
        super().__init__(conninfo, name=name, **kwargs)
        instruments.add_pool(self)

    def getconn(self, timeout: float | None = None) -> CT:
        started = perf_counter()
        try:
            conn = super().getconn(timeout)
        except Exception as exc:
            self._failures[_reason(exc)].inc()
            raise
        acquired = perf_counter()
        self._acquire.observe(acquired - started)
        self._checked_out[id(conn)] = acquired
        return conn

    def putconn(self, conn: CT) -> None:
        since = self._checked_out.pop(id(conn), None)
        try:
            super().putconn(conn)
        finally:
            if since is not None:
                self._usage.observe(perf_counter() - since)
