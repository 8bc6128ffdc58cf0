"""The exporter's one connection: opened on demand, reused by every scrape, re-opened when lost.

A scrape holds the session's lock for its whole run, so concurrent scrapes
(two Prometheus servers, a person with curl) queue behind each other instead
of opening connections of their own: however the scrapes pile up, the server
sees one `primedb.exporter` session. Every statement runs under a
`statement_timeout` well below the scrape timeout, so a blocked catalog read
costs one collector's figures, never the page.
"""

import contextlib
import logging
import math
import threading
from typing import Any

import psycopg

from primedb.secrets import mask

__all__ = ["APPLICATION_NAME", "Session"]

APPLICATION_NAME = "primedb.exporter"

log = logging.getLogger("primedb.exporter")


class Session:
    """A lazily opened autocommit connection to `dsn`, and the lock of whoever uses it."""

    def __init__(self, dsn: str, *, statement_timeout: float, connect_timeout: float) -> None:
        self.dsn = dsn
        self.statement_timeout = statement_timeout
        # libpq takes whole seconds and treats anything under 2 as 2.
        self.connect_timeout = max(2, math.ceil(connect_timeout))
        self.connects = 0  # connections opened so far (the pile-up test reads it)
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()

    def acquire(self, timeout: float) -> bool:
        """Take the session for one scrape; False when another scrape kept it `timeout` s."""
        return self._lock.acquire(timeout=max(timeout, 0.0))

    def release(self) -> None:
        self._lock.release()

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def connection(self) -> psycopg.Connection[Any]:
        """The open connection, opened now if there is none (raises `psycopg.Error`)."""
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self.discard()
        self.connects += 1
        conn = psycopg.connect(
            self.dsn,
            autocommit=True,
            connect_timeout=self.connect_timeout,
            application_name=APPLICATION_NAME,
        )
        try:
            conn.execute(
                "SELECT pg_catalog.set_config('statement_timeout', %s, false)",
                [f"{round(self.statement_timeout * 1000)}ms"],
            )
        except psycopg.Error:
            conn.close()
            raise
        log.info("connected to %s", mask(self.dsn))
        self._conn = conn
        return conn

    def discard(self) -> None:
        """Close the connection (lost, or being replaced); the next scrape opens another."""
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            # A broken socket may fail to close cleanly: it is gone anyway.
            with contextlib.suppress(psycopg.Error):
                conn.close()

    def close(self) -> None:
        with self._lock:
            self.discard()
