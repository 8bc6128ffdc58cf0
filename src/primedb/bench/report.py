"""The result of `primedb bench`: the table of cases, and the gate's findings under it.

As text: the conditions in one line, one row per case (rows, shared buffers,
median and min execution ms, the plan in one line, and against a baseline the
case's status), then the regressions, the improvements and the notes, one
line each, and what was not compared and why. As JSON: the same, with every
record as a baseline stores it.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb.bench.baseline import shown
from primedb.bench.findings import Finding, Verdict
from primedb.bench.gate import Comparison
from primedb.bench.run import BenchRun
from primedb.texttable import table

__all__ = ["BenchResult"]

PLAN_WIDTH = 72  # the plan column is cut there in the table; JSON has it whole


@dataclass(frozen=True, slots=True)
class BenchResult:
    run: BenchRun
    comparison: Comparison | None = None
    saved: Path | None = None

    @property
    def failed(self) -> bool:
        return bool(self.comparison and self.comparison.regressions)

    def as_dict(self) -> dict[str, Any]:
        run = self.run
        return {
            "conditions": run.conditions.as_dict(),
            "rounds": run.rounds,
            "warmup": run.warmup,
            "seconds": round(run.seconds, 3),
            "cases": [
                {**r.extra_info(), "status": self._status(r.key)}
                if self.comparison
                else r.extra_info()
                for r in run.records
            ],
            "saved": str(self.saved) if self.saved else None,
            "comparison": self.comparison.as_dict() if self.comparison else None,
            "failed": self.failed,
        }

    def as_text(self) -> str:
        run = self.run
        rows = []
        for record in run.records:
            row: dict[str, Any] = {
                "query": record.query,
                "sample": record.sample,
                "rows": f"{record.rows:,}",
                "buffers": f"{record.buffers:,}",
                "median ms": f"{record.median_ms:.3f}",
                "min ms": f"{record.min_ms:.3f}",
            }
            if self.comparison:
                row["vs baseline"] = self._status(record.key)
            row["plan"] = _cut(record.summary)
            rows.append(row)
        lines = [
            f"{run.conditions.label}; {len(rows)} cases, {run.rounds} rounds after "
            f"{run.warmup} warm-up, {run.seconds:.1f} s",
            "",
            table(rows),
        ]
        if self.saved:
            lines += ["", f"saved the baseline {shown(self.saved)}"]
        if self.comparison:
            lines += ["", *self._comparison_lines(self.comparison)]
        return "\n".join(lines)

    def _status(self, key: tuple[str, str]) -> str:
        found = self.comparison.for_case(key) if self.comparison else ()
        verdicts = {f.verdict for f in found}
        if Verdict.REGRESSION in verdicts:
            return "REGRESSED"
        if Verdict.IMPROVEMENT in verdicts:
            return "improved"
        if any(f.kind.value == "new" for f in found):
            return "new"
        return "same" if not found else "changed"

    @staticmethod
    def _comparison_lines(comparison: Comparison) -> list[str]:
        base = comparison.baseline
        lines = [f"compared with {shown(base.path)} ({base.conditions.label})"]
        if comparison.different_conditions:
            lines.append(
                "under different conditions (allowed): "
                + "; ".join(comparison.different_conditions)
                + ": only rows and plans were compared"
            )
        if change := comparison.schema_change:
            lines.append(change)
        if comparison.time_note:
            lines.append(comparison.time_note)
        for title, found in (
            ("regressions", comparison.regressions),
            ("improvements", comparison.improvements),
            ("notes", comparison.notes),
        ):
            if found:
                lines += ["", f"{title} ({len(found)}):", *_bullets(found)]
        regressions = len(comparison.regressions)
        lines += [
            "",
            f"the gate fails: {regressions} regression{'s' if regressions != 1 else ''}"
            if regressions
            else "the gate passes: no regression",
        ]
        return lines


def _bullets(found: tuple[Finding, ...]) -> list[str]:
    return [f"  {f.line}" for f in found]


def _cut(text: str) -> str:
    return text if len(text) <= PLAN_WIDTH else text[: PLAN_WIDTH - 3] + "..."
