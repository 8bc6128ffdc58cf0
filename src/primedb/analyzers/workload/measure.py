"""Measure a case: a warm-up, then N runs under `EXPLAIN (ANALYZE, BUFFERS)`, medians kept.

The first run of a statement pays for cold caches and catalog look-ups, so it
is run once and discarded. Of the runs that follow, the median execution and
planning times are reported, and the plan, rows and buffers of the run whose
execution time is the median (buffers barely vary between warm runs; times
do). Every run goes through `primedb.sampling.run_query`.
"""

import statistics
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.analyzers.plans import Plan, read_plan
from primedb.analyzers.workload.cases import Case
from primedb.errors import UsageError
from primedb.sampling import run_query

__all__ = ["Measurement", "measure"]


@dataclass(frozen=True, slots=True)
class Measurement:
    """What a case cost: medians over its runs, and the median run's plan."""

    case: Case
    runs: int
    execution_ms: float  # median
    planning_ms: float  # median
    rows: int
    shared_hit: int
    shared_read: int
    plan: Plan

    @property
    def buffers(self) -> int:
        """Shared blocks touched while executing (hit + read): the figure advice is judged by."""
        return self.shared_hit + self.shared_read

    def as_dict(self) -> dict[str, Any]:
        return {
            "execution_ms": round(self.execution_ms, 3),
            "planning_ms": round(self.planning_ms, 3),
            "rows": self.rows,
            "buffers": self.buffers,
            "shared_hit": self.shared_hit,
            "shared_read": self.shared_read,
        }


def measure(
    conn: psycopg.Connection[Any], case: Case, *, runs: int = 5, warmup: int = 1
) -> Measurement:
    """Run `case` `warmup` times unrecorded, then `runs` times; report the medians."""
    if case.params is None:
        raise UsageError(
            f"query {case.query.name!r} has no parameter values (a normalised statement) and "
            "cannot be run; it is costed with its generic plan instead"
        )
    if runs < 1:
        raise UsageError(f"--runs must be at least 1, not {runs}")
    for _ in range(warmup):
        run_query(conn, case.query, case.params)
    done = sorted(
        (run_query(conn, case.query, case.params) for _ in range(runs)),
        key=lambda r: r.execution_ms,
    )
    middle = done[(len(done) - 1) // 2]
    return Measurement(
        case=case,
        runs=runs,
        execution_ms=statistics.median(r.execution_ms for r in done),
        planning_ms=statistics.median(r.planning_ms for r in done),
        rows=middle.rows,
        shared_hit=middle.shared_hit,
        shared_read=middle.shared_read,
        plan=read_plan(middle.plan),
    )
