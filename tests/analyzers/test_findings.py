"""Each finding on a real plan that shows it, and plans that must stay quiet.

The tables are built inside the test's transaction (never committed), so no
autovacuum can touch them between the build and the EXPLAIN: the visibility
map stays empty and the statistics are exactly those of the ANALYZE here.
"""

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from primedb.analyzers.plans import Plan, read_plan
from primedb.analyzers.plans.findings import Finding, FindingKind, Severity
from primedb.analyzers.plans.rules import find_all

TABLES = """
CREATE TABLE big AS
SELECT i AS id, i % 500 AS a, i % 500 AS b, i % 20000 AS k, (i % 100) AS grp,
       md5(i::text) AS v
FROM generate_series(1, 100000) AS i;
CREATE INDEX big_id ON big (id);
CREATE INDEX big_grp ON big (grp);
CREATE TABLE small AS SELECT i AS k FROM generate_series(1, 40) AS i;
CREATE TABLE docs AS
SELECT i AS id,
       to_tsvector('simple', CASE WHEN i % 20 = 0 THEN 'alpha beta' ELSE 'beta alpha' END) AS body
FROM generate_series(1, 4000) AS i;
CREATE INDEX docs_body ON docs USING gin (body);
ANALYZE big, small, docs;
"""


@pytest.fixture
def conn(dsn: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(dsn) as connection:
        connection.execute(TABLES)
        yield connection
        connection.rollback()


def plan_of(conn: psycopg.Connection[Any], sql: str, **settings: str) -> Plan:
    conn.execute("SAVEPOINT s")
    for name, value in settings.items():
        conn.execute(f"SET LOCAL {name} = '{value}'")
    row = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}").fetchone()
    conn.execute("ROLLBACK TO SAVEPOINT s")
    assert row is not None
    return read_plan(row[0])


def kinds(findings: tuple[Finding, ...]) -> set[FindingKind]:
    return {f.kind for f in findings}


def only(findings: tuple[Finding, ...], kind: FindingKind) -> Finding:
    found = [f for f in findings if f.kind is kind]
    assert len(found) == 1, findings
    return found[0]


