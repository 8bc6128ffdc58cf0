"""The audit's settings: thresholds, and suppressions that each say why.

They live in `[tool.primedb.audit]` of the project's pyproject.toml:

    [tool.primedb.audit]
    min_statistics_age = "7d"     # younger statistics: unused_indexes refuses to judge
    unused_max_scans = 10         # an index scanned at most this often is unused

    [tool.primedb.audit.disabled]  # a check off, with the reason
    columns_without_description = "columns are named for what they hold"

    [[tool.primedb.audit.excused]]  # one object excused from one check, with the reason
    check = "unique_indexes_with_nullable_columns"
    object = "public.invoices_subscription_period_key"
    reason = "one-off invoices (no subscription) may be several per period"

A suppressed finding is still counted and listed as suppressed, never dropped.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from primedb.durations import parse_duration
from primedb.errors import UsageError
from primedb.project import project_settings

__all__ = ["AuditSettings", "Excuse", "Suppressions", "read_settings"]


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """Thresholds of the checks that judge by statistics; each is a parameter of the SQL."""

    min_statistics_age_s: float = 7 * 86_400  # cumulative statistics younger: refuse to judge
    unused_max_scans: int = 10
    missing_index_min_rows: int = 10_000  # rows a sequential scan reads, on average
    missing_index_min_seq_scans: int = 50
    bloat_min_ratio: float = 0.3
    bloat_min_bytes: int = 10 * 1024 * 1024
    sequence_max_used: float = 0.8

    def parameters(self) -> dict[str, Any]:
        """The named parameters every check may use, besides `schemas`."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Excuse:
    check: str
    object: str  # a qualified name, matched against a finding's table and objects
    reason: str


@dataclass(frozen=True, slots=True)
class Suppressions:
    disabled: Mapping[str, str] = field(default_factory=dict)  # check -> reason
    excused: tuple[Excuse, ...] = ()
    origin: str = "[tool.primedb.audit]"

    def reason_for(self, check: str, names: tuple[str, ...]) -> str | None:
        """Why a finding of `check` about `names` is suppressed, or None."""
        if check in self.disabled:
            return f"check disabled: {self.disabled[check]}"
        for excuse in self.excused:
            if excuse.check == check and excuse.object in names:
                return excuse.reason
        return None

    def validate(self, known: set[str]) -> None:
        for name in [*self.disabled, *(e.check for e in self.excused)]:
            if name not in known:
                raise UsageError(
                    f"{self.origin}: unknown check {name!r}; known checks: "
                    f"{', '.join(sorted(known))}"
                )


_THRESHOLDS = {
    "unused_max_scans": int,
    "missing_index_min_rows": int,
    "missing_index_min_seq_scans": int,
    "bloat_min_ratio": float,
    "bloat_min_bytes": int,
    "sequence_max_used": float,
}
_KNOWN = {"min_statistics_age", "disabled", "excused", *_THRESHOLDS}


def _reason(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: give the reason as a non-empty string")
    return value.strip()


def parse_settings(table: Mapping[str, Any], origin: str) -> tuple[AuditSettings, Suppressions]:
    """Settings and suppressions from a `[tool.primedb.audit]` table (`origin` names it)."""
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise UsageError(
            f"{origin}: unknown setting {unknown[0]!r}; known: {', '.join(sorted(_KNOWN))}"
        )
    values: dict[str, Any] = {}
    if "min_statistics_age" in table:
        age = table["min_statistics_age"]
        if not isinstance(age, str):
            raise UsageError(f'{origin}: min_statistics_age is a duration such as "7d"')
        values["min_statistics_age_s"] = parse_duration(age, "min_statistics_age") / 1000
    for key, kind in _THRESHOLDS.items():
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UsageError(f"{origin}: {key} must be a number")
            values[key] = kind(value)
    disabled_table = table.get("disabled", {})
    if not isinstance(disabled_table, dict):
        raise UsageError(f'{origin}: disabled is a table of check = "reason"')
    disabled = {str(k): _reason(v, f"{origin}: disabled.{k}") for k, v in disabled_table.items()}
    excused: list[Excuse] = []
    entries = table.get("excused", [])
    if not isinstance(entries, list):
        raise UsageError(f"{origin}: excused is an array of tables ([[...excused]])")
    for i, entry in enumerate(entries):
        where = f"{origin}: excused[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"check", "object", "reason"}:
            raise UsageError(f"{where}: give exactly check, object and reason")
        if not isinstance(entry["check"], str) or not isinstance(entry["object"], str):
            raise UsageError(f"{where}: check and object are strings")
        excused.append(
            Excuse(entry["check"], entry["object"], _reason(entry["reason"], f"{where}.reason"))
        )
    return AuditSettings(**values), Suppressions(disabled, tuple(excused), origin)


def read_settings(cwd: Path | None = None) -> tuple[AuditSettings, Suppressions]:
    """The settings of the nearest primedb project (defaults and no suppression without one)."""
    pyproject, table = project_settings("audit", cwd)
    origin = f"{pyproject} [tool.primedb.audit]" if pyproject else "[tool.primedb.audit]"
    return parse_settings(table, origin)
