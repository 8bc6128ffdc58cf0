"""The gate: a run compared with a baseline, case by case, by the rules of issue 13.

- rows or their checksum changed: a correctness regression, always;
- shared buffers grew by more than `buffers_pct` (10%) *and* more than
  `buffers_abs` (8) buffers;
- the plan changed for the worse (`primedb.bench.planchange`);
- time, when checked: median *and* min execution time slower by more than
  `time_pct` (25%) *and* by more than `time_floor_ms` (0.5 ms). Times on a
  shared machine are noise next to the rest, so the gate checks them only
  when asked in CI (the `CI` variable set), and every time finding says so.

Rows, plans and buffers repeat exactly on the same data (see
`primedb.bench.session`), so their rules need no tolerance beyond the one a
real change of plan or data would exceed; the buffer tolerance is for a
change that is real but too small to matter.

The reverse of each rule is an improvement, listed with the way to take it
into the baseline. Under different conditions (`allow_different_conditions`)
only rows and plans are compared: buffers and times measured elsewhere are
not this change's doing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from primedb.analyzers.plans import Plan
from primedb.bench.baseline import Baseline
from primedb.bench.conditions import Conditions
from primedb.bench.findings import Finding, Kind, Verdict
from primedb.bench.planchange import IndexFacts, plan_findings
from primedb.bench.record import Record
from primedb.migrations.schemahash import short

__all__ = ["Comparison", "Tolerances", "compare"]

TIME_NOISE = "time on a shared machine is noisy: re-run before believing it"


@dataclass(frozen=True, slots=True)
class Tolerances:
    buffers_pct: float = 10.0
    buffers_abs: int = 8
    time_pct: float = 25.0
    time_floor_ms: float = 0.5
    check_time: bool = True


@dataclass(frozen=True, slots=True)
class Comparison:
    """A run against a baseline: the findings, and what was and was not compared."""

    baseline: Baseline
    findings: tuple[Finding, ...]
    tolerances: Tolerances
    different_conditions: tuple[str, ...] = ()  # allowed: only rows and plans were compared
    time_note: str | None = None  # why time was not compared, when it was not
    save_hint: str = ""
    current: Conditions | None = None  # the run's, for the context of the findings

    @property
    def regressions(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.verdict is Verdict.REGRESSION)

    @property
    def improvements(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.verdict is Verdict.IMPROVEMENT)

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.verdict is Verdict.NOTE)

    @property
    def schema_change(self) -> str | None:
        """`the schema changed since the baseline: ...`, when it did (context, not a finding)."""
        before, after = self.baseline.conditions, self.current
        if after is None or before.schema_hash == after.schema_hash:
            return None
        revisions = (
            f"revision {before.revision or 'none'} -> {after.revision or 'none'}, "
            if before.revision != after.revision
            else ""
        )
        return (
            f"the schema changed since the baseline ({revisions}"
            f"{short(before.schema_hash)} -> {short(after.schema_hash)})"
        )

    def for_case(self, key: tuple[str, str]) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if (f.query, f.sample) == key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "baseline": str(self.baseline.path),
            "baseline_conditions": self.baseline.conditions.as_dict(),
            "different_conditions": list(self.different_conditions),
            "schema_change": self.schema_change,
            "time_compared": self.tolerances.check_time,
            "time_note": self.time_note,
            "tolerances": {
                "buffers_pct": self.tolerances.buffers_pct,
                "buffers_abs": self.tolerances.buffers_abs,
                "time_pct": self.tolerances.time_pct,
                "time_floor_ms": self.tolerances.time_floor_ms,
            },
            "regressions": [f.as_dict() for f in self.regressions],
            "improvements": [f.as_dict() for f in self.improvements],
            "notes": [f.as_dict() for f in self.notes],
        }


@dataclass(slots=True)
class _Rules:
    """The rules applied case by case, collecting findings."""

    tolerances: Tolerances
    facts: IndexFacts
    save_hint: str
    plans_and_rows_only: bool
    found: list[Finding] = field(default_factory=list)

    def add(self, after: Record, kind: Kind, verdict: Verdict, change: str, cause: str) -> None:
        self.found.append(Finding(after.query, after.sample, kind, verdict, change, cause))

    def case(self, before: Record, after: Record, plan: Plan | None) -> None:
        self.rows(before, after)
        self.found.extend(plan_findings(before, after, plan, self.facts, self.save_hint))
        if after.unstable:
            self.add(after, Kind.UNSTABLE, Verdict.NOTE, "rounds disagree", after.unstable)
        if self.plans_and_rows_only:
            return
        self.buffers(before, after)
        if self.tolerances.check_time:
            self.time(before, after)

    def rows(self, before: Record, after: Record) -> None:
        if (before.rows, before.checksum) == (after.rows, after.checksum):
            return
        change = (
            f"rows {before.rows:,} -> {after.rows:,}"
            if before.rows != after.rows
            else f"rows {after.rows:,}, checksum {before.checksum} -> {after.checksum}"
        )
        cause = "the query returns different rows: a correctness regression"
        if dict(before.params) != dict(after.params):
            cause += (
                f" (its sampled parameters changed too, {_params(before.params)} -> "
                f"{_params(after.params)}: did the data or the sample change?)"
            )
        self.add(after, Kind.ROWS, Verdict.REGRESSION, change, cause)

    def buffers(self, before: Record, after: Record) -> None:
        tol = self.tolerances
        old, new = before.buffers, after.buffers
        change = f"buffers {old:,} -> {new:,} ({_percent(old, new)})"
        if new - old > tol.buffers_abs and new - old > old * tol.buffers_pct / 100:
            cause = (
                f"reads more than {tol.buffers_pct:g}% and {tol.buffers_abs} buffers more "
                "than the baseline"
            )
            self.add(after, Kind.BUFFERS, Verdict.REGRESSION, change, cause)
        elif old - new > tol.buffers_abs and old - new > old * tol.buffers_pct / 100:
            self.add(
                after, Kind.BUFFERS, Verdict.IMPROVEMENT, change, f"fewer buffers; {self.save_hint}"
            )

    def time(self, before: Record, after: Record) -> None:
        tol = self.tolerances

        def slower(old: float, new: float) -> bool:
            return new - old > tol.time_floor_ms and new - old > old * tol.time_pct / 100

        change = (
            f"median {before.median_ms:.2f} -> {after.median_ms:.2f} ms, "
            f"min {before.min_ms:.2f} -> {after.min_ms:.2f} ms"
        )
        if slower(before.median_ms, after.median_ms) and slower(before.min_ms, after.min_ms):
            cause = (
                f"median and min both slower by more than {tol.time_pct:g}% and "
                f"{tol.time_floor_ms:g} ms; {TIME_NOISE}"
            )
            self.add(after, Kind.TIME, Verdict.REGRESSION, change, cause)
        elif slower(after.median_ms, before.median_ms) and slower(after.min_ms, before.min_ms):
            cause = f"faster ({TIME_NOISE}); {self.save_hint}"
            self.add(after, Kind.TIME, Verdict.IMPROVEMENT, change, cause)


def compare(
    baseline: Baseline,
    records: Sequence[Record],
    *,
    plans: dict[tuple[str, str], Plan] | None = None,
    facts: IndexFacts,
    tolerances: Tolerances,
    save_hint: str,
    different_conditions: Sequence[str] = (),
    time_note: str | None = None,
    only: Sequence[str] = (),
    current: Conditions | None = None,
) -> Comparison:
    """Each record against the baseline's record of the same case.

    `different_conditions`, when given, were allowed: then only rows and plans
    are compared. `only` (query names) restricts which baseline cases must be
    present; without it a case of the baseline that was not measured fails.
    """
    rules = _Rules(tolerances, facts, save_hint, plans_and_rows_only=bool(different_conditions))
    measured = {r.key for r in records}
    for before in baseline.records:
        if before.key in measured or (only and before.query not in only):
            continue
        rules.add(
            before,
            Kind.MISSING,
            Verdict.REGRESSION,
            "in the baseline -> not measured",
            "the query or its sample is gone (removed or renamed?); if that is meant, " + save_hint,
        )
    for after in records:
        before_record = baseline.get(after.key)
        if before_record is None:
            rules.add(
                after, Kind.NEW, Verdict.NOTE, "not in the baseline", f"a new case; {save_hint}"
            )
            continue
        rules.case(before_record, after, (plans or {}).get(after.key))
    return Comparison(
        baseline=baseline,
        findings=tuple(rules.found),
        tolerances=tolerances,
        different_conditions=tuple(different_conditions),
        time_note=None if tolerances.check_time else time_note,
        save_hint=save_hint,
        current=current,
    )


def _percent(old: int, new: int) -> str:
    if old == 0:
        return "new" if new else "same"
    return f"{(new - old) / old * 100:+.0f}%"


def _params(params: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in dict(params).items())
