"""Exact per-query latencies and error classes of one workload run, beside the histogram.

The Prometheus histogram keeps buckets, which is what a dashboard needs; the
workload's summary gives exact percentiles, so it keeps every sample as well
(a minute at a few thousand statements a second is a few hundred thousand
floats). `Tee` lets both observers hear each statement.
"""

import sys
import threading
from collections import Counter

from primedb.exporters import sqlstate_class
from primedb.storage import QueryObserver

__all__ = ["Recorder", "Tee"]


class Recorder:
    """Every statement's seconds by query name, and failures by SQLSTATE class."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}
        self.failures: dict[str, int] = {}
        self.classes: Counter[str] = Counter()
        self._lock = threading.Lock()

    def observe(self, query: str, seconds: float, *, failed: bool) -> None:
        self.seconds.setdefault(query, []).append(seconds)  # atomic under the GIL
        if failed:
            # Called while the statement's exception propagates (see QueryLatency).
            error_class = sqlstate_class(sys.exc_info()[1])
            with self._lock:
                self.failures[query] = self.failures.get(query, 0) + 1
                self.classes[error_class] += 1


class Tee:
    """A `QueryObserver` that tells each of its observers in turn."""

    def __init__(self, *observers: QueryObserver) -> None:
        self.observers = observers

    def observe(self, query: str, seconds: float, *, failed: bool) -> None:
        for observer in self.observers:
            observer.observe(query, seconds, failed=failed)
