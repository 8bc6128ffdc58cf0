"""Every canonical query, heavy and typical sample, on the seeded embedded default.

Run: `.venv/bin/pytest benchmarks/queries --benchmark-only [--scale 1]`
(add `--benchmark-json FILE` to keep the run: it is a baseline `primedb bench
--compare FILE` accepts).

pytest-benchmark times each round of `primedb.bench.observe` (one EXPLAIN
ANALYZE round trip, as the client sees it); `extra_info` carries what the
gate compares, measured by the same code as `primedb bench`: rows and their
checksum, the plan's shape and summary, shared buffers (hit + read) and the
server's execution time (median and min).
"""

from pathlib import Path
from typing import Any

import pytest

from primedb.bench import Observation, Record, Sample, observe, summarize
from primedb.bench.digest import digest_rows
from primedb.queries import load_queries

QUERIES = list(load_queries(Path(__file__).resolve().parents[2] / "queries"))


@pytest.mark.parametrize("sample", [s.value for s in Sample])
@pytest.mark.parametrize("query", QUERIES)
def test_query(benchmark: Any, bench_target: Any, query: str, sample: str) -> None:
    case = bench_target.cases.get((query, sample))
    if case is None:
        pytest.fail(f"the sample of {query} gave no {sample} parameter set")
    conn = bench_target.conn
    observed: list[Observation] = []

    def once() -> None:
        observed.append(observe(conn, case))

    benchmark.group = query
    warmup = bench_target.warmup
    benchmark.pedantic(once, rounds=bench_target.rounds, warmup_rounds=warmup, iterations=1)
    measurement = summarize(case, observed[warmup:], digest_rows(conn, case))
    benchmark.extra_info.update(Record.of(measurement).extra_info())
    assert measurement.unstable is None, measurement.unstable
