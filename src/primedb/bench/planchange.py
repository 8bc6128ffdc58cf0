"""How a plan's shape changed between a baseline and now, judged by the gate's rules.

Worse, each a regression:

- an index scan of a table became a sequential or a bitmap scan of it;
- a Sort (or Incremental Sort) appeared, or a Hash (the table a hash join builds);
- an index the baseline used is no longer used, named, with the revision that
  dropped it when the database no longer has it ("dropped in revision 1a2b3c?").

The reverse of the first two is an improvement; an index used now and not
before is a note (whether it helps shows in the buffers), and so is any other
change of shape.
Scans are counted per table; the partitions of a partitioned table count as
one table (`audit_logs_*`), so that a partitioned index dropped reads as one
finding, not one per month.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from primedb.analyzers.plans import NodeShape, Plan
from primedb.bench.findings import Finding, Kind, Verdict
from primedb.bench.record import Record
from primedb.bench.shapes import summarize_shape

__all__ = ["IndexFacts", "plan_findings"]

INDEX_SCANS = frozenset({"Index Scan", "Index Only Scan"})
SEQ_SCAN = "Seq Scan"
BITMAP_SCAN = "Bitmap Heap Scan"
SORTS = frozenset({"Sort", "Incremental Sort"})
HASH = "Hash"
_PARTITION_DIGITS = re.compile(r"(?:_\d+)+")


class IndexFacts(Protocol):
    """What the database and its migrations say of an index the plan no longer uses."""

    def exists(self, index: str) -> bool: ...

    def dropped_in(self, index: str) -> str | None:
        """The revision (`1a2b3c4d5e6f (message)`) whose upgrade drops `index`, if one does."""
        ...


def _family(name: str) -> str:
    """A partition's name with its digits folded: the partitioned table or index it is of."""
    return _PARTITION_DIGITS.sub("_*", name)


@dataclass(slots=True)
class _Scans:
    """The scans of one table (family): how many of each kind, and the indexes they used."""

    kinds: Counter[str] = field(default_factory=Counter)
    indexes: dict[str, str] = field(default_factory=dict)  # index family -> its scan kind

    @property
    def index_scans(self) -> int:
        return sum(self.kinds[k] for k in INDEX_SCANS)

    def index_label(self, table: str) -> str:
        """`Index Scan using x_idx on t` (the first index scan's words)."""
        for index, kind in self.indexes.items():
            return f"{kind} using {index} on {table}"
        return f"Index Scan on {table}"


def _scans(shape: Sequence[NodeShape]) -> dict[str, _Scans]:
    """Per table family, its scans."""
    found: dict[str, _Scans] = {}
    for node in shape:
        if node.relation:
            scans = found.setdefault(_family(node.relation), _Scans())
            scans.kinds[node.node_type] += 1
            if node.index_name and node.node_type in INDEX_SCANS:
                scans.indexes.setdefault(_family(node.index_name), node.node_type)
    return found


def _count(shape: Sequence[NodeShape], kinds: Iterable[str]) -> int:
    wanted = set(kinds)
    return sum(1 for n in shape if n.node_type in wanted)


def _indexes(shape: Sequence[NodeShape]) -> dict[str, list[str]]:
    """Index families used, with the index names in each."""
    found: dict[str, list[str]] = {}
    for node in shape:
        if node.index_name:
            names = found.setdefault(_family(node.index_name), [])
            if node.index_name not in names:
                names.append(node.index_name)
    return found


def _sort_detail(plan: Plan | None) -> str:
    keys = [n.sort_key for n in (plan.nodes() if plan else ()) if n.node_type in SORTS]
    return f" (sort key: {', '.join(keys[-1])})" if keys and keys[-1] else ""


def _hash_detail(plan: Plan | None) -> str:
    for node in plan.nodes() if plan else ():
        if node.node_type == HASH:
            tables = [n.relation for _, n in node.walk() if n.relation]
            if tables:
                return f" (a hash table of {tables[0]})"
    return ""


