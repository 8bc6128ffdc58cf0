"""The summary at the top of the report: what is slow, what to do, what was verified.

Written from the other sections' data, a few lines each: the slowest cases
with their worst finding, the indexes to build and the audit's fixes at
warning or above, the benchmark's regressions; then what was proven (the
advice built for real and measured, how close it came to `schema/`'s own
indexes, the gate's verdict). For the demo, the pipeline's steps with their
status and time come first.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from primedb.report.charts import horizontal_bars
from primedb.report.inputs import Results
from primedb.report.sections.advice import AdviceView
from primedb.report.sections.audit import AuditView
from primedb.report.sections.bench import BenchView
from primedb.report.sections.queries import QueryView, anchor
from primedb.report.tables import explain_frame

__all__ = ["CLOSE", "Summary", "advice_closeness", "summary_section"]

SLOWEST = 5
CHARTED = 15
# The advised set "comes as close" as schema/'s own indexes on a case when it reads at most
# this much more (the benchmark gate's own tolerance: 10% and 8 buffers).
CLOSE = (1.10, 8)


@dataclass(frozen=True, slots=True)
class Summary:
    steps: tuple[Mapping[str, Any], ...]
    failed: bool
    slow: tuple[Mapping[str, Any], ...]  # query, sample, anchor, ms, buffers, finding
    todo: tuple[str, ...]
    verified: tuple[str, ...]
    chart: str | None


def advice_closeness(check: Mapping[str, Any]) -> dict[str, Any]:
    """Per-case buffers of the advised set against schema/'s indexes, summed up."""
    cases = [c for c in check.get("cases", []) if c.get("schema") is not None and c.get("advised")]
    if not cases:
        return {"cases": 0}
    frame = pd.DataFrame(
        {
            "schema": [int(c["schema"]["buffers"]) for c in cases],
            "advised": [int(c["advised"]["buffers"]) for c in cases],
            "constraints": [int(c["constraints"]["buffers"]) for c in cases],
        }
    )
    ratio, slack = CLOSE
    close = frame["advised"] <= frame["schema"] * ratio + slack
    matches = check.get("matches", [])
    read = [m for m in matches if m.get("read_by_queries", True)]
    return {
        "cases": len(frame),
        "close": int(close.sum()),
        "better": int((frame["advised"] < frame["schema"]).sum()),
        "worse": int((~close).sum()),
        "buffers": {k: int(frame[k].sum()) for k in ("constraints", "schema", "advised")},
        "indexes": len(matches),
        "read": len(read),
        "same": sum(1 for m in read if m.get("match") == "same"),
        "covered": sum(1 for m in read if m.get("match") == "covered"),
        "partly": sum(1 for m in read if m.get("match") == "partly"),
    }


