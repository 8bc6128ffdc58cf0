"""Step 6: the canonical queries benchmarked against the committed baseline, as CI gates them.

`primedb bench --compare ci`'s own library call on the demo's database,
VACUUMed (FREEZE) first as the embedded default of `primedb bench` is, so
rows, plans and buffers repeat exactly. The demo seeds its data as the
baseline records it (scale, seed, month) unless told another scale or seed;
then there is nothing to compare with, and the step measures and says why.
Times are not compared: the baseline was measured on another machine.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primedb.bench import (
    Baseline,
    BenchResult,
    BenchSettings,
    DataSpec,
    Tolerances,
    bench_database,
    load_baseline,
    settle,
)
from primedb.bench.baseline import baseline_path
from primedb.demo.context import DemoContext, DemoSettings
from primedb.demo.pipeline import Outcome
from primedb.queries import load_queries

__all__ = ["Benched", "bench_step", "demo_baseline"]

TIME_NOTE = "time not compared: the baseline was measured on another machine"


@dataclass(frozen=True, slots=True)
class Benched:
    result: BenchResult
    note: str | None  # why there was no comparison

    def parts(self) -> dict[str, Any]:
        return {"bench": {**self.result.as_dict(), "not_compared_because": self.note}}

    def summary(self) -> str:
        run = self.result.run
        measured = f"{len(run.measurements)} cases"
        comparison = self.result.comparison
        if comparison is None:
            return f"{measured}; not compared: {self.note}"
        n = len(comparison.regressions)
        verdict = f"the gate fails: {n} regressions" if n else "the gate passes: no regression"
        return f"{measured} against {comparison.baseline.path.name}: {verdict}"

    def highlights(self) -> list[str]:
        found = self.result.comparison.regressions if self.result.comparison else ()
        return ["regressions:"] + [f"  {f.line}" for f in found[:5]] if found else []

    def findings(self) -> bool:
        return self.result.failed


def _words(data: DataSpec) -> str:
    month = f"{data.as_of:%Y-%m}" if data.as_of else "?"
    return f"scale {data.scale}, seed {data.seed}, as of {month}"


def demo_baseline(settings: DemoSettings) -> Baseline:
    return load_baseline(baseline_path(settings.baseline, settings.baselines_dir))


def bench_step(context: DemoContext, done: Mapping[str, Outcome]) -> Benched:
    settings = context.settings
    baseline = demo_baseline(settings)
    data = DataSpec(scale=settings.scale, seed=settings.seed, as_of=settings.as_of)
    recorded = baseline.conditions.data
    note = None
    if (recorded.scale, recorded.seed, recorded.as_of) != (data.scale, data.seed, data.as_of):
        note = f"the baseline's data is {_words(recorded)}, this run's {_words(data)}"
    settle(context.dsn)
    result = bench_database(
        context.dsn,
        list(load_queries(settings.queries_dir).values()),
        data=data,
        settings=BenchSettings(
            rounds=settings.bench_rounds,
            baseline=None if note else baseline,
            tolerances=Tolerances(check_time=False),
            time_note=TIME_NOTE,
            allow_different_conditions=True,
            migrations_dir=settings.migrations_dir,
            save_hint=f"update the baseline with `primedb bench --save {settings.baseline}`",
        ),
    )
    return Benched(result, note)
