"""The statements an analysis command runs, from its `NAME ...`, `--sql` and `--queries`."""

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg

from primedb.analyzers.workload import Case, adhoc_query, named_cases, select_queries
from primedb.errors import UsageError
from primedb.sqlfiles import NamedQuery

__all__ = ["case_progress", "chosen_queries", "workload_cases"]

log = logging.getLogger("primedb")


def chosen_queries(
    names: Sequence[str], sql: str | None, queries_path: Path | None
) -> list[NamedQuery]:
    """The ad-hoc statement, else the named queries (narrowed to `names`), loaded first."""
    if sql is not None:
        if names or queries_path is not None:
            raise UsageError("--sql runs one statement; drop the query names and --queries")
        return [adhoc_query(sql)]
    return select_queries(queries_path, names)


def workload_cases(conn: psycopg.Connection[Any], queries: Sequence[NamedQuery]) -> list[Case]:
    """Each query with each parameter set of its sample."""
    cases = named_cases(conn, queries)
    log.info("%d queries, %d parameter sets", len(queries), len(cases))
    return cases


def case_progress(total: int, verb: str = "measuring") -> Callable[[Case], None]:
    """A progress callback logging `measuring 3/40: name [sample]` on stderr."""
    done = 0

    def report(case: Case) -> None:
        nonlocal done
        done += 1
        log.info("%s %d/%d: %s [%s]", verb, done, total, case.query.name, case.sample)

    return report
