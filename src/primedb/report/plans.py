"""A plan as the report draws it: one row per node, the hot ones marked, findings beside.

Reads the JSON form of a plan (`Plan.as_dict()`, as `primedb explain` and
`primedb advise` print it). Each node gets its label in EXPLAIN's own words,
its conditions, the share of the execution time spent in the node alone, its
rows against the planner's estimate, its loops and buffers. A node is hot when
it takes at least `HOT_SHARE` of the time by itself, or a finding says so; the
findings are attached to the node they point at.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["HOT_SHARE", "PlanRow", "plan_rows"]

HOT_SHARE = 0.3  # of the execution time, spent in the node alone
_CONDITIONS = (
    ("index_cond", "index cond"),
    ("recheck_cond", "recheck"),
    ("hash_cond", "hash cond"),
    ("merge_cond", "merge cond"),
    ("join_filter", "join filter"),
    ("filter", "filter"),
)
_JOINS = ("Nested Loop", "Hash Join", "Merge Join")


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: int
    depth: int
    label: str
    details: tuple[str, ...]  # conditions, sort keys, sort method
    share: float | None  # of the execution time, in the node alone; None without ANALYZE
    rows: float | None  # over all loops
    estimated: float
    loops: int | None
    shared_hit: int
    shared_read: int
    hot: bool
    findings: tuple[Mapping[str, Any], ...]  # the findings pointing at this node

    @property
    def severity(self) -> str:
        """The worst severity among the node's findings ('' without)."""
        order = ("critical", "warning", "info")
        found = [f["severity"] for f in self.findings]
        return min(found, key=order.index, default="") if found else ""


def label(node: Mapping[str, Any]) -> str:
    """`Index Scan using idx on table t`, the words EXPLAIN's text format uses."""
    kind = str(node["node_type"])
    join = node.get("join_type")
    words = [f"{kind} {join}" if join and join != "Inner" and kind in _JOINS else kind]
    if node.get("index_name"):
        words.append(f"using {node['index_name']}")
    if node.get("relation"):
        relation, alias = node["relation"], node.get("alias")
        words.append(f"on {relation}" + (f" {alias}" if alias and alias != relation else ""))
    if node.get("subplan_name"):
        words.insert(0, f"{node['subplan_name']}:")
    return " ".join(words)


def _details(node: Mapping[str, Any]) -> tuple[str, ...]:
    out = [f"{name}: {node[key]}" for key, name in _CONDITIONS if node.get(key)]
    if node.get("sort_key"):
        out.append("sort key: " + ", ".join(node["sort_key"]))
    if node.get("sort_method"):
        space = node.get("sort_space_kb")
        where = node.get("sort_space_type") or ""
        out.append(
            f"sort method: {node['sort_method']}"
            + (f", {space:,} kB {where.lower()}" if space is not None else "")
        )
    removed = node.get("rows_removed_by_filter")
    if removed:
        out.append(f"rows removed by filter: {removed:,.0f} per loop")
    return tuple(out)


def _walk(node: Mapping[str, Any], depth: int = 0) -> Iterator[tuple[int, Mapping[str, Any]]]:
    yield depth, node
    for child in node.get("children", ()):
        yield from _walk(child, depth + 1)


def plan_rows(plan: Mapping[str, Any], findings: Sequence[Mapping[str, Any]] = ()) -> list[PlanRow]:
    """The rows of `plan` in tree order, each with the findings that point at it."""
    total = float(plan.get("execution_ms") or 0.0)
    by_node: dict[int, list[Mapping[str, Any]]] = {}
    for finding in findings:
        by_node.setdefault(int(finding["node"]), []).append(finding)
    rows = []
    for depth, node in _walk(plan["root"]):
        loops = node.get("loops")
        analyzed = loops is not None
        share = (float(node.get("exclusive_ms") or 0.0) / total) if analyzed and total else None
        actual = node.get("actual_rows")
        attached = tuple(by_node.get(int(node["id"]), ()))
        hot = (share is not None and share >= HOT_SHARE) or any(
            f["kind"] == "hot_node" for f in attached
        )
        rows.append(
            PlanRow(
                id=int(node["id"]),
                depth=depth,
                label=label(node),
                details=_details(node),
                share=share,
                rows=None if actual is None else float(actual) * int(loops or 0),
                estimated=float(node.get("estimated_rows") or 0.0) * max(int(loops or 1), 1),
                loops=None if loops is None else int(loops),
                shared_hit=int(node.get("shared_hit") or 0),
                shared_read=int(node.get("shared_read") or 0),
                hot=hot,
                findings=attached,
            )
        )
    return rows
