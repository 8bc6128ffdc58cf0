"""Measure a case: warm-up, rounds under EXPLAIN (ANALYZE, BUFFERS), then the rows' digest.

`observe` is one round: the query once under `EXPLAIN (ANALYZE, BUFFERS)`
(`primedb.sampling.run_query`), read into the plan model; the server's
execution time, the shared buffers the execution touched (hit + read: what
the query needed, wherever it was cached) and the plan's shape. `summarize`
turns rounds and the digest of the rows (`primedb.bench.digest`) into a
`Measurement`. `measure` does both; the pytest-benchmark suite of
`benchmarks/queries/` calls `observe` as its timed function and `summarize`
on what it observed, so the suite and `primedb bench` measure the same way.

The first round in a connection reads into the backend's caches the
catalog rows the query needs, and those reads count in its buffers: warm-up
rounds are run and dropped. The rounds that follow must agree on buffers and
shape; when they do not, the measurement says so (`unstable`), since a gate
cannot judge a figure that moves on its own.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from primedb.analyzers.plans import NodeShape, Plan, read_plan
from primedb.bench.cases import Case
from primedb.bench.digest import RowsDigest, digest_rows
from primedb.bench.shapes import summarize_shape
from primedb.errors import UsageError
from primedb.sampling import run_query

__all__ = ["Measurement", "Observation", "measure", "observe", "summarize"]


@dataclass(frozen=True, slots=True)
class Observation:
    """One round: what the server reported for one execution under EXPLAIN ANALYZE."""

    execution_ms: float
    planning_ms: float
    shared_hit: int
    shared_read: int
    plan: Plan = field(repr=False)

    @property
    def buffers(self) -> int:
        return self.shared_hit + self.shared_read

    @property
    def shape(self) -> tuple[NodeShape, ...]:
        return self.plan.shape()


@dataclass(frozen=True, slots=True)
class Measurement:
    """A case measured: its rows, plan and buffers (which repeat) and its times (which do not)."""

    case: Case
    rows: int
    checksum: str
    shape: tuple[NodeShape, ...]
    shared_hit: int  # of the last round: the split depends on what was cached before
    shared_read: int
    execution_ms: tuple[float, ...]  # one per round, in order
    plan: Plan = field(repr=False)  # the last round's, for the messages of the gate
    unstable: str | None = None  # why the rounds disagreed, when they did

    @property
    def buffers(self) -> int:
        return self.shared_hit + self.shared_read

    @property
    def median_ms(self) -> float:
        return statistics.median(self.execution_ms)

    @property
    def min_ms(self) -> float:
        return min(self.execution_ms)

    @property
    def summary(self) -> str:
        return summarize_shape(self.shape)


def observe(conn: psycopg.Connection[Any], case: Case) -> Observation:
    """One round of the case under EXPLAIN (ANALYZE, BUFFERS)."""
    run = run_query(conn, case.query, case.params)
    return Observation(
        execution_ms=run.execution_ms,
        planning_ms=run.planning_ms,
        shared_hit=run.shared_hit,
        shared_read=run.shared_read,
        plan=read_plan(run.plan),
    )


def summarize(case: Case, rounds: Sequence[Observation], digest: RowsDigest) -> Measurement:
    """The measurement of recorded rounds (warm-ups already left out) and the rows' digest."""
    if not rounds:
        raise UsageError(f"{case.label}: no round was recorded; give at least one round")
    last = rounds[-1]
    return Measurement(
        case=case,
        rows=digest.rows,
        checksum=digest.checksum,
        shape=last.shape,
        shared_hit=last.shared_hit,
        shared_read=last.shared_read,
        execution_ms=tuple(r.execution_ms for r in rounds),
        plan=last.plan,
        unstable=_disagreement(rounds),
    )


def measure(
    conn: psycopg.Connection[Any], case: Case, *, rounds: int = 10, warmup: int = 1
) -> Measurement:
    """`warmup` rounds dropped, `rounds` recorded, then the rows' digest."""
    if rounds < 1 or warmup < 0:
        raise UsageError(
            f"--rounds must be 1 or more and --warmup 0 or more, not {rounds}/{warmup}"
        )
    for _ in range(warmup):
        observe(conn, case)
    recorded = [observe(conn, case) for _ in range(rounds)]
    return summarize(case, recorded, digest_rows(conn, case))


def _disagreement(rounds: Sequence[Observation]) -> str | None:
    buffers = sorted({r.buffers for r in rounds})
    if len(buffers) > 1:
        return f"buffers varied between rounds ({', '.join(f'{b:,}' for b in buffers)})"
    shapes = {r.shape for r in rounds}
    if len(shapes) > 1:
        plans = sorted({summarize_shape(s) for s in shapes})
        return f"the plan varied between rounds ({'; '.join(plans)})"
    return None
