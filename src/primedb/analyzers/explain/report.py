"""`primedb explain`: measure each case, read its plan, say what is slow and why.

For each case (a query with one sampled parameter set) the statement is run
once to warm the caches, then `runs` times under `EXPLAIN (ANALYZE, BUFFERS,
FORMAT JSON)`; the medians are reported with the plan of the median run as
a tree, and the findings of `plans/rules.py` on that plan.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.analyzers.plans.findings import Finding, Severity
from primedb.analyzers.plans.render import plan_tree
from primedb.analyzers.plans.rules import find_all
from primedb.analyzers.workload import Case, Measurement, measure
from primedb.texttable import table

__all__ = ["ExplainReport", "ExplainedCase", "explain_cases"]

log = logging.getLogger("primedb")


@dataclass(frozen=True, slots=True)
class ExplainedCase:
    """One case measured, with the findings on its median plan."""

    measurement: Measurement
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, Any]:
        m = self.measurement
        return {
            "name": m.case.query.name,
            "sample": m.case.sample,
            "rows": m.rows,
            "execution_ms": round(m.execution_ms, 3),
            "planning_ms": round(m.planning_ms, 3),
            "shared_hit": m.shared_hit,
            "shared_read": m.shared_read,
            "plan": m.plan.as_dict(),
            "findings": [f.as_dict() for f in self.findings],
        }

    def as_text(self) -> str:
        m = self.measurement
        head = (
            f"{m.case.query.name} [{m.case.sample}]: {m.rows:,} rows, "
            f"execution {m.execution_ms:.2f} ms, planning {m.planning_ms:.2f} ms "
            f"(median of {m.runs}), buffers {m.shared_hit:,} hit + {m.shared_read:,} read"
        )
        lines = [head, plan_tree(m.plan)]
        if self.findings:
            lines.append("findings:")
            for f in self.findings:
                lines.append(f"  {f.severity.value:<8} #{f.node} {f.kind.value}: {f.message}")
                lines.append(f"           hint: {f.hint}")
        else:
            lines.append("findings: none")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ExplainReport:
    """Every case explained, in workload order."""

    cases: tuple[ExplainedCase, ...]

    def worst(self) -> Severity | None:
        """The most severe finding of the report, None without findings."""
        found = [f.severity for c in self.cases for f in c.findings]
        return max(found, key=lambda s: s.rank) if found else None

    def as_dict(self) -> dict[str, Any]:
        return {"queries": [c.as_dict() for c in self.cases]}

    def as_text(self) -> str:
        summary = table(
            [
                {
                    "query": c.measurement.case.query.name,
                    "sample": c.measurement.case.sample,
                    "rows": f"{c.measurement.rows:,}",
                    "ms": f"{c.measurement.execution_ms:.2f}",
                    "buffers": f"{c.measurement.buffers:,}",
                    "findings": ", ".join(
                        f"{f.kind.value} ({f.severity.value})" for f in c.findings
                    ),
                }
                for c in self.cases
            ]
        )
        return "\n\n".join([*(c.as_text() for c in self.cases), summary])


def explain_cases(
    conn: psycopg.Connection[Any],
    cases: Iterable[Case],
    *,
    runs: int = 5,
    progress: Callable[[Case], None] | None = None,
) -> ExplainReport:
    """Measure every case (warm-up, then `runs` runs) and read the findings of its plan."""
    explained = []
    for case in cases:
        if progress is not None:
            progress(case)
        measurement = measure(conn, case, runs=runs)
        explained.append(ExplainedCase(measurement, find_all(measurement.plan, case.query.sql)))
    return ExplainReport(tuple(explained))
