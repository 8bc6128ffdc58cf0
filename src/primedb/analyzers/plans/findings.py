"""Findings: what a plan says is slow and why, in plain words, each pointing at its node.

A finding has a kind (a closed set, one per rule of `plans/rules.py`), a
severity, the id of the node it is about, a message saying what happened and
a hint saying what to do. `find_all(plan, sql)` runs every rule and returns
the findings worst first, then in tree order.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from primedb.analyzers.plans.node import Plan

__all__ = ["Finding", "FindingKind", "Rule", "Severity", "sort_findings"]


class Severity(Enum):
    """How much a finding matters, mildest first."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {severity: i for i, severity in enumerate(Severity)}


class FindingKind(Enum):
    """The kinds of finding, one per rule."""

    SEQ_SCAN_SELECTIVE = "seq_scan_selective"  # a large table read whole for a few rows
    ROWS_REMOVED_BY_FILTER = "rows_removed_by_filter"
    ESTIMATE_OFF = "estimate_off"
    SORT_SPILL = "sort_spill"  # sort method external: work_mem too small
    HASH_SPILL = "hash_spill"  # hash join or hash aggregate in batches on disk
    SORT_UNDER_LIMIT = "sort_under_limit"  # all rows sorted to keep the first few
    HEAP_FETCHES = "heap_fetches"  # index-only scan that still visits the heap
    LOSSY_BITMAP = "lossy_bitmap"  # bitmap heap scan that lost row precision
    INDEX_RECHECK = "index_recheck"  # rows fetched by an index condition then discarded
    NESTED_LOOP_SEQ_SCAN = "nested_loop_seq_scan"  # a seq scan repeated for every outer row
    OFFSET_PAGINATION = "offset_pagination"  # rows read and thrown away by OFFSET
    HOT_NODE = "hot_node"  # one node takes most of the execution time


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a plan shows, about one node."""

    kind: FindingKind
    severity: Severity
    node: int  # the node's id (pre-order number in the plan, from 1)
    message: str
    hint: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "node": self.node,
            "message": self.message,
            "hint": self.hint,
        }


class Rule(Protocol):
    """A rule reads a plan (and the statement's SQL, for what plans do not show)."""

    def __call__(self, plan: Plan, sql: str) -> Iterable[Finding]: ...


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Worst first, then in tree order, then by kind."""
    return tuple(sorted(findings, key=lambda f: (-f.severity.rank, f.node, f.kind.value)))
