"""A plan's shape as a baseline stores it, and the one line that summarises it for people.

The shape is `Plan.shape()` of `primedb.analyzers.plans`: node types,
relations and indexes in tree order, each with its depth, and no figure, so
two runs of the same plan have equal shapes. A baseline stores it as a list
of `[depth, node type, relation, index]`.

The summary nests children in parentheses, scans name their index (else
their table), and runs of sibling scans that differ only by a partition's
digits are folded: `Limit(Append(13x Index Scan audit_logs_*_pkey))`.
"""

import re
from collections.abc import Sequence
from typing import Any

from primedb.analyzers.plans import NodeShape
from primedb.errors import BadInput

__all__ = ["shape_from_data", "shape_to_data", "summarize_shape"]

_PARTITION_DIGITS = re.compile(r"(?:_\d+)+")


def shape_to_data(shape: Sequence[NodeShape]) -> list[list[Any]]:
    return [[s.depth, s.node_type, s.relation, s.index_name] for s in shape]


def shape_from_data(data: Any, where: str) -> tuple[NodeShape, ...]:
    """The shape a baseline stored; `where` names it in the error."""
    try:
        return tuple(
            NodeShape(int(depth), str(kind), relation, index)
            for depth, kind, relation, index in data
        )
    except (TypeError, ValueError) as exc:
        raise BadInput(
            f"{where}: the plan shape is not a list of [depth, node type, relation, index]; "
            "save the baseline again with primedb bench --save"
        ) from exc


def _label(node: NodeShape) -> str:
    target = node.index_name or node.relation
    return f"{node.node_type} {target}" if target else node.node_type


def _subtrees(shape: Sequence[NodeShape], start: int) -> list[tuple[int, int]]:
    """(first, end) of each child subtree of the node at `start`."""
    depth = shape[start].depth
    children: list[tuple[int, int]] = []
    i = start + 1
    while i < len(shape) and shape[i].depth > depth:
        end = i + 1
        while end < len(shape) and shape[end].depth > shape[i].depth:
            end += 1
        children.append((i, end))
        i = end
    return children


def _render(shape: Sequence[NodeShape], start: int) -> str:
    children = [_render(shape, first) for first, _ in _subtrees(shape, start)]
    label = _label(shape[start])
    return f"{label}({', '.join(_fold(children))})" if children else label


def _fold(items: list[str]) -> list[str]:
    """Runs of items equal but for partition digits become `<n>x <item with *>`."""
    out: list[str] = []
    i = 0
    while i < len(items):
        masked = _PARTITION_DIGITS.sub("_*", items[i])
        j = i + 1
        while j < len(items) and _PARTITION_DIGITS.sub("_*", items[j]) == masked:
            j += 1
        out.append(items[i] if j - i == 1 else f"{j - i}x {masked}")
        i = j
    return out


def summarize_shape(shape: Sequence[NodeShape]) -> str:
    """The plan in one line: `Sort(Nested Loop(Index Scan a_idx, Index Scan b_pkey))`."""
    return _render(shape, 0) if shape else "(no plan)"
