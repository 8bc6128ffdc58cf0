"""`DatabaseCollector`: one scrape of the database, within a budget, whatever happens to it.

A scrape takes the session (waiting at most half its budget for a scrape
already running), makes sure the connection is open, and runs each area in
turn, timing it. An area that fails (a statement timeout, a view it may not
read) is counted in `primedb_scrape_errors_total{collector=...}` and the page
goes on without its figures. A connection that breaks is discarded; if it was
a connection left over from an earlier scrape (the server restarted since),
one new connection is tried at once, so a restart costs no scrape. When no
connection can be had, the page still answers, quickly, with `primedb_up 0`.
Areas are not started past half the budget: with the statement timeout at
0.4 of it, a scrape ends inside the scrape timeout.
"""

import logging
import threading
from collections.abc import Iterator, Sequence
from time import perf_counter
from typing import Any

import psycopg
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from primedb.exporters.buildinfo import build_info_family
from primedb.exporters.database.area import Area
from primedb.exporters.database.session import Session

__all__ = ["CONNECT", "LOCKED", "STATEMENT_TIMEOUT_SHARE", "DatabaseCollector"]

log = logging.getLogger("primedb.exporter")

CONNECT = "connect"  # the `collector` label of failed connection attempts
LOCKED = "locked"  # ... of scrapes that found another scrape holding the session too long
STATEMENT_TIMEOUT_SHARE = 0.4  # of the scrape timeout
_START_AREAS_WITHIN = 0.5  # of the scrape timeout


def _lost(conn: psycopg.Connection[Any]) -> bool:
    return bool(conn.broken or conn.closed)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class DatabaseCollector(Collector):
    """The exporter's page: `primedb_up`, the areas' families, and the scrape's own figures."""

    def __init__(self, session: Session, areas: Sequence[Area], *, scrape_timeout: float) -> None:
        self.session = session
        self.areas = tuple(areas)
        self.scrape_timeout = scrape_timeout
        self._errors = {name: 0 for name in (CONNECT, LOCKED, *(a.name for a in self.areas))}
        self._durations: dict[str, float] = {}
        self._up: float | None = None  # None: no scrape yet
        self._lock = threading.Lock()  # guards the figures above, not the database

    def _fail(self, collector: str) -> None:
        with self._lock:
            self._errors[collector] += 1

    def _set_up(self, up: bool, reason: BaseException | None = None) -> None:
        value = 1.0 if up else 0.0
        if value != self._up:
            if up:
                log.info("the database answers" + (" again" if self._up is not None else ""))
            else:
                log.warning("database unreachable: %s", _first_line(reason or Exception()))
        self._up = value

    def collect(self) -> Iterator[Metric]:
        started = perf_counter()
        budget = self.scrape_timeout * _START_AREAS_WITHIN
        families: list[Metric] = []
        if self.session.acquire(budget):
            try:
                families = self._scrape(started + budget)
            finally:
                self.session.release()
        else:
            self._fail(LOCKED)
        yield from families
        yield from self._own_families(perf_counter() - started)

    def _connect(self) -> psycopg.Connection[Any] | None:
        t0 = perf_counter()
        try:
            return self.session.connection()
        except psycopg.Error as exc:
            self._fail(CONNECT)
            self._set_up(False, exc)
            return None
        finally:
            self._record(CONNECT, perf_counter() - t0)

    def _record(self, collector: str, seconds: float) -> None:
        with self._lock:
            self._durations[collector] = seconds

    def _scrape(self, deadline: float) -> list[Metric]:
        reused = self.session.connected
        conn = self._connect()
        if conn is None:
            return []
        families: list[Metric] = []
        for index, area in enumerate(self.areas):
            if perf_counter() > deadline:
                self._fail(area.name)
                continue
            t0 = perf_counter()
            try:
                try:
                    families += area.collect(conn)
                except psycopg.Error:
                    if not (_lost(conn) and reused and index == 0):
                        raise
                    # The connection of an earlier scrape, dropped by the server since
                    # (a restart): start over once, on a new one.
                    self.session.discard()
                    fresh = self._connect()
                    if fresh is None:
                        return []
                    conn = fresh
                    families += area.collect(conn)
            except psycopg.Error as exc:
                self._fail(area.name)
                if not _lost(conn):
                    log.warning("%s: %s", area.name, _first_line(exc))
                    continue
                self.session.discard()
                self._set_up(False, exc)
                return []
            except Exception:  # a bug in one area costs its figures, not the page
                self._fail(area.name)
                log.exception("%s failed", area.name)
            finally:
                self._record(area.name, perf_counter() - t0)
        self._set_up(True)
        return families

    def _own_families(self, seconds: float) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "primedb_up",
            "1 when the last scrape reached the database, else 0.",
            value=self._up or 0.0,
        )
        durations = GaugeMetricFamily(
            "primedb_scrape_duration_seconds",
            "Time the last scrape spent in each collector (connect: opening the connection).",
            labels=("collector",),
        )
        with self._lock:
            for name, value in sorted(self._durations.items()):
                durations.add_metric([name], value)
            errors = sorted(self._errors.items())
        yield durations
        failures = CounterMetricFamily(
            "primedb_scrape_errors",
            "Scrapes in which a collector failed or was skipped, by collector.",
            labels=("collector",),
        )
        for name, count in errors:
            failures.add_metric([name], float(count))
        yield failures
        yield CounterMetricFamily(
            "primedb_exporter_connections_opened",
            "Connections the exporter opened to the database (one, unless it was lost).",
            value=float(self.session.connects),
        )
        yield GaugeMetricFamily(
            "primedb_exporter_scrape_duration_seconds",
            "Time this page took to gather, the database included (previous families).",
            value=seconds,
        )
        yield build_info_family()

    def describe(self) -> Iterator[Metric]:
        """The exporter's own families, without touching the database."""
        yield from self._own_families(0.0)
