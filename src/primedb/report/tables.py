"""The report's tables: the commands' JSON flattened into pandas frames, sorted and aggregated.

One frame per idea the report shows: the explained cases (a query with one
parameter set: its figures, its findings' count and worst severity), the
figures per case and series that the query charts draw (before the advice,
with `schema/`'s indexes, with the advice), the audit's findings worst first,
and the benchmark's cases with regressions first. The frames hold plain
values; the sections format them.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from primedb.report.inputs import Results

__all__ = [
    "AUDIT_SEVERITIES",
    "BENCH_STATUSES",
    "EXPLAIN_SEVERITIES",
    "SERIES",
    "audit_frame",
    "bench_frame",
    "explain_frame",
    "figures_frame",
]

EXPLAIN_SEVERITIES = ("critical", "warning", "info")  # worst first
AUDIT_SEVERITIES = ("error", "warning", "info")
BENCH_STATUSES = ("REGRESSED", "changed", "new", "improved", "same")  # the order shown
# The series of the query charts, in the order drawn (only those with figures are drawn).
SERIES = (
    "constraints only",
    "before advice",
    "measured",
    "schema/'s indexes",
    "with advice",
    "after advice",
)
_FIGURE_COLUMNS = ["query", "sample", "series", "buffers", "ms", "rows"]


def _rank(value: str, order: Sequence[str]) -> int:
    return order.index(value) if value in order else len(order)


def explain_frame(explain: Mapping[str, Any]) -> pd.DataFrame:
    """One row per case: query, sample, rows, ms, buffers, findings and the worst severity."""
    rows = []
    for q in explain["queries"]:
        severities = [f["severity"] for f in q.get("findings", [])]
        worst = min(severities, key=lambda s: _rank(s, EXPLAIN_SEVERITIES), default="")
        rows.append(
            {
                "query": q["name"],
                "sample": q["sample"],
                "rows": int(q["rows"]),
                "execution_ms": float(q["execution_ms"]),
                "planning_ms": float(q.get("planning_ms") or 0.0),
                "buffers": int(q["shared_hit"]) + int(q["shared_read"]),
                "findings": len(severities),
                "worst": worst,
            }
        )
    columns = ["query", "sample", "rows", "execution_ms", "planning_ms", "buffers"]
    return pd.DataFrame(rows, columns=[*columns, "findings", "worst"])


def _figure(query: str, sample: str, series: str, f: Mapping[str, Any]) -> dict[str, Any]:
    buffers = f.get("buffers")
    if buffers is None and "shared_hit" in f:
        buffers = int(f["shared_hit"]) + int(f.get("shared_read") or 0)
    return {
        "query": query,
        "sample": sample,
        "series": series,
        "buffers": buffers,
        "ms": f.get("execution_ms"),
        "rows": f.get("rows"),
    }


def figures_frame(results: Results) -> pd.DataFrame:
    """Figures per case and series, for the query charts.

    The demo measured every case three ways (`advice_check`). Otherwise the
    advice gives, for the cases it serves, their figures before and after it,
    and `explain` the figures it measured.
    """
    rows: list[dict[str, Any]] = []
    check = (results.demo or {}).get("advice_check") or {}
    for case in check.get("cases", []):
        for key, series in (
            ("constraints", "constraints only"),
            ("schema", "schema/'s indexes"),
            ("advised", "with advice"),
        ):
            if case.get(key) is not None:
                rows.append(_figure(case["name"], case["sample"], series, case[key]))
    measured = {(r["query"], r["sample"]) for r in rows}
    if results.advise is not None and not rows:
        seen: set[tuple[str, str]] = set()
        for index in results.advise["indexes"]:
            for served in index.get("queries", []):
                name, sample = str(served["name"]), str(served["sample"])
                if (name, sample) in seen:
                    continue  # the first index serving a case gives its figures
                seen.add((name, sample))
                rows.append(_figure(name, sample, "before advice", served["before"]))
                rows.append(_figure(name, sample, "after advice", served["after"]))
        measured |= seen
    if results.explain is not None:
        for q in results.explain["queries"]:
            if (q["name"], q["sample"]) not in measured:
                rows.append(_figure(q["name"], q["sample"], "measured", q))
    frame = pd.DataFrame(rows, columns=_FIGURE_COLUMNS)
    frame["order"] = frame["series"].map(lambda s: _rank(s, SERIES))
    return frame.sort_values(["query", "order"], kind="stable").drop(columns="order")


def audit_frame(audit: Mapping[str, Any]) -> pd.DataFrame:
    """The findings, worst first, then by check and object."""
    rows = [
        {
            "severity": f["severity"],
            "check": f["check"],
            "table": f.get("table") or "",
            "objects": ", ".join(f.get("objects") or ()),
            "message": f["message"],
            "fix": f.get("fix") or "",
            "freed_bytes": f.get("freed_bytes"),
        }
        for f in audit["findings"]
    ]
    columns = ["severity", "check", "table", "objects", "message", "fix", "freed_bytes"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["rank"] = frame["severity"].map(lambda s: _rank(s, AUDIT_SEVERITIES))
    return frame.sort_values(["rank", "check", "objects"], kind="stable").drop(columns="rank")


def bench_frame(bench: Mapping[str, Any]) -> pd.DataFrame:
    """The benchmark's cases, regressions first, then changes, new cases, improvements."""
    rows = [
        {
            "query": c["query"],
            "sample": c["sample"],
            "rows": int(c["rows"]),
            "buffers": int(c["buffers"]),
            "median_ms": float(c["execution_ms"]["median"]),
            "min_ms": float(c["execution_ms"]["min"]),
            "status": c.get("status", ""),
            "plan": c.get("plan", ""),
        }
        for c in bench["cases"]
    ]
    columns = ["query", "sample", "rows", "buffers", "median_ms", "min_ms", "status", "plan"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["rank"] = frame["status"].map(lambda s: _rank(s, BENCH_STATUSES))
    return frame.sort_values(["rank", "query", "sample"], kind="stable").drop(columns="rank")
