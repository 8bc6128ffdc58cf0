"""Run one unit of work in one transaction, retried when PostgreSQL asks for it.

PostgreSQL reports a transaction that lost a race with SQLSTATE 40001
(serialization failure, at SERIALIZABLE or REPEATABLE READ) or 40P01 (deadlock
detected). Both roll the whole transaction back, so running the unit of work
again from the start is safe: it sees the winner's commit and decides anew
(often to succeed, sometimes to refuse with a typed error). Retries are bounded
and spaced with capped exponential back-off and full jitter, so two losers do
not collide again in lock step. Any other database error is translated into the
storage error types (`constraints.translate`) or re-raised.
"""

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from primedb.errors import DatabaseUnreachable
from primedb.storage.constraints import translate
from primedb.storage.errors import RetriesExhausted

__all__ = ["RETRYABLE_SQLSTATES", "Isolation", "RetryPolicy", "run_transaction"]

log = logging.getLogger("primedb.storage")

T = TypeVar("T")

SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
RETRYABLE_SQLSTATES = frozenset({SERIALIZATION_FAILURE, DEADLOCK_DETECTED})


class Isolation(Enum):
    """The isolation levels a unit of work may ask for."""

    READ_COMMITTED = psycopg.IsolationLevel.READ_COMMITTED
    REPEATABLE_READ = psycopg.IsolationLevel.REPEATABLE_READ
    SERIALIZABLE = psycopg.IsolationLevel.SERIALIZABLE


def _unreachable(exc: psycopg.Error) -> bool:
    """A connection that failed or broke (class 08; 57P0x, a server shutting down or the
    backend terminated; or a client-side error such as a pool timeout), as opposed to a
    statement the server refused."""
    if not isinstance(exc, psycopg.OperationalError):
        return False
    return exc.sqlstate is None or exc.sqlstate.startswith(("08", "57P0"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def _characteristics(
    conn: psycopg.Connection[Any], isolation: Isolation, read_only: bool
) -> Iterator[None]:
    """The connection's next BEGIN says the level and access mode itself
    (`BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY`): no extra round trip for a
    SET TRANSACTION. The pool's connection gets its own settings back afterwards."""
    saved = conn.isolation_level, conn.read_only
    conn.isolation_level, conn.read_only = isolation.value, read_only
    try:
        yield
    finally:
        if not conn.closed:
            conn.isolation_level, conn.read_only = saved


def _full_jitter(delay: float) -> float:
    return random.uniform(0.0, delay)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How often and how patiently a conflicting transaction is run again."""

    attempts: int = 5  # total runs, the first included
    base_delay: float = 0.01  # seconds before the second run (before jitter)
    max_delay: float = 0.25  # cap of one pause
    sleep: Callable[[float], None] = field(default=time.sleep)
    jitter: Callable[[float], float] = field(default=_full_jitter)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")

    def pause(self, failed_attempt: int) -> float:
        """Seconds to wait after the `failed_attempt`-th run (1-based)."""
        return self.jitter(min(self.max_delay, self.base_delay * 2 ** (failed_attempt - 1)))


def run_transaction(
    pool: ConnectionPool[Any],
    work: Callable[[psycopg.Connection[Any]], T],
    *,
    operation: str,
    isolation: Isolation = Isolation.SERIALIZABLE,
    read_only: bool = False,
    policy: RetryPolicy | None = None,
) -> T:
    """`work(conn)` inside one transaction; committed when it returns, retried on 40001/40P01.

    `work` must do nothing outside the database that cannot be repeated, since it
    may run several times. Raises `RetriesExhausted` after `policy.attempts` runs;
    an integrity or data error becomes its storage error (`constraints.translate`).
    """
    policy = policy or RetryPolicy()
    for attempt in range(1, policy.attempts + 1):
        try:
            with (
                pool.connection() as conn,
                _characteristics(conn, isolation, read_only),
                conn.transaction(),
            ):
                return work(conn)
        except psycopg.Error as exc:
            if exc.sqlstate not in RETRYABLE_SQLSTATES:
                if _unreachable(exc):
                    raise DatabaseUnreachable(
                        f"{operation}: lost the database ({_first_line(exc)}); nothing was "
                        "committed, check the server and retry"
                    ) from exc
                error = translate(exc)
                if error is None:
                    raise
                raise error from exc
            if attempt == policy.attempts:
                raise RetriesExhausted(operation, attempt, exc.sqlstate or "") from exc
            log.info(
                "%s: attempt %d of %d lost a race (SQLSTATE %s); retrying",
                operation,
                attempt,
                policy.attempts,
                exc.sqlstate,
            )
            policy.sleep(policy.pause(attempt))
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover
