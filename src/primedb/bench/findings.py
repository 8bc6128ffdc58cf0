"""What the gate reports: one finding per change, a regression, an improvement or a note.

A finding names the case (query and sample), what changed from what to what,
and the cause in words, so that one line in a CI log is enough to act on:

    audit_logs_page heavy: buffers 6 -> 412 (+6767%): more than 10% and 8 buffers more
"""

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Finding", "Kind", "Verdict"]


class Verdict(StrEnum):
    REGRESSION = "regression"  # fails the gate
    IMPROVEMENT = "improvement"  # listed, with the way to take it into the baseline
    NOTE = "note"  # said, judged by nobody (a plan that changed in no worse way, a new case)


class Kind(StrEnum):
    ROWS = "rows"  # rows or their checksum: correctness
    BUFFERS = "buffers"
    SCAN = "scan"  # an index scan became a sequential or bitmap scan (or back)
    SORT = "sort"
    HASH = "hash"
    INDEX = "index"  # an index used before is not any more (or a new one is)
    PLAN = "plan"  # the plan changed in a way no rule judges
    TIME = "time"
    MISSING = "missing"  # in the baseline, not measured
    NEW = "new"  # measured, not in the baseline
    UNSTABLE = "unstable"  # the rounds disagreed


@dataclass(frozen=True, slots=True)
class Finding:
    query: str
    sample: str
    kind: Kind
    verdict: Verdict
    change: str  # "buffers 6 -> 412 (+6767%)", "Index Scan x_idx -> Seq Scan t"
    cause: str  # in words, with the way out where there is one

    @property
    def line(self) -> str:
        return f"{self.query} {self.sample}: {self.change}: {self.cause}"

    def as_dict(self) -> dict[str, str]:
        return {
            "query": self.query,
            "sample": self.sample,
            "kind": self.kind.value,
            "verdict": self.verdict.value,
            "change": self.change,
            "cause": self.cause,
            "line": self.line,
        }