def test_seq_scan_of_a_large_table_for_a_few_rows(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(conn, "SELECT * FROM big WHERE k = 7", max_parallel_workers_per_gather="0")
    finding = only(find_all(plan), FindingKind.SEQ_SCAN_SELECTIVE)
    assert finding.severity is Severity.WARNING
    assert plan.node(finding.node).node_type == "Seq Scan"
    assert finding.message.startswith("Seq Scan on big reads 100,000 rows to return 5 ")
    assert "primedb advise" in finding.hint
    # Said once: the rows-removed rule stays quiet on the same node.
    assert FindingKind.ROWS_REMOVED_BY_FILTER not in kinds(find_all(plan))


def timeless(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Without hot-node findings: a fast plan crosses their 1 ms floor only on a loaded machine."""
    return tuple(f for f in findings if f.kind is not FindingKind.HOT_NODE)


def test_a_small_table_read_whole_is_not_a_finding(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(conn, "SELECT * FROM small WHERE k = 7")
    assert plan.root.node_type == "Seq Scan"
    assert timeless(find_all(plan)) == ()


def test_an_index_lookup_has_no_findings(conn: psycopg.Connection[Any]) -> None:
    assert timeless(find_all(plan_of(conn, "SELECT * FROM big WHERE id = 42"))) == ()


def test_rows_removed_by_filter(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn,
        "SELECT * FROM big WHERE grp = 3 AND k < 1000",
        enable_bitmapscan="off",
        enable_seqscan="off",
    )
    finding = only(find_all(plan), FindingKind.ROWS_REMOVED_BY_FILTER)
    node = plan.node(finding.node)
    assert node.index_name == "big_grp"
    assert finding.severity is Severity.WARNING  # 950 of 1,000 rows discarded
    assert "discards 95% of the rows it reads (950 of 1,000)" in finding.message


def test_estimate_off_by_correlated_columns(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn, "SELECT * FROM big WHERE a = 1 AND b = 1", max_parallel_workers_per_gather="0"
    )
    finding = only(find_all(plan), FindingKind.ESTIMATE_OFF)
    assert finding.severity is Severity.WARNING  # 200 rows, 1 expected: 200x
    assert "expected 1 rows per loop and got 200 (200x underestimated)" in finding.message
    assert "CREATE STATISTICS" in finding.hint


def test_limit_stopping_early_is_not_a_misestimate(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(conn, "SELECT * FROM big ORDER BY id LIMIT 5")
    assert plan.root.children[0].estimate_factor > 1000
    assert FindingKind.ESTIMATE_OFF not in kinds(find_all(plan))


def test_sort_spilling_to_disk(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn, "SELECT * FROM big ORDER BY v", work_mem="64kB", max_parallel_workers_per_gather="0"
    )
    finding = only(find_all(plan), FindingKind.SORT_SPILL)
    assert plan.node(finding.node).node_type == "Sort"
    assert "external" in finding.message and "work_mem" in finding.hint


def test_hash_spilling_to_disk(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn,
        "SELECT count(*) FROM big x JOIN big y ON x.v = y.v",
        work_mem="64kB",
        enable_mergejoin="off",
        max_parallel_workers_per_gather="0",
    )
    finding = only(find_all(plan), FindingKind.HASH_SPILL)
    assert (plan.node(finding.node).hash_batches or 0) > 1


def test_sort_under_a_limit(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn, "SELECT * FROM big ORDER BY v DESC LIMIT 10", max_parallel_workers_per_gather="0"
    )
    finding = only(find_all(plan), FindingKind.SORT_UNDER_LIMIT)
    assert finding.severity is Severity.WARNING
    assert "orders 100,000 rows to keep the first 10 (LIMIT), by v DESC" in finding.message


def test_heap_fetches_of_an_index_only_scan(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn, "SELECT id FROM big WHERE id < 2000", enable_bitmapscan="off", enable_seqscan="off"
    )
    finding = only(find_all(plan), FindingKind.HEAP_FETCHES)
    assert plan.node(finding.node).node_type == "Index Only Scan"
    assert "for 1,999 of its 1,999 rows" in finding.message and "VACUUM big" in finding.hint


def test_lossy_bitmap(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn,
        "SELECT * FROM big WHERE grp < 60",
        work_mem="64kB",
        enable_seqscan="off",
        enable_indexscan="off",
        max_parallel_workers_per_gather="0",
    )
    finding = only(find_all(plan), FindingKind.LOSSY_BITMAP)
    assert (plan.node(finding.node).lossy_heap_blocks or 0) > 0
    assert FindingKind.INDEX_RECHECK not in kinds(find_all(plan))


def test_rows_removed_by_index_recheck(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn,
        "SELECT id FROM docs WHERE body @@ to_tsquery('simple', 'alpha <-> beta')",
        enable_seqscan="off",
    )
    finding = only(find_all(plan), FindingKind.INDEX_RECHECK)
    assert finding.severity is Severity.WARNING
    assert "fetched 4,000 rows by its index and discarded 3,800" in finding.message


def test_nested_loop_over_a_seq_scan(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn,
        "SELECT * FROM small s JOIN big b ON b.k = s.k",
        enable_hashjoin="off",
        enable_mergejoin="off",
        enable_material="off",
        enable_memoize="off",
        max_parallel_workers_per_gather="0",
    )
    finding = only(find_all(plan), FindingKind.NESTED_LOOP_SEQ_SCAN)
    node = plan.node(finding.node)
    assert node.node_type == "Seq Scan" and node.relation == "big" and node.loops == 40
    assert finding.severity is Severity.CRITICAL  # 4M rows read in all


def test_offset_pagination(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(conn, "SELECT * FROM big ORDER BY id LIMIT 10 OFFSET 5000")
    finding = only(
        find_all(plan, "SELECT * FROM big ORDER BY id LIMIT 10 OFFSET 5000"),
        FindingKind.OFFSET_PAGINATION,
    )
    assert plan.node(finding.node).node_type == "Limit"
    assert finding.severity is Severity.WARNING
    assert "5,000 rows were read and thrown away" in finding.message
    assert "keyset" in finding.hint
    # Without OFFSET in the statement, nothing.
    assert FindingKind.OFFSET_PAGINATION not in kinds(find_all(plan, "SELECT 1"))


def test_a_node_with_most_of_the_time(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(
        conn, "SELECT count(*) FROM big WHERE v LIKE '%abc%'", max_parallel_workers_per_gather="0"
    )
    finding = only(find_all(plan), FindingKind.HOT_NODE)
    assert plan.node(finding.node).node_type == "Seq Scan"
    assert finding.severity is Severity.INFO


def test_findings_come_worst_first(conn: psycopg.Connection[Any]) -> None:
    plan = plan_of(conn, "SELECT * FROM big WHERE k = 7", max_parallel_workers_per_gather="0")
    severities = [f.severity.rank for f in find_all(plan)]
    assert severities == sorted(severities, reverse=True) and len(severities) >= 2
