"""Step 3: every canonical query explained on the demo's database, findings in plain words.

`primedb explain`'s own library call: each query once per sampled parameter
set (heavy, typical), a warm-up then the median of the runs, the plan as a
tree and the findings of its rules.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primedb.analyzers.explain import ExplainReport, explain_cases
from primedb.analyzers.workload import named_cases
from primedb.demo.context import DemoContext
from primedb.demo.pipeline import Outcome
from primedb.pg import connect
from primedb.queries import load_queries

__all__ = ["Explained", "explain_step"]


@dataclass(frozen=True, slots=True)
class Explained:
    report: ExplainReport

    def parts(self) -> dict[str, Any]:
        return {"explain": self.report.as_dict()}

    def summary(self) -> str:
        cases = self.report.cases
        counts: dict[str, int] = {}
        for case in cases:
            for f in case.findings:
                counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
        found = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
        queries = len({c.measurement.case.query.name for c in cases})
        return f"{queries} queries, {len(cases)} parameter sets; plan findings: {found}"

    def highlights(self) -> list[str]:
        slowest = sorted(self.report.cases, key=lambda c: -c.measurement.execution_ms)[:3]
        return ["slowest cases:"] + [
            f"  {c.measurement.case.query.name} [{c.measurement.case.sample}]: "
            f"{c.measurement.execution_ms:.2f} ms, {c.measurement.buffers:,} buffers"
            for c in slowest
        ]

    def findings(self) -> bool:
        return False  # plan findings are advice, not a gate


def explain_step(context: DemoContext, done: Mapping[str, Outcome]) -> Explained:
    queries = load_queries(context.settings.queries_dir)
    with connect(context.dsn, autocommit=True) as conn:
        cases = named_cases(conn, queries.values())
        return Explained(explain_cases(conn, cases, runs=context.settings.runs))
