"""The plan model read from real EXPLAIN output: numbering, per-loop figures, shape, buffers."""

import json
from typing import Any

import psycopg
import pytest

from primedb.analyzers.plans import NodeShape, read_plan
from primedb.errors import BadInput

JOIN = """
SELECT m.account_id, u.email
FROM account_members m JOIN users u ON u.id = m.user_id
WHERE m.account_id < 20
"""


def explain(dsn: str, statement: str, options: str = "ANALYZE, BUFFERS, FORMAT JSON") -> Any:
    with psycopg.connect(dsn) as conn:
        conn.execute("SET enable_hashjoin = off")
        conn.execute("SET enable_mergejoin = off")
        conn.execute("SET enable_memoize = off")
        conn.execute("SET enable_seqscan = off")
        row = conn.execute(f"EXPLAIN ({options}) {statement}").fetchone()
    assert row is not None
    return row[0]


def test_a_real_plan_reads_into_a_numbered_tree(seeded_dsn: str) -> None:
    plan = read_plan(explain(seeded_dsn, JOIN))
    assert plan.analyzed and plan.execution_ms is not None and plan.planning_ms is not None
    ids = [node.id for node in plan.nodes()]
    assert ids == list(range(1, len(ids) + 1))
    assert plan.root.node_type == "Nested Loop"
    outer, inner = plan.root.children
    assert (outer.parent_relationship, inner.parent_relationship) == ("Outer", "Inner")
    assert inner.relation == "users" and inner.index_name == "users_pkey"
    # The inner side runs once per outer row; its rows are per loop, `rows` over all loops.
    assert inner.loops == outer.rows > 1
    assert inner.rows == (inner.actual_rows or 0) * inner.loops
    assert plan.rows == outer.rows
    assert plan.indexes_used()[-1] == "users_pkey"
    assert plan.relations() == ("account_members", "users")


def test_buffers_of_the_root_include_the_children(seeded_dsn: str) -> None:
    plan = read_plan(explain(seeded_dsn, JOIN))
    assert plan.buffers.shared > 0
    assert plan.buffers.shared >= sum(c.buffers.shared for c in plan.root.children)
    assert plan.root.exclusive_ms <= plan.root.total_ms


def test_the_shape_names_node_types_relations_and_indexes_in_tree_order(seeded_dsn: str) -> None:
    plan = read_plan(explain(seeded_dsn, "SELECT * FROM users WHERE id = 1"))
    assert plan.shape() == (NodeShape(0, "Index Scan", "users", "users_pkey"),)
    node = plan.node(1)
    assert node.index_cond == "(id = 1)"
    assert node.label == "Index Scan using users_pkey on users"


def test_plain_explain_has_estimates_and_no_actuals(seeded_dsn: str) -> None:
    text = explain(seeded_dsn, "SELECT count(*) FROM notifications", "FORMAT JSON")
    plan = read_plan(json.dumps(text))
    assert not plan.analyzed and plan.execution_ms is None
    assert plan.total_cost > 0
    assert all(not n.executed and n.rows == 0 for n in plan.nodes())


def test_filter_details_are_read(seeded_dsn: str) -> None:
    plan = read_plan(explain(seeded_dsn, "SELECT * FROM products WHERE name = 'no-such-name'"))
    scan = next(n for n in plan.nodes() if n.relation == "products")
    assert scan.filter is not None and "no-such-name" in scan.filter
    assert scan.rows == 0 and scan.rows_removed == scan.rows_read > 0


@pytest.mark.parametrize(
    "document",
    ["[]", "{}", '[{"Plan": {}}, {"Plan": {}}]', "[1]"],
    ids=["empty", "noplan", "two", "num"],
)
def test_documents_that_are_not_one_plan_are_refused(document: str) -> None:
    with pytest.raises(BadInput, match="EXPLAIN document"):
        read_plan(document)


def test_times_under_a_gather_are_divided_among_its_processes(seeded_dsn: str) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        for setting in (
            "SET parallel_setup_cost = 0",
            "SET parallel_tuple_cost = 0",
            "SET min_parallel_table_scan_size = 0",
            "SET max_parallel_workers_per_gather = 2",
        ):
            conn.execute(setting)
        row = conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT count(*) FROM notifications "
            "WHERE title <> ''"
        ).fetchone()
    assert row is not None
    plan = read_plan(row[0])
    gather = next(n for n in plan.nodes() if n.node_type == "Gather")
    scan = next(n for n in plan.nodes() if n.relation == "notifications")
    assert gather.processes == 1 and gather.workers_launched is not None
    assert scan.processes == gather.workers_launched + 1
    assert scan.loops == scan.processes  # one loop per process
    assert scan.total_ms == pytest.approx(scan.actual_total_ms or 0)
    # Rows still add up over the processes (per-loop averages, rounded by PostgreSQL).
    assert abs(scan.rows - 10_000) < scan.loops
