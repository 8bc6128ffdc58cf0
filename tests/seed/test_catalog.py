"""A seed sets indexes and foreign keys aside while loading: the catalog after equals before."""

from primedb.seed import seed_database

from ._catalog import snapshot


def test_the_catalog_after_a_seed_equals_the_catalog_before(schema_dsn: str) -> None:
    before = snapshot(schema_dsn)
    seed_database(schema_dsn, scale=0.01, seed=3)
    after = snapshot(schema_dsn)
    for part in before:
        assert after[part] == before[part], part


def test_the_snapshot_sees_a_changed_index(schema_dsn: str) -> None:
    import psycopg

    before = snapshot(schema_dsn)
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("DROP INDEX audit_logs_actor_user_id_idx")
        conn.execute("CREATE INDEX audit_logs_actor_user_id_idx ON audit_logs (actor_user_id)")
    assert snapshot(schema_dsn)["indexes"] != before["indexes"]


def test_comments_on_indexes_and_constraints_survive(schema_dsn: str) -> None:
    import psycopg

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
    import psycopg

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
