"""The plan in one line, and the shape a baseline stores read back."""

import pytest

from primedb.analyzers.plans import NodeShape
from primedb.bench.shapes import shape_from_data, shape_to_data, summarize_shape
from primedb.errors import BadInput


def _shape(*nodes: tuple[int, str, str | None, str | None]) -> tuple[NodeShape, ...]:
    return tuple(NodeShape(*n) for n in nodes)


def test_children_nest_and_scans_name_their_index_else_their_table() -> None:
    shape = _shape(
        (0, "Sort", None, None),
        (1, "Nested Loop", None, None),
        (2, "Index Scan", "account_members", "account_members_user_id_idx"),
        (2, "Seq Scan", "accounts", None),
    )
    assert summarize_shape(shape) == (
        "Sort(Nested Loop(Index Scan account_members_user_id_idx, Seq Scan accounts))"
    )


def test_partition_scans_fold_and_the_default_partition_stays_apart() -> None:
    months = [
        (1, "Index Scan", f"audit_logs_2026_{m:02d}", f"audit_logs_2026_{m:02d}_pkey")
        for m in range(1, 13)
    ]
    shape = _shape(
        (0, "Limit", None, None),
        (1, "Merge Append", None, None),
        *[(d + 1, k, r, i) for d, k, r, i in months],
        (2, "Index Scan", "audit_logs_default", "audit_logs_default_pkey"),
    )
    assert summarize_shape(shape) == (
        "Limit(Merge Append(12x Index Scan audit_logs_*_pkey, Index Scan audit_logs_default_pkey))"
    )


def test_a_shape_reads_back_equal_and_a_bad_one_is_refused() -> None:
    shape = _shape((0, "Limit", None, None), (1, "Seq Scan", "t", None))
    assert shape_from_data(shape_to_data(shape), "x") == shape
    with pytest.raises(BadInput, match="x: the plan shape is not a list"):
        shape_from_data([["zero", "Limit"]], "x")
