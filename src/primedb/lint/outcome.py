"""What a rule finds in one statement: raw hazards, and the tables it locks."""

from dataclasses import dataclass, field

from primedb.diff.hazards import HazardKind
from primedb.lint.names import Name

__all__ = ["Outcome", "Raw"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Raw:
    """A hazard before the rows of its table are considered."""

    kind: HazardKind
    subject: str  # accounts.legacy_id
    what: str  # DROP COLUMN accounts.legacy_id
    detail: str = ""
    table: Name | None = None  # whose rows (and newness) decide whether it applies


@dataclass(slots=True)
class Outcome:
    raws: list[Raw] = field(default_factory=list)
    locks: list[Name] = field(default_factory=list)  # relations it locks (for lock_timeout)

    def add(
        self,
        kinds: tuple[HazardKind, ...],
        *,
        subject: str,
        what: str,
        detail: str = "",
        table: Name | None = None,
    ) -> None:
        for kind in kinds:
            self.raws.append(Raw(kind=kind, subject=subject, what=what, detail=detail, table=table))
