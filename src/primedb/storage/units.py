"""Units of work on a connection pool: the machinery under `DatabaseStorage`.

`UnitsOfWork` owns (or borrows) a psycopg_pool pool and runs a function of a
`Tx` as one transaction through `run_transaction`: `_write` at the isolation
the operation asks for, `_read` at READ COMMITTED, READ ONLY. The operations
themselves are `DatabaseStorage`'s methods.
"""

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import psycopg
from prometheus_client import CollectorRegistry
from psycopg_pool import ConnectionPool, PoolTimeout

from primedb.errors import DatabaseUnreachable
from primedb.exporters.pool import InstrumentedPool
from primedb.exporters.querylatency import latency_observer
from primedb.queries import load_all
from primedb.secrets import mask
from primedb.sqlfiles import NamedQuery
from primedb.storage.arguments import shown
from primedb.storage.errors import ValidationError
from primedb.storage.models import SYSTEM, Actor
from primedb.storage.pool import PoolSettings, open_pool
from primedb.storage.secretbox import SecretBox
from primedb.storage.transactions import Isolation, RetryPolicy, run_transaction
from primedb.storage.tx import QueryObserver, Tx

__all__ = ["UnitsOfWork"]

T = TypeVar("T")


class UnitsOfWork:
    """A pool, the named queries, and how to run one transaction of them."""

    def __init__(
        self,
        pool: ConnectionPool[Any],
        *,
        box: SecretBox,
        queries: Mapping[str, NamedQuery] | None = None,
        retry: RetryPolicy | None = None,
        observer: QueryObserver | None = None,
        owns_pool: bool = False,
    ) -> None:
        self.pool = pool
        self.box = box
        self.queries = load_all() if queries is None else queries
        self.retry = retry or RetryPolicy()
        self.observer = observer
        self._owns_pool = owns_pool

    @classmethod
    def open(
        cls,
        dsn: str,
        *,
        box: SecretBox,
        pool: PoolSettings | None = None,
        registry: CollectorRegistry | None = None,
        pool_name: str = "primedb.storage",
        **options: Any,
    ) -> Self:
        """A storage owning a new pool to `dsn`, sized and timed by `pool` (`PoolSettings`).

        Waits up to `pool.open_timeout` seconds for the first connections, so a wrong
        DSN or a server that is down fails here, as `DatabaseUnreachable`, rather
        than at the first operation. Given a Prometheus `registry`, the pool and
        every named query report to it, labelled `pool=pool_name` (`primedb.exporters`).
        """
        settings = pool or PoolSettings()
        opened = open_pool(
            dsn,
            settings,
            name=pool_name,
            pool_class=ConnectionPool if registry is None else InstrumentedPool,
            **({} if registry is None else {"registry": registry}),
        )
        try:
            opened.wait(timeout=settings.open_timeout)
        except PoolTimeout as exc:
            opened.close()
            raise DatabaseUnreachable(
                f"cannot connect to {mask(dsn)} within {settings.open_timeout:g} s; "
                "check the DSN and the server"
            ) from exc
        storage = cls(opened, box=box, owns_pool=True, **options)
        if registry is not None:
            storage.observer = latency_observer(registry, pool=pool_name, names=storage.queries)
        return storage

    def close(self) -> None:
        """Close the pool if this storage opened it."""
        if self._owns_pool:
            self.pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # The two ways to run a unit of work ----------------------------------------

    def _write(
        self,
        operation: str,
        work: Callable[[Tx], T],
        actor: Actor,
        isolation: Isolation = Isolation.SERIALIZABLE,
    ) -> T:
        if not isinstance(actor, Actor):  # before the transaction: nothing to write it under
            raise ValidationError("actor", f"{shown(actor)} is not an Actor")

        def unit(conn: psycopg.Connection[Any]) -> T:
            return work(Tx(conn, self.queries, actor, self.observer))

        return run_transaction(
            self.pool, unit, operation=operation, isolation=isolation, policy=self.retry
        )

    def _read(self, operation: str, work: Callable[[Tx], T]) -> T:
        def unit(conn: psycopg.Connection[Any]) -> T:
            return work(Tx(conn, self.queries, SYSTEM, self.observer))

        return run_transaction(
            self.pool,
            unit,
            operation=operation,
            isolation=Isolation.READ_COMMITTED,
            read_only=True,
            policy=self.retry,
        )
