"""The cases of a workload: which statements, with which parameter sets.

Named queries come from a folder of `.sql` files (the project's `queries/` by
default) or one file, optionally narrowed to some names; each runs once per
parameter set its `-- sample:` returns, the first labelled `heavy`, the
second `typical` (the convention of `queries/`), further ones `#3`, ....
An ad-hoc statement given on the command line is one case of its own.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from primedb.errors import BadInput, UsageError
from primedb.queries import load_queries
from primedb.sampling import sample_parameters
from primedb.sqlfiles import NamedQuery, parse_text

__all__ = [
    "ADHOC",
    "ADHOC_SOURCE",
    "GENERIC",
    "Case",
    "adhoc_query",
    "named_cases",
    "select_queries",
]

ADHOC = "-"  # the sample label of an ad-hoc statement (it has no parameters)
ADHOC_SOURCE = "--sql"  # the source of an ad-hoc statement, whose literals stand for values
GENERIC = "generic"  # the sample label of a normalised statement (no values: generic plan)


@dataclass(frozen=True, slots=True)
class Case:
    """One statement with one parameter set."""

    query: NamedQuery
    sample: str  # heavy, typical, #3, ...; "-" ad hoc; "generic" for pg_stat_statements
    params: Mapping[str, Any] | None = field(default=None)  # None: no values (generic plan)
    weight: float = 1.0  # share of the workload (pg_stat_statements: share of total time)

    @property
    def generic(self) -> bool:
        return self.params is None

    @property
    def key(self) -> tuple[str, str]:
        return (self.query.name, self.sample)


def sample_label(index: int) -> str:
    """`heavy` for the first parameter set of a query, `typical` for the second, then #n."""
    return {0: "heavy", 1: "typical"}.get(index, f"#{index + 1}")


def adhoc_query(sql: str, name: str = "sql") -> NamedQuery:
    """An ad-hoc statement as a named query; placeholders are refused (there are no values)."""
    found = parse_text(f"-- name: {name}\n{sql.strip()}\n", ADHOC_SOURCE)
    query = found[0]
    if query.params:
        raise UsageError(
            f"the --sql statement has placeholders ({', '.join(query.params)}) but no values; "
            "write the values into it, or put it in a queries file with a `-- sample:` line"
        )
    return query


def select_queries(path: Path | None, names: Sequence[str] = ()) -> list[NamedQuery]:
    """The named queries of a folder or one file (default: the project's), narrowed to `names`."""
    if path is not None and path.is_file():
        found = {q.name: q for q in parse_text(path.read_text(), str(path))}
        for query in found.values():
            if not query.sample:
                raise BadInput(
                    f"{query.source}: query {query.name!r} has no `-- sample:` line; add one "
                    "returning its parameters, one column each"
                )
    elif path is not None and not path.exists():
        raise UsageError(f"no queries at {path}; give a folder of .sql files or one .sql file")
    else:
        found = load_queries(path)
    unknown = [n for n in names if n not in found]
    if unknown:
        raise UsageError(
            f"no query named {', '.join(unknown)} in {path or 'the queries folder'}; "
            f"the names are: {', '.join(sorted(found))}"
        )
    return [found[n] for n in names] if names else list(found.values())


def named_cases(conn: psycopg.Connection[Any], queries: Iterable[NamedQuery]) -> list[Case]:
    """Each query once per parameter set of its sample (none needed without parameters)."""
    cases: list[Case] = []
    for query in queries:
        if not query.params and not query.sample:
            cases.append(Case(query, ADHOC, {}))
            continue
        for index, params in enumerate(sample_parameters(conn, query)):
            cases.append(Case(query, sample_label(index), params))
    return cases
