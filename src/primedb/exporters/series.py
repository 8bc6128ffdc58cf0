"""Labelled counters and histograms kept by primedb itself, exposed at scrape time.

prometheus_client's own `Counter` and `Histogram` also publish a `_created`
series for every child (one more series per label set, which nothing here
reads) unless a process-wide switch turns that off for every library at once.
These two small types keep exactly the samples a dashboard uses, and a child
is a plain object the hot path holds on to: observing costs a bisect, a lock
and two additions, no label lookup.
"""

import threading
from bisect import bisect_left
from collections.abc import Sequence

from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily

__all__ = ["CounterChild", "HistogramChild", "LabelledCounter", "LabelledHistogram"]


class HistogramChild:
    """The buckets and sum of one label set."""

    __slots__ = ("_bounds", "_counts", "_lock", "_sum")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self._bounds = bounds
        self._counts = [0] * (len(bounds) + 1)  # the last one is +Inf
        self._sum = 0.0
        self._lock = threading.Lock()

    def observe(self, value: float) -> None:
        index = bisect_left(self._bounds, value)
        with self._lock:
            self._counts[index] += 1
            self._sum += value

    def snapshot(self) -> tuple[list[int], float]:
        with self._lock:
            return list(self._counts), self._sum


class LabelledHistogram:
    """A histogram family: one `HistogramChild` per label set, made on first use."""

    def __init__(
        self, name: str, documentation: str, labels: Sequence[str], bounds: tuple[float, ...]
    ) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = tuple(labels)
        self.bounds = tuple(sorted(bounds))
        self._children: dict[tuple[str, ...], HistogramChild] = {}
        self._lock = threading.Lock()

    def child(self, *values: str) -> HistogramChild:
        found = self._children.get(values)
        if found is None:
            if len(values) != len(self.labels):
                raise ValueError(f"{self.name} takes labels {', '.join(self.labels)}")
            with self._lock:
                found = self._children.setdefault(values, HistogramChild(self.bounds))
        return found

    def family(self) -> HistogramMetricFamily:
        family = HistogramMetricFamily(self.name, self.documentation, labels=self.labels)
        for values, child in sorted(self._children.items()):
            counts, total = child.snapshot()
            cumulative, buckets = 0, []
            for bound, count in zip((*self.bounds, float("inf")), counts, strict=True):
                cumulative += count
                buckets.append((_le(bound), float(cumulative)))
            family.add_metric(list(values), buckets, total)
        return family


class CounterChild:
    """The count of one label set."""

    __slots__ = ("_lock", "value")

    def __init__(self) -> None:
        self.value = 0.0
        self._lock = threading.Lock()

    def inc(self, amount: float = 1.0) -> None:
        with self._lock:
            self.value += amount


class LabelledCounter:
    """A counter family (`name` without `_total`): one `CounterChild` per label set."""

    def __init__(self, name: str, documentation: str, labels: Sequence[str]) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = tuple(labels)
        self._children: dict[tuple[str, ...], CounterChild] = {}
        self._lock = threading.Lock()

    def child(self, *values: str) -> CounterChild:
        found = self._children.get(values)
        if found is None:
            if len(values) != len(self.labels):
                raise ValueError(f"{self.name} takes labels {', '.join(self.labels)}")
            with self._lock:
                found = self._children.setdefault(values, CounterChild())
        return found

    def family(self) -> CounterMetricFamily:
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labels)
        for values, child in sorted(self._children.items()):
            family.add_metric(list(values), child.value)
        return family


def _le(bound: float) -> str:
    """The `le` label of a bound, as Prometheus's own clients write it (`0.005`, `+Inf`)."""
    if bound == float("inf"):
        return "+Inf"
    return repr(float(bound))
