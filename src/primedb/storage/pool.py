"""The storage layer's connection pool: fails fast while the server is down, recovers fast.

psycopg_pool's defaults suit a server that is rarely away: a caller waits 30 s
for a connection, and a connection that failed is retried with a doubling
backoff for 5 minutes, so after a restart the pool may sleep many seconds more
before it tries again. Here a refused connection is an answer, not a reason to
wait:

- an operation waits at most `acquire_timeout` for a connection, then fails
  with `DatabaseUnreachable` (`transactions.run_transaction`);
- libpq gives up on a server that does not answer after `connect_timeout`;
- the pool retries one failed connection for `reconnect_timeout` only, then
  lets it go; the next operation asks for a new one at once, so the first
  request after the server returns connects without waiting out a backoff;
- connections are checked when they leave the pool, and one that fails its
  check drains the pool: after a restart every idle connection is dead alike,
  and handing them out one by one would cost a check-and-pause each.

`PoolSettings` holds the numbers; `DatabaseStorage.open(dsn, box=..., pool=...)`
uses them.
"""

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

__all__ = ["PoolSettings", "open_pool"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolSettings:
    """How the storage's pool sizes itself and how long it waits, in seconds."""

    min_size: int = 1
    max_size: int = 10
    acquire_timeout: float = 2.0  # an operation's wait for a connection
    open_timeout: float = 2.0  # `open`'s wait for its first connections
    connect_timeout: int = 2  # libpq's, for a server that does not answer (whole seconds)
    reconnect_timeout: float = 1.0  # retrying one failed connection, before letting it go

    def __post_init__(self) -> None:
        if not 0 < self.min_size <= self.max_size:
            raise ValueError("PoolSettings needs 0 < min_size <= max_size")
        if min(self.acquire_timeout, self.open_timeout, self.reconnect_timeout) <= 0:
            raise ValueError("PoolSettings timeouts must be positive")
        if self.connect_timeout < 1:  # libpq reads 0 as "wait forever"
            raise ValueError("PoolSettings.connect_timeout must be at least 1 second")


class _CheckAndDrain:
    """The pool's `check`: a connection that fails it takes its idle siblings with it."""

    def __init__(self) -> None:
        self.pool: ConnectionPool[Any] | None = None

    def __call__(self, conn: psycopg.Connection[Any]) -> None:
        try:
            ConnectionPool.check_connection(conn)
        except psycopg.Error:
            if self.pool is not None:
                self.pool.drain()
            raise


def open_pool(
    dsn: str,
    settings: PoolSettings,
    *,
    name: str,
    pool_class: type[ConnectionPool[Any]] = ConnectionPool,
    **extra: Any,
) -> ConnectionPool[Any]:
    """An open pool to `dsn` (not yet waited for: see `ConnectionPool.wait`).

    `pool_class` may be a `ConnectionPool` subclass taking `extra` keyword arguments
    (the exporter's `InstrumentedPool` takes its `registry`).
    """
    check = _CheckAndDrain()
    pool: ConnectionPool[Any] = pool_class(
        dsn,
        min_size=settings.min_size,
        max_size=settings.max_size,
        name=name,
        kwargs={"application_name": name, "connect_timeout": settings.connect_timeout},
        check=check,
        timeout=settings.acquire_timeout,
        reconnect_timeout=settings.reconnect_timeout,
        open=True,
        **extra,
    )
    check.pool = pool
    return pool
