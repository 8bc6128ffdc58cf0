"""What an audit found: findings with their evidence and fix, what was skipped and why.

Nothing is dropped: a suppressed finding is kept (with the reason it is
excused), a check that could not judge is listed with the reason, and an
excuse that matched nothing is reported so stale suppressions get cleaned.
"""

from dataclasses import dataclass, field
from typing import Any

from primedb.analyzers.audit.checks import Severity
from primedb.analyzers.audit.settings import Excuse
from primedb.analyzers.audit.words import format_age

__all__ = ["AuditResult", "Finding", "Skipped", "StatisticsState", "Suppressed"]


_INFO_SHOWN = 3  # info findings shown per check in text; JSON lists them all


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    severity: Severity
    table: str | None  # qualified name of the table concerned (None: a function, a sequence)
    objects: tuple[str, ...]  # qualified names, the object at fault first
    message: str
    evidence: dict[str, Any]
    fix: str | None  # SQL, None when there is no safe statement to give
    freed_bytes: int | None = None  # what the fix frees (index findings)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a suppression may give for this finding: its objects and its table."""
        return (*self.objects, *((self.table,) if self.table else ()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "table": self.table,
            "objects": list(self.objects),
            "message": self.message,
            "evidence": self.evidence,
            "fix": self.fix,
            "freed_bytes": self.freed_bytes,
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    check: str
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "why": self.why}


@dataclass(frozen=True, slots=True)
class Suppressed:
    finding: Finding
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.finding.as_dict(), "suppressed_because": self.reason}


@dataclass(frozen=True, slots=True)
class StatisticsState:
    """How much the database's statistics can tell, read before the checks run."""

    live: bool  # False: the embedded default (freshly migrated, no statistics at all)
    reset_at: str | None = None  # cumulative statistics last reset (ISO), None: never
    age_s: float | None = None  # how long they have been counting (at least)
    never_analyzed: tuple[str, ...] = ()  # tables the planner-statistics checks cannot judge

    def as_dict(self) -> dict[str, Any]:
        return {
            "live": self.live,
            "cumulative_reset_at": self.reset_at,
            "cumulative_age_seconds": self.age_s,
            "never_analyzed": list(self.never_analyzed),
        }


@dataclass(frozen=True, slots=True)
class AuditResult:
    findings: tuple[Finding, ...]
    checks_run: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()
    stale_excuses: tuple[Excuse, ...] = ()
    statistics: StatisticsState = field(default_factory=lambda: StatisticsState(live=True))
    timings_ms: dict[str, float] = field(default_factory=dict)
    database: str | None = None

    def failing(self, level: Severity) -> tuple[Finding, ...]:
        """The findings at or above `level` (suppressed ones never fail)."""
        return tuple(f for f in self.findings if f.severity.rank >= level.rank)

    def of(self, check: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.check == check)

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "findings": [f.as_dict() for f in self.findings],
            "checks_run": list(self.checks_run),
            "skipped": [s.as_dict() for s in self.skipped],
            "suppressed": [s.as_dict() for s in self.suppressed],
            "stale_excuses": [
                {"check": e.check, "object": e.object, "reason": e.reason}
                for e in self.stale_excuses
            ],
            "statistics": self.statistics.as_dict(),
            "counts": self._counts(),
            "timings_ms": self.timings_ms,
        }

    def _counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return {**counts, "suppressed": len(self.suppressed)}

    def as_text(self) -> str:
        counts = self._counts()
        by_level = ", ".join(
            f"{counts[s.value]} {s.value}" for s in reversed(Severity) if counts[s.value]
        )
        lines = [
            f"audit of {self.database or 'the database'}: {len(self.checks_run)} checks run, "
            f"{len(self.skipped)} skipped; {len(self.findings)} findings"
            + (f" ({by_level})" if by_level else "")
            + f", {len(self.suppressed)} suppressed"
        ]
        if self.statistics.live and self.statistics.age_s is not None:
            since = self.statistics.reset_at or "the server started; never reset"
            lines.append(
                f"cumulative statistics: {format_age(self.statistics.age_s)} old (since {since})"
            )
        if self.statistics.never_analyzed:
            lines.append(
                f"never analyzed, not judged by the planner-statistics checks: "
                f"{', '.join(self.statistics.never_analyzed)}"
            )
        shown: dict[str, int] = {}
        for finding in self.findings:
            shown[finding.check] = shown.get(finding.check, 0) + 1
            if finding.severity is Severity.INFO and shown[finding.check] > _INFO_SHOWN:
                continue
            lines += ["", *_finding_lines(finding)]
        for check, count in shown.items():
            if count > _INFO_SHOWN and self.of(check)[0].severity is Severity.INFO:
                lines += [
                    "",
                    f"info     {check}: {count - _INFO_SHOWN} more like these "
                    "(--format json lists every finding)",
                ]
        if self.skipped:
            lines += ["", "skipped:"]
            width = max(len(s.check) for s in self.skipped)
            lines += [f"  {s.check:<{width}}  {s.why}" for s in self.skipped]
        if self.suppressed:
            lines += ["", "suppressed:"]
            groups: dict[tuple[str, str], list[str]] = {}
            for item in self.suppressed:
                name = item.finding.objects[0] if item.finding.objects else item.finding.table
                groups.setdefault((item.finding.check, item.reason), []).append(name or "")
            for (check, reason), names in groups.items():
                listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if names[3:] else "")
                lines.append(f"  {check} ({len(names)}): {listed}: {reason}")
        if self.stale_excuses:
            lines += ["", "excuses that matched no finding (remove them):"]
            lines += [f"  {e.check}  {e.object}" for e in self.stale_excuses]
        return "\n".join(lines)


def _finding_lines(finding: Finding) -> list[str]:
    where = finding.table or (finding.objects[0] if finding.objects else "")
    lines = [f"{finding.severity.value:<8} {finding.check}  {where}", f"  {finding.message}"]
    if finding.fix:
        first, *rest = finding.fix.splitlines()
        lines.append(f"  fix: {first}")
        lines += [f"       {line}" for line in rest]
    return lines
