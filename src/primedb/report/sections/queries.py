"""The per-query section: for each canonical query, its chart, its plans and their findings.

A query's chart has two panels, shared buffers and execution ms, one group of
bars per parameter set (heavy, typical) and one bar per series: before the
advice, with `schema/`'s own indexes, with the advice (the demo measures all
three), or what `explain` measured alone. Under it, each parameter set's plan
as a tree with the hot nodes marked and the findings beside the nodes they
point at.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from primedb.report.charts import Bars, grouped_bars
from primedb.report.inputs import Results
from primedb.report.plans import PlanRow, plan_rows
from primedb.report.tables import EXPLAIN_SEVERITIES, figures_frame

__all__ = ["CaseView", "QueryView", "anchor", "query_sections"]


@dataclass(frozen=True, slots=True)
class CaseView:
    """One parameter set of a query, as `explain` measured it."""

    sample: str
    rows: int
    execution_ms: float
    planning_ms: float
    buffers: int
    plan: tuple[PlanRow, ...]
    findings: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True, slots=True)
class QueryView:
    name: str
    anchor: str
    doc: str
    sql: str
    chart: str | None  # inline SVG
    chart_id: str
    series: tuple[str, ...]  # the series the chart draws
    cases: tuple[CaseView, ...]

    @property
    def worst(self) -> str:
        found = [f["severity"] for c in self.cases for f in c.findings]
        return min(found, key=EXPLAIN_SEVERITIES.index, default="") if found else ""


def anchor(*parts: str) -> str:
    """An HTML id made of `parts`: letters, digits and dashes only."""
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts)


def _chart(name: str, frame: pd.DataFrame) -> tuple[str | None, tuple[str, ...]]:
    if frame.empty:
        return None, ()
    samples = tuple(dict.fromkeys(frame["sample"]))
    series = tuple(dict.fromkeys(frame["series"]))

    def panel(column: str, title: str, unit: str, decimals: int) -> Bars:
        values: dict[str, tuple[float | None, ...]] = {}
        for s in series:
            rows = frame[frame["series"] == s].set_index("sample")[column]
            values[s] = tuple(
                float(rows[x]) if x in rows.index and pd.notna(rows[x]) else None for x in samples
            )
        return Bars(title, samples, values, unit, decimals)

    svg = grouped_bars(
        [panel("buffers", "shared buffers", "", 0), panel("ms", "execution", "ms", 2)],
        chart_id=anchor("chart", name),
    )
    return svg, series


def _case(q: Mapping[str, Any]) -> CaseView:
    findings = tuple(q.get("findings", ()))
    return CaseView(
        sample=str(q["sample"]),
        rows=int(q["rows"]),
        execution_ms=float(q["execution_ms"]),
        planning_ms=float(q.get("planning_ms") or 0.0),
        buffers=int(q["shared_hit"]) + int(q["shared_read"]),
        plan=tuple(plan_rows(q["plan"], findings)),
        findings=findings,
    )


def query_sections(results: Results) -> list[QueryView]:
    """One view per query that any result measured, in the order first met."""
    figures = figures_frame(results)
    cases: dict[str, list[CaseView]] = {}
    for q in (results.explain or {}).get("queries", []):
        cases.setdefault(str(q["name"]), []).append(_case(q))
    names = list(dict.fromkeys([*cases, *figures["query"]]))
    views = []
    for name in names:
        chart, series = _chart(name, figures[figures["query"] == name])
        text = results.queries.get(name, {})
        views.append(
            QueryView(
                name=name,
                anchor=anchor("query", name),
                doc=str(text.get("doc") or ""),
                sql=str(text.get("sql") or ""),
                chart=chart,
                chart_id=anchor("chart", name),
                series=series,
                cases=tuple(cases.get(name, ())),
            )
        )
    return views
