"""What `primedb check` found: one `Finding` per problem, and the report that holds them."""

from dataclasses import dataclass
from enum import Enum

__all__ = ["Check", "CheckReport", "Finding"]


class Check(Enum):
    """The checks of `primedb check`, in the order they run."""

    HAZARDS = "hazards"
    LINT = "lint"
    HASHES = "schema hashes"
    SCHEMA = "reproduces schema/"
    STAIRWAY = "stairway"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    check: Check
    revision: str | None  # None: about the project as a whole
    message: str

    def line(self) -> str:
        where = f"revision {self.revision}: " if self.revision else ""
        return f"[{self.check.value}] {where}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check.value, "revision": self.revision, "message": self.message}


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    revisions: int
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]  # what was done, for the reader (rows loaded, hashes missing)
    seconds: dict[str, float]  # per check

    @property
    def ok(self) -> bool:
        return not self.findings

    def failed(self, check: Check) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.check is check)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "revisions": self.revisions,
            "checks": {
                c.value: {
                    "ok": not self.failed(c),
                    "seconds": round(self.seconds.get(c.value, 0.0), 3),
                }
                for c in Check
            },
            "findings": [f.as_dict() for f in self.findings],
            "notes": list(self.notes),
        }

    def as_text(self) -> str:
        plural = "s" if self.revisions != 1 else ""
        lines = [f"primedb check: {self.revisions} revision{plural}"]
        for kind in Check:
            failed = self.failed(kind)
            mark = "ok  " if not failed else "FAIL"
            lines.append(f"{mark}  {kind.value} ({self.seconds.get(kind.value, 0.0):.1f}s)")
            lines.extend(f"      {f.line()}" for f in failed)
        lines.extend(f"note: {n}" for n in self.notes)
        count = len(self.findings)
        lines.append("all checks pass" if self.ok else f"{count} problem{'s' if count > 1 else ''}")
        return "\n".join(lines)
