"""A seed sets indexes and foreign keys aside while loading: the catalog after equals before."""

from datetime import date

import psycopg
import pytest

from primedb.seed import plan, seed_database
from primedb.seed.setaside import capture
from primedb.seed.undo import UndoPlan, capture_sequences, undo_at
from primedb.seed.world import Sizes, make_world

from ._catalog import snapshot


@pytest.mark.parametrize("connections", [1, 2])
def test_the_catalog_after_a_seed_equals_the_catalog_before(
    schema_dsn: str, connections: int
) -> None:
    before = snapshot(schema_dsn)
    seed_database(schema_dsn, scale=0.01, seed=3, connections=connections)
    after = snapshot(schema_dsn)
    for part in before:
        assert after[part] == before[part], part


def test_undoing_a_seed_that_changed_nothing_changes_nothing(schema_dsn: str) -> None:
    # The guardian may undo a seed whose preparation never committed: the undo
    # must then give back the same catalog (and empty tables).
    with psycopg.connect(schema_dsn) as conn:
        tables = [t.name for t in plan(make_world(Sizes.at(0.01), 1, date(2026, 1, 1)))]
        aside = capture(conn, tables)
        undo_plan = UndoPlan(tuple(tables), aside, capture_sequences(conn, aside), "nobody")
    before = snapshot(schema_dsn)
    undo_at(schema_dsn, UndoPlan.from_json(undo_plan.to_json()))
    assert snapshot(schema_dsn) == before


def test_the_snapshot_sees_a_changed_index(schema_dsn: str) -> None:
    before = snapshot(schema_dsn)
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("DROP INDEX audit_logs_actor_user_id_idx")
        conn.execute("CREATE INDEX audit_logs_actor_user_id_idx ON audit_logs (actor_user_id)")
    assert snapshot(schema_dsn)["indexes"] != before["indexes"]


def test_comments_on_indexes_and_constraints_survive(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("COMMENT ON INDEX notifications_account_id_idx IS 'the account FK'")
        conn.execute("COMMENT ON CONSTRAINT audit_logs_pkey ON audit_logs IS 'keyset order'")
        conn.execute(
            "COMMENT ON CONSTRAINT usage_records_bucket_fkey ON usage_records IS 'tenant FK'"
        )
    before = snapshot(schema_dsn)
    seed_database(schema_dsn, scale=0.01, seed=3)
    assert snapshot(schema_dsn)["comments"] == before["comments"]


def test_renamed_partition_indexes_keep_their_names(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn) as conn:
        row = conn.execute(
            "SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid"
            " WHERE h.inhparent = 'audit_logs_pkey'::regclass ORDER BY 1 DESC LIMIT 1"
        ).fetchone()
        assert row is not None
        conn.execute(f'ALTER INDEX "{row[0]}" RENAME TO audit_logs_custom_pkey')
        conn.execute("ALTER TABLE notifications CLUSTER ON notifications_pkey")  # stays in place
    before = snapshot(schema_dsn)
    seed_database(schema_dsn, scale=0.01, seed=3)
    after = snapshot(schema_dsn)
    assert after == before
    assert any(r[1] == "audit_logs_custom_pkey" for r in after["indexes"])
