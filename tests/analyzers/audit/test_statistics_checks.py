"""The checks that judge by statistics, on real scans: never faked, driven and flushed.

The cumulative statistics are reset, then real queries scan the fixture's
tables (index scans on some, sequential scans on others); the test waits
until the server shows them (PostgreSQL 15 flushes a backend's counters
when it goes idle, `pg_stat_force_next_flush()` makes that immediate).
Planner statistics come from the fixture's VACUUM ANALYZE.
"""

import time
from collections.abc import Iterator

import psycopg
import pytest

from primedb.analyzers.audit import AuditResult

from .conftest import SCHEMAS, apply, fixture_sql, found, in_both, run

JUDGE_NOW = {
    "min_statistics_age_s": 0,
    "unused_max_scans": 0,
    "missing_index_min_rows": 10_000,
    "missing_index_min_seq_scans": 5,
    "bloat_min_bytes": 100_000,
}
_TABLES = ("hot", "child", "scanned", "small", "bloaty", "empty", "logs")
CHECKS = (
    "unused_indexes",
    "tables_with_missing_indexes",
    "bloated_tables",
    "bloated_indexes",
    "tables_with_no_data",
)


def _drive(dsn: str) -> None:
    """Reset the counters, then scan: by index (hot, logs), sequentially (scanned, small)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_reset()")
        for schema in SCHEMAS:
            for k in range(3):
                conn.execute(f"SELECT * FROM {schema}.hot WHERE k = %s", (k,)).fetchall()
                conn.execute(f"SELECT * FROM {schema}.logs WHERE k = %s", (k,)).fetchall()
            for _ in range(6):
                conn.execute(f"SELECT count(*) FROM {schema}.scanned WHERE k = 5").fetchall()
                conn.execute(f"SELECT count(*) FROM {schema}.small WHERE k = 5").fetchall()
            conn.execute(
                f"INSERT INTO {schema}.hot VALUES (100001, 1, 1, 'a'), (100002, 2, 2, 'b')"
            )
        conn.execute("SELECT pg_stat_force_next_flush()")
    deadline = time.monotonic() + 30
    with psycopg.connect(dsn, autocommit=True) as conn:
        while True:
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute(
                "SELECT min(seq_scan) FROM pg_stat_all_tables WHERE relname = 'scanned'"
            ).fetchone()
            if row and row[0] == 6:
                return
            assert time.monotonic() < deadline, "the scans never reached the statistics"
            time.sleep(0.05)


@pytest.fixture(scope="module")
def db(module_db: str) -> str:
    for schema in SCHEMAS:
        apply(module_db, fixture_sql("statistics", schema))
        apply(module_db, f"VACUUM ANALYZE {', '.join(f'{schema}.{t}' for t in _TABLES)}")
        apply(module_db, f"CREATE TABLE {schema}.never (id bigint PRIMARY KEY)")
    _drive(module_db)
    return module_db


@pytest.fixture(scope="module")
def result(db: str) -> Iterator[AuditResult]:
    yield run(db, *CHECKS, **JUDGE_NOW)


def test_unused_indexes(result: AuditResult) -> None:
    # Near misses: scanned indexes (hot_k_idx, logs_k_idx through its partitions), a unique
    # index, the index of a foreign key.
    assert found(result, "unused_indexes") == in_both("hot_v_idx", "logs_v_idx")
    by_index = {f.objects[0]: f for f in result.of("unused_indexes")}
    hot = by_index["public.hot_v_idx"]
    assert hot.evidence["scans"] == 0
    assert hot.evidence["table_writes"] == 2
    assert hot.fix == "DROP INDEX CONCURRENTLY public.hot_v_idx;"
    logs = by_index["ops.logs_v_idx"]
    assert logs.table == "ops.logs"  # once, on the parent, with its partitions' sizes
    assert logs.freed_bytes is not None and logs.freed_bytes > 2 * 8192
    assert logs.fix is not None and logs.fix.endswith("DROP INDEX ops.logs_v_idx;")


def test_unused_indexes_says_how_old_the_statistics_are(result: AuditResult) -> None:
    finding = result.of("unused_indexes")[0]
    assert finding.evidence["stats_age_s"] < 3600
    assert " of statistics while " in finding.message


def test_young_statistics_are_not_judged(db: str) -> None:
    refused = run(db, "unused_indexes", "tables_with_missing_indexes")  # default: 7 days
    assert refused.findings == ()
    assert {s.check for s in refused.skipped} == {"unused_indexes", "tables_with_missing_indexes"}
    assert all(
        "younger than min_statistics_age 7 days: too young to judge" in s.why
        for s in refused.skipped
    )


def test_tables_with_missing_indexes(result: AuditResult) -> None:
    # Near misses: hot (index scans), small (sequential scans, but 100 rows).
    assert found(result, "tables_with_missing_indexes") == in_both("scanned")
    finding = result.of("tables_with_missing_indexes")[0]
    assert finding.evidence["seq_scans"] == 6
    assert finding.evidence["rows_per_seq_scan"] == 20_000


def test_bloated_tables_and_indexes(result: AuditResult) -> None:
    # Near misses: every other table and index, never deleted from.
    assert found(result, "bloated_tables") == in_both("bloaty")
    assert found(result, "bloated_indexes") == in_both("bloaty_pkey")
    table = result.of("bloated_tables")[0]
    assert 0.7 < table.evidence["bloat_ratio"] < 0.9  # 80% of the rows were deleted
    assert "ioguix" in table.evidence["estimate"]
    index = result.of("bloated_indexes")[0]
    assert index.fix == f"REINDEX INDEX CONCURRENTLY {index.objects[0]};"
    assert index.freed_bytes == index.evidence["bloat_bytes"]


def test_tables_with_no_data(result: AuditResult) -> None:
    # Near miss: sch.never, empty but never analyzed: listed as not judged instead.
    assert found(result, "tables_with_no_data") == in_both("empty")
    assert set(result.statistics.never_analyzed) == in_both("never")
