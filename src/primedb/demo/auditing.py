"""Step 4: the index and schema audit of the demo's database, as `primedb audit` runs it.

The database is live (seeded, analyzed), so the checks that read statistics
run too, and judge what they can: cumulative statistics a few seconds old
are too young to call an index unused, and the audit says so. An `error`
finding fails the step's gate, as `primedb audit`'s default `--fail-on`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primedb.analyzers.audit import AuditResult, Severity, audit_database
from primedb.demo.context import DemoContext
from primedb.demo.pipeline import Outcome

__all__ = ["Audited", "audit_step"]


@dataclass(frozen=True, slots=True)
class Audited:
    result: AuditResult

    def parts(self) -> dict[str, Any]:
        return {"audit": self.result.as_dict()}

    def summary(self) -> str:
        r = self.result
        counts = {s: 0 for s in Severity}
        for f in r.findings:
            counts[f.severity] += 1
        found = ", ".join(f"{counts[s]} {s.value}" for s in reversed(Severity) if counts[s])
        return (
            f"{len(r.checks_run)} checks, {len(r.skipped)} skipped; {len(r.findings)} findings"
            + (f" ({found})" if found else "")
            + f", {len(r.suppressed)} suppressed"
        )

    def highlights(self) -> list[str]:
        serious = [f for f in self.result.findings if f.severity is not Severity.INFO]
        return (
            ["audit:"] + [f"  {f.severity.value}: {f.message}" for f in serious[:3]]
            if serious
            else []
        )

    def findings(self) -> bool:
        return bool(self.result.failing(Severity.ERROR))


def audit_step(context: DemoContext, done: Mapping[str, Outcome]) -> Audited:
    return Audited(audit_database(context.dsn, live=True))
