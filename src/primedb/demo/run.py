"""The main job, end to end: the seven steps of `primedb demo`, in order.

1. migrate a new database to head and summarise its schema; 2. seed it;
3. explain every canonical query; 4. audit it; 5. advise indexes on a copy
holding only the indexes its constraints need, checked against `schema/`'s
own by real builds; 6. benchmark the queries against the committed baseline;
7. write the HTML report. Each step is one library call (`building`,
`explaining`, `auditing`, `advising`, `benching`, and `primedb.report`);
`pipeline` runs them, times them and carries on past a failure where later
steps do not depend on it.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from primedb.demo.advising import advise_step
from primedb.demo.auditing import audit_step
from primedb.demo.benching import bench_step, demo_baseline
from primedb.demo.building import migrate_step, seed_step
from primedb.demo.context import DemoContext, DemoSettings
from primedb.demo.explaining import explain_step
from primedb.demo.pipeline import Announce, Outcome, Step, run_steps
from primedb.demo.result import DemoResult, demo_document
from primedb.errors import PrimedbError
from primedb.queries import load_queries
from primedb.report import results_of, shown, write_report
from primedb.seed import Progress

__all__ = ["run_demo"]


@dataclass(frozen=True, slots=True)
class Reported:
    path: Path

    def parts(self) -> dict[str, Any]:
        return {}  # the combined document says where the report went itself

    def summary(self) -> str:
        return f"{shown(self.path)} ({self.path.stat().st_size / 1024:,.0f} kB)"

    def highlights(self) -> list[str]:
        return []

    def findings(self) -> bool:
        return False


def _as_of(settings: DemoSettings) -> dt.date:
    """The data's month: as asked, else the baseline's when the data is the baseline's, else
    this month, so the benchmark step compares like with like whatever the calendar says."""
    if settings.as_of is not None:
        return settings.as_of.replace(day=1)
    try:
        data = demo_baseline(settings).conditions.data
    except PrimedbError:
        data = None  # no baseline: the benchmark step will say so
    if (
        data is not None
        and data.as_of
        and (data.scale, data.seed) == (settings.scale, settings.seed)
    ):
        return data.as_of
    return dt.datetime.now(dt.UTC).date().replace(day=1)


def run_demo(
    server_dsn: str,
    settings: DemoSettings,
    *,
    report: Path | None,
    seed_progress: Progress | None = None,
    announce: Announce | None = None,
) -> DemoResult:
    """Run the seven steps on a new database of the server at `server_dsn` (module docstring).

    `report` is where the HTML report goes (None: not written); `announce` hears of each
    step before and after it runs.
    """
    queries = load_queries(settings.queries_dir)  # a broken query file fails before any work
    texts = {q.name: {"doc": q.doc, "sql": q.sql} for q in queries.values()}
    settings = replace(settings, as_of=_as_of(settings))
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    def write(context: DemoContext, done: Mapping[str, Outcome]) -> Reported:
        assert report is not None
        doc = demo_document(settings, dict(done), texts, generated)
        return Reported(write_report(results_of([("primedb demo", doc)]), report))

    steps: list[Step[DemoContext]] = [
        Step("migrate", "migrate to head", migrate_step),
        Step("seed", "seed", seed_step(seed_progress), needs=("migrate",)),
        Step("explain", "explain the queries", explain_step, needs=("seed",)),
        Step("audit", "audit", audit_step, needs=("migrate",)),
        Step("advise", "advise indexes", advise_step, needs=("seed",)),
        Step("bench", "bench against the baseline", bench_step, needs=("seed",)),
    ]
    if report is not None:
        steps.append(Step("report", "write the report", write))
    outcomes = run_steps(steps, DemoContext(server_dsn, settings), announce)
    return DemoResult(
        settings=settings,
        outcomes=tuple(outcomes),
        query_texts=texts,
        generated_at=generated,
        report=report.resolve() if report is not None and outcomes[-1].output else None,
    )