def plan_findings(
    before: Record, after: Record, plan: Plan | None, facts: IndexFacts, save_hint: str
) -> list[Finding]:
    """The findings of the change from `before.shape` to `after.shape` (none when equal).

    `plan` is the current plan, for details (a sort's key); `save_hint` ends the
    lines of improvements (`update the baseline with primedb bench --save ci`).
    """
    if before.shape == after.shape:
        return []
    found: list[Finding] = []

    def add(kind: Kind, verdict: Verdict, change: str, cause: str) -> None:
        found.append(Finding(after.query, after.sample, kind, verdict, change, cause))

    old_scans, new_scans = _scans(before.shape), _scans(after.shape)
    for table in sorted(old_scans.keys() | new_scans.keys()):
        old, new = old_scans.get(table, _Scans()), new_scans.get(table, _Scans())
        lost_index = old.index_scans - new.index_scans
        for kind, words in ((SEQ_SCAN, "a sequential scan"), (BITMAP_SCAN, "a bitmap scan")):
            gained = new.kinds[kind] - old.kinds[kind]
            if lost_index > 0 and gained > 0:
                add(
                    Kind.SCAN,
                    Verdict.REGRESSION,
                    f"{old.index_label(table)} -> {kind} on {table}",
                    f"the index scan of {table} became {words}",
                )
            elif lost_index < 0 and gained < 0:
                add(
                    Kind.SCAN,
                    Verdict.IMPROVEMENT,
                    f"{kind} on {table} -> {new.index_label(table)}",
                    f"{words} of {table} became an index scan; {save_hint}",
                )

    for kinds, node_kind, what, detail in (
        (SORTS, Kind.SORT, "Sort", _sort_detail(plan)),
        ((HASH,), Kind.HASH, "Hash", _hash_detail(plan)),
    ):
        old_n, new_n = _count(before.shape, kinds), _count(after.shape, kinds)
        if new_n > old_n:
            add(
                node_kind,
                Verdict.REGRESSION,
                f"{what} nodes {old_n} -> {new_n}",
                f"a {what} appeared{detail}",
            )
        elif new_n < old_n:
            add(
                node_kind,
                Verdict.IMPROVEMENT,
                f"{what} nodes {old_n} -> {new_n}",
                f"a {what} is gone; {save_hint}",
            )

    old_indexes, new_indexes = _indexes(before.shape), _indexes(after.shape)
    for family in sorted(old_indexes.keys() - new_indexes.keys()):
        names = old_indexes[family]
        label = names[0] if len(names) == 1 else f"{family} ({len(names)} partitions)"
        add(Kind.INDEX, Verdict.REGRESSION, f"index {label} -> not used", _unused(names, facts))
    for family in sorted(new_indexes.keys() - old_indexes.keys()):
        names = new_indexes[family]
        label = names[0] if len(names) == 1 else f"{family} ({len(names)} partitions)"
        add(
            Kind.INDEX,
            Verdict.NOTE,
            f"not used -> index {label}",
            f"now uses index {label} (whether it helps shows in the buffers)",
        )

    if not found:
        add(
            Kind.PLAN,
            Verdict.NOTE,
            f"{summarize_shape(before.shape)} -> {summarize_shape(after.shape)}",
            "the plan changed shape, in no way the gate counts as worse",
        )
    return found


def _unused(names: Sequence[str], facts: IndexFacts) -> str:
    first = names[0]
    what = (
        f"index {first} is no longer used"
        if len(names) == 1
        else (
            f"indexes {', '.join(names[:3])}{', ...' if len(names) > 3 else ''} are no longer used"
        )
    )
    missing = [n for n in names if not facts.exists(n)]
    if not missing:
        return what
    for name in missing:
        if revision := facts.dropped_in(name):
            return f"{what}, dropped in revision {revision}?"
    return f"{what}; the database has no index {missing[0]}"
