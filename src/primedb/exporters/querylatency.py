"""`QueryLatency`: the storage layer's `QueryObserver` that feeds the latency histogram.

`Tx` tells its observer the name of every statement it runs, the seconds it
took as the client saw them, and whether it failed. The name is the label: a
closed set, the named queries the storage was given. Anything else that
reaches `observe` (an unknown name, or SQL text through `timed()`) is counted
under its operation (`primedb.exporters.operations`), and the folding itself
is counted, so unnamed SQL shows up without ever putting text in a label.

A failed statement is counted by SQLSTATE class. `Tx` calls `observe` from the
`finally` that runs while the statement's exception propagates, so the
exception is `sys.exc_info()`'s there: the observer reads the class from it
and the storage layer's seam stays the one-method protocol it is.
"""

import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from time import perf_counter

from prometheus_client import CollectorRegistry

from primedb.exporters.instruments import Instruments
from primedb.exporters.operations import Operation, operation_of
from primedb.exporters.series import CounterChild, HistogramChild
from primedb.exporters.sqlstate import sqlstate_class

__all__ = ["DEFAULT_BUDGET_SECONDS", "QueryLatency", "Status", "latency_observer"]

DEFAULT_BUDGET_SECONDS = 0.25


class Status(Enum):
    """The `status` label: whether the statement succeeded."""

    OK = "ok"
    ERROR = "error"


class QueryLatency:
    """Latency and errors of the statements of one pool, by named query.

    `names` is the closed set of query names (the storage's `queries`);
    `budgets` gives a named query a p99 budget other than the default, for the
    alert rule that compares the two.
    """

    def __init__(
        self,
        instruments: Instruments,
        *,
        pool: str,
        names: Iterable[str],
        budgets: Mapping[str, float] | None = None,
        default_budget: float = DEFAULT_BUDGET_SECONDS,
    ) -> None:
        self._instruments = instruments
        self._pool = pool
        self._names = frozenset(names)
        budgets = budgets or {}
        for name in sorted(self._names):
            instruments.set_budget(pool, name, budgets.get(name, default_budget))
        # Children are made on first use, so a page carries only the queries that ran.
        self._children: dict[tuple[str, bool], HistogramChild] = {}
        self._errors: dict[tuple[str, str], CounterChild] = {}
        self._folded = {op: instruments.folded.child(pool, op.value) for op in Operation}

    @property
    def names(self) -> frozenset[str]:
        return self._names

    def observe(self, query: str, seconds: float, *, failed: bool) -> None:
        """Count one statement (the storage layer's `QueryObserver`)."""
        child = self._children.get((query, failed))
        if child is None:
            child = self._child(query, failed)
        child.observe(seconds)
        if failed:
            self._count_error(query, sys.exc_info()[1])

    def _label(self, query: str) -> str:
        return query if query in self._names else operation_of(query).value

    def _child(self, query: str, failed: bool) -> HistogramChild:
        status = (Status.ERROR if failed else Status.OK).value
        child = self._instruments.queries.child(self._pool, self._label(query), status)
        if query in self._names:  # SQL text is not kept as a key: it may be unbounded
            self._children[(query, failed)] = child
        else:
            self._folded[operation_of(query)].inc()
        return child

    def _count_error(self, query: str, error: BaseException | None) -> None:
        key = (self._label(query), sqlstate_class(error))
        counter = self._errors.get(key)
        if counter is None:
            counter = self._instruments.query_errors.child(self._pool, *key)
            self._errors[key] = counter  # bounded: labels, never SQL text
        counter.inc()

    @contextmanager
    def timed(self, statement: str) -> Iterator[None]:
        """Time unnamed SQL run in the block: counted under its operation, never its text."""
        started = perf_counter()
        failed = True
        try:
            yield
            failed = False
        finally:
            self.observe(statement, perf_counter() - started, failed=failed)


def latency_observer(
    registry: CollectorRegistry,
    *,
    pool: str,
    names: Iterable[str],
    budgets: Mapping[str, float] | None = None,
) -> QueryLatency:
    """A `QueryLatency` publishing in `registry` (the observer to give a `DatabaseStorage`)."""
    return QueryLatency(Instruments.of(registry), pool=pool, names=names, budgets=budgets)
