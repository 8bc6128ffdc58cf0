"""Workloads: the statements an analysis runs, each with the parameter sets to run it with.

A `Case` is one statement with one parameter set: a named query with one of
its sampled sets (`heavy`, `typical`), an ad-hoc statement, or a normalised
statement of `pg_stat_statements`, which has no values and is costed with its
generic plan. `measure` runs a case under `EXPLAIN (ANALYZE, BUFFERS)`.
"""

from primedb.analyzers.workload.cases import Case, adhoc_query, named_cases, select_queries
from primedb.analyzers.workload.measure import Measurement, measure
from primedb.analyzers.workload.statements import top_statements

__all__ = [
    "Case",
    "Measurement",
    "adhoc_query",
    "measure",
    "named_cases",
    "select_queries",
    "top_statements",
]
