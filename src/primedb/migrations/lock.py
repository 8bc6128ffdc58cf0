"""The migration lock: one run at a time per database, taken without ever blocking.

`pg_advisory_lock` would queue the second run inside an open transaction, and
an open transaction is exactly what a `CREATE INDEX CONCURRENTLY` of the
first run has to wait for: both would stall. So the lock is polled with
`pg_try_advisory_lock` on a session of its own, in autocommit mode (no
transaction, no snapshot held while waiting), for a bounded time. The lock is
session-level: it lasts until released or until that session ends, so a
crashed run never leaves it behind.
"""

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from primedb.migrations.errors import MigrationLockBusy
from primedb.pg.connect import connect
from primedb.sqlfiles import package_queries

__all__ = ["MIGRATION_LOCK_KEY", "LockHolder", "lock_holder", "migration_lock"]

# Fixed, so every primedb (and anyone who wants to exclude it) uses the same key:
# the bytes of "prdbmigr" as a bigint. Advisory locks are per database.
MIGRATION_LOCK_KEY = 0x7072_6462_6D69_6772

SET_APPLICATION_NAME = "SET application_name = {name}"
_FIRST_POLL_S = 0.05
_LONGEST_POLL_S = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class LockHolder:
    """The session that holds the migration lock, from pg_locks and pg_stat_activity."""

    pid: int
    application_name: str | None
    user: str | None
    client: str | None
    backend_start: datetime | None
    state: str | None
    state_change: datetime | None

    def describe(self) -> str:
        parts = [f"application_name {self.application_name!r}"] if self.application_name else []
        if self.user:
            parts.append(f"user {self.user}")
        if self.client:
            parts.append(f"from {self.client}")
        if self.backend_start:
            parts.append(f"connected since {_when(self.backend_start)}")
        if self.state and self.state_change:
            parts.append(f"{self.state} since {_when(self.state_change)}")
        return f"pid {self.pid} ({', '.join(parts)})" if parts else f"pid {self.pid}"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _queries() -> dict[str, str]:
    return {name: q.sql for name, q in package_queries("primedb.migrations").items()}


def lock_holder(conn: psycopg.Connection[Any], key: int = MIGRATION_LOCK_KEY) -> LockHolder | None:
    """Who holds the lock `key` in the connection's database (None: nobody now)."""
    row = conn.execute(
        _queries()["migration_lock_holder"],
        {"classid": key >> 32, "objid": key & 0xFFFF_FFFF},
    ).fetchone()
    if row is None:
        return None
    pid, app, user, client, started, state, changed = row
    return LockHolder(
        pid=pid,
        application_name=app or None,
        user=user,
        client=client,
        backend_start=started,
        state=state,
        state_change=changed,
    )


@contextlib.contextmanager
def migration_lock(
    dsn: str,
    *,
    wait_s: float,
    on_wait: Callable[[LockHolder | None, float], None] | None = None,
    key: int = MIGRATION_LOCK_KEY,
    application_name: str = "primedb migrate",
) -> Iterator[float]:
    """Hold the migration lock for the block; yields the seconds spent waiting.

    Raises `MigrationLockBusy`, naming the holder, when the lock is still taken
    after `wait_s` seconds. `on_wait` is called once, when the first try fails.
    """
    queries = _queries()
    conn = connect(dsn, autocommit=True, application_name=f"{application_name} lock")
    try:
        started = time.monotonic()
        poll = _FIRST_POLL_S
        announced = False
        while not _try(conn, queries, key):
            holder = lock_holder(conn, key)
            left = wait_s - (time.monotonic() - started)
            if left <= 0:
                raise MigrationLockBusy(_busy_message(conn, holder, wait_s))
            if not announced and on_wait is not None:
                on_wait(holder, wait_s)
            announced = True
            time.sleep(min(poll, left))
            poll = min(poll * 2, _LONGEST_POLL_S)
        waited = time.monotonic() - started
        # Name the holder for whoever waits next, with the moment it took the lock.
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        label = f"{application_name} lock (held since {since})"[:63]
        conn.execute(sql.SQL(SET_APPLICATION_NAME).format(name=sql.Literal(label)))
        yield waited
    finally:
        with contextlib.suppress(psycopg.Error):
            conn.execute(queries["release_migration_lock"], {"key": key})
        conn.close()


def _try(conn: psycopg.Connection[Any], queries: dict[str, str], key: int) -> bool:
    row = conn.execute(queries["try_migration_lock"], {"key": key}).fetchone()
    return bool(row and row[0])


def _busy_message(conn: psycopg.Connection[Any], holder: LockHolder | None, wait_s: float) -> str:
    database = conn.info.dbname
    who = holder.describe() if holder else "a session that has since let it go"
    stop = f", or end it with SELECT pg_terminate_backend({holder.pid})" if holder else ""
    return (
        f"the migration lock of database {database} is held by {who} and was not released "
        f"within {wait_s:g}s; wait for that run to finish{stop}, or raise --lock-wait"
    )