def _cut(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _slow(results: Results) -> list[dict[str, Any]]:
    if results.explain is None:
        return []
    frame = explain_frame(results.explain).nlargest(SLOWEST, "execution_ms")
    first: dict[tuple[str, str], str] = {}
    for q in results.explain["queries"]:
        for f in q.get("findings", ()):
            if f["kind"] != "hot_node":
                first.setdefault((q["name"], q["sample"]), _cut(str(f["message"])))
    return [
        {
            "query": r["query"],
            "sample": r["sample"],
            "anchor": anchor("query", str(r["query"])),
            "ms": r["execution_ms"],
            "buffers": r["buffers"],
            "finding": first.get((r["query"], r["sample"]), ""),
        }
        for r in frame.to_dict("records")
    ]


def _chart(results: Results) -> str | None:
    if results.explain is None or not results.explain["queries"]:
        return None
    top = explain_frame(results.explain).nlargest(CHARTED, "execution_ms")
    return horizontal_bars(
        [f"{r['query']} [{r['sample']}]" for r in top.to_dict("records")],
        [float(v) for v in top["execution_ms"]],
        chart_id="chart-overview",
        title=f"execution ms, the {len(top)} slowest cases",
        colours=[str(s) for s in top["sample"]],
        decimals=2,
    )


def _unfinished(steps: tuple[Mapping[str, Any], ...]) -> list[str]:
    """The demo's steps that failed, first of what to do: what did not run says nothing."""
    failed = [(n, s) for n, s in enumerate(steps, 1) if s.get("status") == "failed"]
    skipped = sum(1 for s in steps if s.get("status") == "skipped")
    lines = [f"step {n} ({s['title']}) failed: {_cut(str(s.get('error')))}" for n, s in failed]
    if skipped:
        lines.append(
            f"{skipped} step{'s' if skipped != 1 else ''} did not run, waiting on a failed one: "
            "fix it and run again"
        )
    return lines


def _todo(
    steps: tuple[Mapping[str, Any], ...],
    queries: list[QueryView],
    advice: AdviceView | None,
    audit: AuditView | None,
    bench: BenchView | None,
) -> list[str]:
    todo = _unfinished(steps)
    if advice is not None:
        for index in advice.indexes:
            gains = ", ".join(
                f"{s['name']} [{s['sample']}] {s['before'].get('buffers')} -> "
                f"{s['after'].get('buffers')} buffers"
                for s in index.served[:2]
                if s["before"].get("buffers") is not None
            )
            todo.append(
                f"build {index.name} on {index.table} ({index.size}"
                + (", verified" if index.verified else ", not verified")
                + (f"): {gains}" if gains else ")")
            )
    if audit is not None:
        serious = audit.counts.get("error", 0) + audit.counts.get("warning", 0)
        if serious:
            todo.append(
                f"fix {serious} audit finding{'s' if serious != 1 else ''} at warning or above "
                "(the fix SQL is in the audit section)"
            )
    if bench is not None and bench.regressions:
        n = len(bench.regressions)
        todo.append(f"look at {n} benchmark regressions: {bench.regressions[0]}")
    warned = sum(1 for q in queries for c in q.cases for f in c.findings if f["severity"] != "info")
    if warned:
        todo.append(f"read {warned} plan findings at warning or above in the query sections")
    return todo or ["nothing: no advice, no finding at warning or above, no regression"]


def _verified(
    results: Results, advice: AdviceView | None, audit: AuditView | None, bench: BenchView | None
) -> list[str]:
    out = []
    if advice is not None and advice.indexes:
        built = sum(1 for i in advice.indexes if i.verified)
        out.append(
            f"{built} of {len(advice.indexes)} advised indexes built for real and measured: "
            "the same rows, fewer buffers"
        )
    if advice is not None and advice.check:
        close = advice_closeness(advice.check)
        if close["cases"]:
            b = close["buffers"]
            out.append(
                f"from only the constraints' indexes, the advice reads at most 10% and 8 buffers "
                f"more than schema/'s own indexes on {close['close']} of {close['cases']} cases "
                f"(fewer on {close['better']}); buffers in all: {b['constraints']:,} "
                f"constraints only, {b['schema']:,} schema/'s indexes, {b['advised']:,} with advice"
            )
        if close.get("indexes"):
            out.append(
                f"of schema/'s {close['indexes']} indexes that no constraint needs, the queries "
                f"read {close['read']}; the advice finds {close['same']} of them exactly, covers "
                f"{close['covered']} and {close['partly']} partly"
            )
    if bench is not None and bench.verdict:
        out.append(f"benchmark against {bench.compared_with}: {bench.verdict}")
    if audit is not None:
        out.append(audit.headline)
    return out


def summary_section(
    results: Results,
    queries: list[QueryView],
    advice: AdviceView | None,
    audit: AuditView | None,
    bench: BenchView | None,
) -> Summary:
    demo = results.demo or {}
    steps = tuple(demo.get("steps") or ())
    return Summary(
        steps=steps,
        failed=bool(demo.get("failed")),
        slow=tuple(_slow(results)),
        todo=tuple(_todo(steps, queries, advice, audit, bench)),
        verified=tuple(_verified(results, advice, audit, bench)),
        chart=_chart(results),
    )
