"""The generator at a small scale: everything loads, constraints hold, partitions are used."""

import json
from datetime import UTC, date, datetime

import psycopg
import pytest

from primedb.seed import plan, seed_database
from primedb.seed.world import Sizes, make_world, month_start


def _count(conn: psycopg.Connection[tuple[object, ...]], query: str) -> int:
    row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])  # type: ignore[call-overload]


def test_every_table_gets_the_planned_rows(seeded_dsn: str, seed_args: dict[str, float]) -> None:
    world = make_world(Sizes.at(seed_args["scale"]), int(seed_args["seed"]), date.today())
    expected = {t.name: t.rows for t in plan(world)}
    with psycopg.connect(seeded_dsn) as conn:
        for table, rows in expected.items():
            assert _count(conn, f"SELECT count(*) FROM {table}") == rows, table
    assert expected["audit_logs"] == 20_000
    assert expected["usage_records"] == 20_000
    assert expected["notifications"] == 10_000
    assert expected["accounts"] == 100


def test_constraints_and_indexes_are_valid_after_the_load(seeded_dsn: str) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        assert _count(conn, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated") == 0
        assert _count(conn, "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0


def test_identity_sequences_continue_after_the_loaded_ids(seeded_dsn: str) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        row = conn.execute(
            "INSERT INTO users (email, name) VALUES ('late@example.com', 'Late') RETURNING id"
        ).fetchone()
        assert row == (
            _count(conn, "SELECT max(id) FROM users WHERE email <> 'late@example.com'") + 1,
        )


@pytest.mark.parametrize("parent", ["audit_logs", "usage_records"])
def test_events_fill_twelve_monthly_partitions_and_not_the_default(
    seeded_dsn: str, parent: str
) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        per_partition = conn.execute(
            f"SELECT tableoid::regclass::text, count(*) FROM {parent} GROUP BY 1 ORDER BY 1"
        ).fetchall()
    names = [name for name, _ in per_partition]
    assert len(names) == 12
    assert f"{parent}_default" not in names
    anchor = month_start(datetime.now(UTC))  # the seed's default as_of
    last = date(anchor.year - (anchor.month == 1), (anchor.month - 2) % 12 + 1, 1)
    assert names[-1] == f"{parent}_{last:%Y_%m}"  # the month before the as_of month
    counts = [n for _, n in per_partition]
    assert counts[-1] > counts[0]  # the platform grows: recent months hold more


def test_rows_outside_every_partition_land_in_the_default_partition(schema_dsn: str) -> None:
    seed_database(schema_dsn, scale=0.01, seed=1, as_of=date(2020, 1, 1))
    with psycopg.connect(schema_dsn) as conn:
        assert conn.execute(
            "SELECT tableoid::regclass::text, count(*) FROM audit_logs GROUP BY 1"
        ).fetchall() == [("audit_logs_default", 20_000)]


def test_loaded_pages_are_all_visible_so_index_only_scans_skip_the_heap(seeded_dsn: str) -> None:
    # COPY FREEZE marks the pages all-visible: no VACUUM needed for index-only scans.
    with psycopg.connect(seeded_dsn) as conn:
        conn.execute("SET enable_seqscan = off")
        conn.execute("SET enable_bitmapscan = off")
        row = conn.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM notifications WHERE user_id < 50"
        ).fetchone()
    assert row is not None
    plan_json = row[0] if isinstance(row[0], list) else json.loads(row[0])

    def scans(node: dict[str, object]) -> list[dict[str, object]]:
        found = [node] if node.get("Node Type") == "Index Only Scan" else []
        for child in node.get("Plans", []):  # type: ignore[attr-defined]
            found += scans(child)
        return found

    index_only = scans(plan_json[0]["Plan"])
    assert index_only
    assert all(s["Heap Fetches"] == 0 for s in index_only)
