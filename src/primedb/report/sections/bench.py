"""The benchmark section: the gate's verdict, regressions first, then every case.

From `primedb bench --format json`: the conditions measured under, what the
run was compared with, the regressions, improvements and notes of the gate
(each one line, as the command prints them), a chart of the heaviest cases
coloured by their status, and the table of cases with the regressed ones on
top.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb.report.charts import horizontal_bars
from primedb.report.inputs import Results, shown
from primedb.report.tables import bench_frame

__all__ = ["BenchView", "bench_section"]

CHARTED = 15  # the heaviest cases by buffers, besides every regressed one


@dataclass(frozen=True, slots=True)
class BenchView:
    conditions: str
    compared_with: str | None
    verdict: str | None  # None: not compared
    passed: bool
    notes: tuple[str, ...]  # different conditions, schema change, time not compared
    regressions: tuple[str, ...]
    improvements: tuple[str, ...]
    remarks: tuple[str, ...]  # the gate's notes
    chart: str | None
    cases: tuple[Mapping[str, Any], ...]  # regressions first


def _conditions(c: Mapping[str, Any]) -> str:
    data = c.get("data") or {}
    parts = [f"PostgreSQL {c.get('postgres_version', '?')}"]
    if data.get("scale") is not None:
        parts.append(f"scale {data['scale']:g}")
    if data.get("seed") is not None:
        parts.append(f"seed {data['seed']}")
    if data.get("as_of"):
        parts.append(f"as of {str(data['as_of'])[:7]}")
    if c.get("schema_hash"):
        # As primedb bench writes it: the algorithm and 12 digits tell two schemas apart.
        algorithm, _, digits = str(c["schema_hash"]).partition(":")
        parts.append(f"schema {algorithm}:{digits[:12]}" if digits else f"schema {algorithm}")
    if c.get("revision"):
        parts.append(f"revision {c['revision']}")
    return ", ".join(parts)


def bench_section(results: Results) -> BenchView | None:
    bench = results.bench
    if bench is None:
        return None
    frame = bench_frame(bench)
    comparison = bench.get("comparison")
    notes: list[str] = []
    if bench.get("not_compared_because"):
        notes.append(f"not compared with the baseline: {bench['not_compared_because']}")
    regressions: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    compared_with = verdict = None
    if comparison:
        baseline = shown(Path(str(comparison.get("baseline"))))
        compared_with = (
            f"{baseline} ({_conditions(comparison['baseline_conditions'])})"
            if comparison.get("baseline_conditions")
            else baseline
        )
        if comparison.get("different_conditions"):
            notes.append(
                "under different conditions (allowed): "
                + "; ".join(comparison["different_conditions"])
                + ": only rows and plans were compared"
            )
        said = (comparison.get("schema_change"), comparison.get("time_note"))
        notes.extend(str(n) for n in said if n)
        regressions = tuple(str(f["line"]) for f in comparison.get("regressions", ()))
        improvements = tuple(str(f["line"]) for f in comparison.get("improvements", ()))
        remarks = tuple(str(f["line"]) for f in comparison.get("notes", ()))
        n = len(regressions)
        verdict = (
            f"the gate fails: {n} regression{'s' if n != 1 else ''}"
            if n
            else "the gate passes: no regression"
        )
    charted = frame[frame["status"] == "REGRESSED"]
    rest = frame[frame["status"] != "REGRESSED"].nlargest(CHARTED, "buffers")
    drawn = [*charted.to_dict("records"), *rest.to_dict("records")]
    chart = None
    if drawn:
        chart = horizontal_bars(
            [f"{r['query']} [{r['sample']}]" for r in drawn],
            [float(r["buffers"]) for r in drawn],
            chart_id="chart-bench",
            title="shared buffers per case",
            colours=[str(r["status"]) or "measured" for r in drawn],
            decimals=0,
        )
    return BenchView(
        conditions=_conditions(bench["conditions"]),
        compared_with=compared_with,
        verdict=verdict,
        passed=not regressions,
        notes=tuple(notes),
        regressions=regressions,
        improvements=improvements,
        remarks=remarks,
        chart=chart,
        cases=tuple(frame.to_dict("records")),
    )
