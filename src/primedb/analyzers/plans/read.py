"""Read the JSON of `EXPLAIN (FORMAT JSON)` into the plan model.

The document is what PostgreSQL returns (a one-element list holding an object
with "Plan", "Planning Time", ...), parsed or still text. Keys that a given
option set leaves out (times without ANALYZE, blocks without BUFFERS) are
read as absent, never guessed; nodes are numbered in tree order from 1.
"""

import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from primedb.analyzers.plans.node import Buffers, Plan, PlanNode
from primedb.errors import BadInput

__all__ = ["read_plan"]

# PlanNode field <- EXPLAIN key, for the optional scalar fields read as they are.
_TEXT = {
    "parent_relationship": "Parent Relationship",
    "subplan_name": "Subplan Name",
    "relation": "Relation Name",
    "schema": "Schema",
    "alias": "Alias",
    "index_name": "Index Name",
    "join_type": "Join Type",
    "strategy": "Strategy",
    "scan_direction": "Scan Direction",
    "filter": "Filter",
    "index_cond": "Index Cond",
    "recheck_cond": "Recheck Cond",
    "join_filter": "Join Filter",
    "hash_cond": "Hash Cond",
    "merge_cond": "Merge Cond",
    "sort_method": "Sort Method",
    "sort_space_type": "Sort Space Type",
}
_INT = {
    "sort_space_kb": "Sort Space Used",
    "hash_batches": "Hash Batches",
    "original_hash_batches": "Original Hash Batches",
    "hashagg_batches": "HashAgg Batches",
    "disk_usage_kb": "Disk Usage",
    "peak_memory_kb": "Peak Memory Usage",
    "heap_fetches": "Heap Fetches",
    "exact_heap_blocks": "Exact Heap Blocks",
    "lossy_heap_blocks": "Lossy Heap Blocks",
    "workers_planned": "Workers Planned",
    "workers_launched": "Workers Launched",
    "actual_loops": "Actual Loops",
}
_FLOAT = {
    "actual_startup_ms": "Actual Startup Time",
    "actual_total_ms": "Actual Total Time",
    "actual_rows": "Actual Rows",
    "rows_removed_by_filter": "Rows Removed by Filter",
    "rows_removed_by_index_recheck": "Rows Removed by Index Recheck",
    "rows_removed_by_join_filter": "Rows Removed by Join Filter",
}
_BUFFERS = {
    "shared_hit": "Shared Hit Blocks",
    "shared_read": "Shared Read Blocks",
    "shared_dirtied": "Shared Dirtied Blocks",
    "shared_written": "Shared Written Blocks",
    "local_hit": "Local Hit Blocks",
    "local_read": "Local Read Blocks",
    "temp_read": "Temp Read Blocks",
    "temp_written": "Temp Written Blocks",
}


def read_plan(document: Any) -> Plan:
    """The plan of one EXPLAIN (FORMAT JSON) result: its text, list or object."""
    top = _top_object(document)
    if "Plan" not in top:
        raise BadInput('an EXPLAIN document without a "Plan"; give the output of FORMAT JSON')
    counter = itertools.count(1)
    root = _node(top["Plan"], counter, 1)
    planning = top.get("Planning", {})
    return Plan(
        root=root,
        analyzed=root.actual_loops is not None,
        planning_ms=_float(top.get("Planning Time")),
        execution_ms=_float(top.get("Execution Time")),
        planning_buffers=_buffers(planning if isinstance(planning, Mapping) else {}),
    )


def _top_object(document: Any) -> Mapping[str, Any]:
    value = json.loads(document) if isinstance(document, str | bytes) else document
    if isinstance(value, list):
        if len(value) != 1:
            raise BadInput(f"an EXPLAIN document holds {len(value)} plans; give one")
        value = value[0]
    if not isinstance(value, Mapping):
        raise BadInput("an EXPLAIN document that is not a JSON object; give FORMAT JSON output")
    return value


_GATHERS = ("Gather", "Gather Merge")


def _node(raw: Mapping[str, Any], counter: Iterator[int], processes: int) -> PlanNode:
    node_id = next(counter)
    values: dict[str, Any] = {}
    for name, key in _TEXT.items():
        if (value := raw.get(key)) is not None:
            values[name] = str(value)
    for name, key in _INT.items():
        if (value := raw.get(key)) is not None:
            values[name] = int(value)
    for name, key in _FLOAT.items():
        if (value := raw.get(key)) is not None:
            values[name] = float(value)
    below = processes
    if raw.get("Node Type") in _GATHERS:
        # The leader runs the plan too (parallel_leader_participation, on by default).
        below = int(raw.get("Workers Launched", 0) or 0) + 1
    children = tuple(_node(child, counter, below) for child in raw.get("Plans", ()))
    return PlanNode(
        id=node_id,
        node_type=str(raw.get("Node Type", "?")),
        startup_cost=float(raw.get("Startup Cost", 0.0)),
        total_cost=float(raw.get("Total Cost", 0.0)),
        plan_rows=float(raw.get("Plan Rows", 0.0)),
        plan_width=int(raw.get("Plan Width", 0)),
        buffers=_buffers(raw),
        sort_key=tuple(str(k) for k in raw.get("Sort Key", ())),
        group_key=tuple(str(k) for k in raw.get("Group Key", ())),
        children=children,
        processes=processes,
        **values,
    )


def _buffers(raw: Mapping[str, Any]) -> Buffers:
    return Buffers(**{name: int(raw.get(key, 0)) for name, key in _BUFFERS.items()})


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
