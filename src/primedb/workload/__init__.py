"""`primedb workload`: a realistic mix of the canonical queries and mutations, measured.

Runs the storage layer's operations (`mix.MIX`) from worker threads through an
instrumented `DatabaseStorage` on a seeded database, so the dashboard has
something to show, and returns a summary: operations per second, exact
p50/p99 per named query, errors by SQLSTATE class.
"""

from primedb.workload.mix import MIX, Step
from primedb.workload.runner import HEALTH_CHECK, Progress, run_workload
from primedb.workload.summary import QueryFigures, WorkloadSummary

__all__ = [
    "HEALTH_CHECK",
    "MIX",
    "Progress",
    "QueryFigures",
    "Step",
    "WorkloadSummary",
    "run_workload",
]
