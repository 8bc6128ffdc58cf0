"""Benchmarks of the canonical queries, and the gate that fails CI on a query regression.

Each canonical query runs once per sampled parameter set (heavy, typical) on
a seeded database whose data is the same on every run; a case records what
repeats exactly there (rows and their checksum, the plan's shape, shared
buffers) and what does not (the server's execution time). A baseline is a
pytest-benchmark JSON file carrying those records and the conditions they
were measured under; the gate compares a run with it, by rules that need no
tolerance for the figures that repeat and a noise-aware one for time.

`primedb bench` and the pytest-benchmark suite of `benchmarks/queries/` run the
same code: `measure.observe` per round, `measure.summarize` per case.
"""

from primedb.bench.baseline import Baseline, baseline_path, load_baseline, write_baseline
from primedb.bench.cases import Case, Sample, bench_cases, select_queries
from primedb.bench.conditions import Conditions, DataSpec, differences, read_conditions
from primedb.bench.findings import Finding, Kind, Verdict
from primedb.bench.gate import Comparison, Tolerances, compare
from primedb.bench.judge import (
    BenchSettings,
    bench_database,
    data_to_build,
    existing_baseline,
    in_ci,
    save_hint,
)
from primedb.bench.measure import Measurement, Observation, measure, observe, summarize
from primedb.bench.record import Record
from primedb.bench.report import BenchResult
from primedb.bench.run import BenchRun, run_bench
from primedb.bench.session import prepare_session, settle

__all__ = [
    "Baseline",
    "BenchResult",
    "BenchRun",
    "BenchSettings",
    "Case",
    "Comparison",
    "Conditions",
    "DataSpec",
    "Finding",
    "Kind",
    "Measurement",
    "Observation",
    "Record",
    "Sample",
    "Tolerances",
    "Verdict",
    "baseline_path",
    "bench_cases",
    "bench_database",
    "compare",
    "data_to_build",
    "differences",
    "existing_baseline",
    "in_ci",
    "load_baseline",
    "measure",
    "observe",
    "prepare_session",
    "read_conditions",
    "run_bench",
    "save_hint",
    "select_queries",
    "settle",
    "summarize",
    "write_baseline",
]
