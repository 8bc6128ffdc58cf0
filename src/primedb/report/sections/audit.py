"""The audit section: findings by severity, worst first, each with its fix as SQL.

Findings of one check are grouped; an `info` check with many findings (a
column without a description, say) shows its first few and keeps the rest in
a collapsed list, which a printed page leaves out and a reader can open.
What was skipped and what was suppressed are listed with their reasons.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primedb.report.charts import horizontal_bars
from primedb.report.inputs import Results
from primedb.report.tables import AUDIT_SEVERITIES, audit_frame

__all__ = ["AuditView", "CheckGroup", "audit_section"]

SHOWN = 3  # findings shown per check; the rest are in a <details>


@dataclass(frozen=True, slots=True)
class CheckGroup:
    check: str
    severity: str
    shown: tuple[Mapping[str, Any], ...]
    more: tuple[Mapping[str, Any], ...]

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.more)


@dataclass(frozen=True, slots=True)
class AuditView:
    headline: str
    counts: Mapping[str, int]
    chart: str | None
    groups: tuple[CheckGroup, ...]  # worst severity first
    skipped: tuple[Mapping[str, Any], ...]
    suppressed: tuple[Mapping[str, Any], ...]


def audit_section(results: Results) -> AuditView | None:
    audit = results.audit
    if audit is None:
        return None
    frame = audit_frame(audit)
    groups = []
    for (severity, check), rows in frame.groupby(["severity", "check"], sort=False):
        records = tuple(rows.to_dict("records"))
        keep = SHOWN if severity == "info" else len(records)
        groups.append(CheckGroup(str(check), str(severity), records[:keep], records[keep:]))
    counts = {s: int((frame["severity"] == s).sum()) for s in AUDIT_SEVERITIES}
    suppressed = tuple(audit.get("suppressed") or ())
    chart = None
    if len(frame) or suppressed:
        labels = [*AUDIT_SEVERITIES, "suppressed"]
        values = [float(counts[s]) for s in AUDIT_SEVERITIES] + [float(len(suppressed))]
        chart = horizontal_bars(
            labels,
            values,
            chart_id="chart-audit",
            title="findings by severity",
            colours=[*AUDIT_SEVERITIES, "same"],
            decimals=0,
        )
    skipped = tuple(audit.get("skipped") or ())
    headline = (
        f"audit of {audit.get('database') or 'the database'}: "
        f"{len(audit['checks_run'])} checks run, {len(skipped)} skipped; "
        f"{len(frame)} findings ("
        + ", ".join(f"{counts[s]} {s}" for s in AUDIT_SEVERITIES)
        + f"), {len(suppressed)} suppressed"
    )
    return AuditView(
        headline=headline,
        counts=counts,
        chart=chart,
        groups=tuple(groups),
        skipped=skipped,
        suppressed=suppressed,
    )
