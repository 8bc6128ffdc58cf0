"""The plan model: a typed tree of the nodes PostgreSQL's EXPLAIN reports.

A `PlanNode` holds what one node of `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`
says about itself (its kind, the relation and index it reads, estimated and
actual rows, loops, times, buffers, and the details of sorts, hashes, bitmap
and index-only scans), and its children in plan order. A `Plan` is the tree
with the statement-level figures (planning and execution time). Without
ANALYZE the actual figures are None; a node that never ran has zero loops.

PostgreSQL reports a node's actual rows, times and "rows removed" as averages
per loop, and its buffers as totals including its children's; the properties
here turn those into what a reader needs (rows over all loops, time spent in
the node itself). The model knows nothing of findings or of SQL: the explain
findings, the advisor and the benchmark regression gate all read it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Buffers", "NodeShape", "Plan", "PlanNode"]


@dataclass(frozen=True, slots=True)
class Buffers:
    """Block counts of a node or a statement (8 kB each), as EXPLAIN BUFFERS reports them."""

    shared_hit: int = 0
    shared_read: int = 0
    shared_dirtied: int = 0
    shared_written: int = 0
    local_hit: int = 0
    local_read: int = 0
    temp_read: int = 0
    temp_written: int = 0

    @property
    def shared(self) -> int:
        """Shared blocks touched: found in shared_buffers or read from the OS."""
        return self.shared_hit + self.shared_read

    def as_dict(self) -> dict[str, int]:
        return {
            "shared_hit": self.shared_hit,
            "shared_read": self.shared_read,
            "shared_dirtied": self.shared_dirtied,
            "shared_written": self.shared_written,
            "local_hit": self.local_hit,
            "local_read": self.local_read,
            "temp_read": self.temp_read,
            "temp_written": self.temp_written,
        }


@dataclass(frozen=True, slots=True)
class NodeShape:
    """What a node is, without its figures: two plans of the same shape did the same thing."""

    depth: int
    node_type: str
    relation: str | None
    index_name: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanNode:
    """One node of a plan, with its children in plan order."""

    id: int  # pre-order number in its plan, from 1: what findings point at
    node_type: str  # "Seq Scan", "Index Only Scan", "Nested Loop", "Sort", ...
    parent_relationship: str | None = None  # Outer, Inner, SubPlan, InitPlan, Member
    subplan_name: str | None = None
    relation: str | None = None
    schema: str | None = None
    alias: str | None = None
    index_name: str | None = None
    join_type: str | None = None
    strategy: str | None = None  # Aggregate: Plain, Sorted, Hashed, Mixed
    scan_direction: str | None = None
    # Estimates (per loop).
    startup_cost: float = 0.0
    total_cost: float = 0.0
    plan_rows: float = 0.0
    plan_width: int = 0
    # Actuals (per loop, as PostgreSQL reports them); None without ANALYZE.
    actual_startup_ms: float | None = None
    actual_total_ms: float | None = None
    actual_rows: float | None = None
    actual_loops: int | None = None
    buffers: Buffers = field(default_factory=Buffers)
    # Conditions, as PostgreSQL deparses them.
    filter: str | None = None
    index_cond: str | None = None
    recheck_cond: str | None = None
    join_filter: str | None = None
    hash_cond: str | None = None
    merge_cond: str | None = None
    sort_key: tuple[str, ...] = ()
    group_key: tuple[str, ...] = ()
    # Rows discarded, per loop.
    rows_removed_by_filter: float | None = None
    rows_removed_by_index_recheck: float | None = None
    rows_removed_by_join_filter: float | None = None
    # Sort, hash and aggregate memory.
    sort_method: str | None = None  # quicksort, top-N heapsort, external merge, ...
    sort_space_kb: int | None = None
    sort_space_type: str | None = None  # Memory or Disk
    hash_batches: int | None = None
    original_hash_batches: int | None = None
    hashagg_batches: int | None = None
    disk_usage_kb: int | None = None
    peak_memory_kb: int | None = None
    # Scans that visit the heap.
    heap_fetches: int | None = None  # Index Only Scan: rows the visibility map did not vouch for
    exact_heap_blocks: int | None = None
    lossy_heap_blocks: int | None = None
    workers_planned: int | None = None
    workers_launched: int | None = None
    # Processes that ran this node side by side: under a Gather, the launched workers and
    # the leader, whose loops PostgreSQL adds up (so times per loop are per process).
    processes: int = 1
    children: tuple["PlanNode", ...] = ()

    @property
    def executed(self) -> bool:
        """False without ANALYZE, or for a node that never ran (zero loops)."""
        return bool(self.actual_loops)

    @property
    def loops(self) -> int:
        return self.actual_loops or 0

    @property
    def rows(self) -> float:
        """Rows the node returned over all its loops (0 without ANALYZE)."""
        return (self.actual_rows or 0.0) * self.loops

    @property
    def estimated_rows(self) -> float:
        """Rows the planner expected over all loops (its estimate is per loop)."""
        return self.plan_rows * max(self.loops, 1)

    @property
    def rows_removed(self) -> float:
        """Rows the node read and discarded (filter and index recheck), over all loops."""
        per_loop = (self.rows_removed_by_filter or 0.0) + (
            self.rows_removed_by_index_recheck or 0.0
        )
        return per_loop * self.loops

    @property
    def rows_read(self) -> float:
        """Rows the node looked at: those it returned plus those its conditions discarded."""
        return self.rows + self.rows_removed

    @property
    def total_ms(self) -> float:
        """Time in the node and its children over all loops (0 without ANALYZE), as the
        clock ran: loops of parallel processes overlap, so they are divided among them."""
        return (self.actual_total_ms or 0.0) * self.loops / max(self.processes, 1)

    @property
    def exclusive_ms(self) -> float:
        """Time spent in this node alone: its total less its direct children's (never < 0).

        Under a Gather the processes' loops are divided among them (see `total_ms`),
        as PEV2 does; the figure stays an estimate there, the processes not being
        in step.
        """
        inner = sum(c.total_ms for c in self.children if c.parent_relationship != "InitPlan")
        return max(self.total_ms - inner, 0.0)

    @property
    def estimate_factor(self) -> float:
        """How far the row estimate was from the actual rows, as a factor >= 1 (per loop)."""
        if self.actual_rows is None:
            return 1.0
        estimated, actual = max(self.plan_rows, 1.0), max(self.actual_rows, 1.0)
        return max(estimated / actual, actual / estimated)

    @property
    def label(self) -> str:
        """`Index Scan using idx on table t` in the words EXPLAIN's text format uses."""
        words = [self.node_type]
        if self.join_type and self.node_type in ("Nested Loop", "Hash Join", "Merge Join"):
            words = [
                f"{self.node_type} {self.join_type}" if self.join_type != "Inner" else words[0]
            ]
        if self.index_name:
            words.append(f"using {self.index_name}")
        if self.relation:
            on = (
                self.relation
                if not self.alias or self.alias == self.relation
                else (f"{self.relation} {self.alias}")
            )
            words.append(f"on {on}")
        if self.subplan_name:
            words.insert(0, f"{self.subplan_name}:")
        return " ".join(words)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, "PlanNode"]]:
        """This node and its descendants in tree order (pre-order), with their depth."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def as_dict(self) -> dict[str, Any]:
        """The node in JSON form, with its children; figures rounded, absent ones left out."""
        out: dict[str, Any] = {"id": self.id, "node_type": self.node_type}
        for key in (
            "parent_relationship",
            "subplan_name",
            "relation",
            "alias",
            "index_name",
            "join_type",
            "strategy",
            "filter",
            "index_cond",
            "recheck_cond",
            "join_filter",
            "hash_cond",
            "merge_cond",
            "sort_method",
            "sort_space_kb",
            "sort_space_type",
            "hash_batches",
            "hashagg_batches",
            "disk_usage_kb",
            "heap_fetches",
            "exact_heap_blocks",
            "lossy_heap_blocks",
            "rows_removed_by_filter",
            "rows_removed_by_index_recheck",
            "rows_removed_by_join_filter",
        ):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.sort_key:
            out["sort_key"] = list(self.sort_key)
        out["estimated_rows"] = self.plan_rows
        out["total_cost"] = self.total_cost
        if self.actual_loops is not None:
            out["actual_rows"] = self.actual_rows
            out["loops"] = self.actual_loops
            out["total_ms"] = round(self.total_ms, 3)
            out["exclusive_ms"] = round(self.exclusive_ms, 3)
        out["shared_hit"] = self.buffers.shared_hit
        out["shared_read"] = self.buffers.shared_read
        if self.buffers.temp_read or self.buffers.temp_written:
            out["temp_read"] = self.buffers.temp_read
            out["temp_written"] = self.buffers.temp_written
        out["children"] = [c.as_dict() for c in self.children]
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """A whole plan: the root node and what the statement cost as a whole."""

    root: PlanNode
    analyzed: bool  # ANALYZE was on: actual figures are there
    planning_ms: float | None = None
    execution_ms: float | None = None
    planning_buffers: Buffers = field(default_factory=Buffers)

    @property
    def buffers(self) -> Buffers:
        """What executing the statement touched (the root's counts include its children's)."""
        return self.root.buffers

    @property
    def rows(self) -> float:
        return self.root.rows

    @property
    def total_cost(self) -> float:
        return self.root.total_cost

    def nodes(self) -> Iterator[PlanNode]:
        """Every node in tree order."""
        for _, node in self.root.walk():
            yield node

    def node(self, node_id: int) -> PlanNode:
        """The node numbered `node_id`; KeyError when there is none."""
        for candidate in self.nodes():
            if candidate.id == node_id:
                return candidate
        raise KeyError(node_id)

    def shape(self) -> tuple[NodeShape, ...]:
        """Node types, relations and indexes in tree order: the plan without its figures."""
        return tuple(
            NodeShape(depth, n.node_type, n.relation, n.index_name) for depth, n in self.root.walk()
        )

    def relations(self) -> tuple[str, ...]:
        """The relations scanned, in tree order, each once."""
        return tuple(dict.fromkeys(n.relation for n in self.nodes() if n.relation))

    def indexes_used(self) -> tuple[str, ...]:
        """The indexes read, in tree order, each once."""
        return tuple(dict.fromkeys(n.index_name for n in self.nodes() if n.index_name))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"analyzed": self.analyzed}
        if self.planning_ms is not None:
            out["planning_ms"] = round(self.planning_ms, 3)
        if self.execution_ms is not None:
            out["execution_ms"] = round(self.execution_ms, 3)
        out["root"] = self.root.as_dict()
        return out
