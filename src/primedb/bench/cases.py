"""What the benchmarks run: each canonical query once per sampled parameter set.

A canonical query's `-- sample:` returns two parameter sets, heavy first,
then typical (the rule is in `primedb.queries`), so a case is a query with one
of them. Cases are named `<query>[<sample>]`, the id pytest gives the same
case in `benchmarks/queries/`, and baselines are keyed by (query, sample).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import psycopg

from primedb.errors import BadInput, UsageError
from primedb.sampling import sample_parameters
from primedb.sqlfiles import NamedQuery

__all__ = ["Case", "Sample", "bench_cases", "select_queries"]


class Sample(StrEnum):
    """Which of a query's two sampled parameter sets, in the order its sample returns them."""

    HEAVY = "heavy"
    TYPICAL = "typical"


@dataclass(frozen=True, slots=True)
class Case:
    """One canonical query with one sampled parameter set."""

    query: NamedQuery
    sample: Sample
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.query.name, self.sample.value)

    @property
    def label(self) -> str:
        return f"{self.query.name}[{self.sample.value}]"


def select_queries(queries: Mapping[str, NamedQuery], names: Sequence[str]) -> list[NamedQuery]:
    """The queries named (all of them, in file order, when none is)."""
    unknown = [n for n in names if n not in queries]
    if unknown:
        raise UsageError(
            f"no canonical query named {', '.join(unknown)}; the names are: "
            f"{', '.join(sorted(queries))}"
        )
    return [queries[n] for n in dict.fromkeys(names)] if names else list(queries.values())


def bench_cases(conn: psycopg.Connection[Any], queries: Iterable[NamedQuery]) -> list[Case]:
    """Each query with each set its sample returns: heavy, then typical."""
    cases: list[Case] = []
    order = tuple(Sample)
    for query in queries:
        sets = sample_parameters(conn, query)
        if len(sets) > len(order):
            raise BadInput(
                f"{query.source}: the sample of query {query.name!r} returns {len(sets)} "
                "parameter sets; it must return two, heavy then typical (see primedb.queries)"
            )
        cases.extend(
            Case(query, sample, params) for sample, params in zip(order, sets, strict=False)
        )
    return cases
