"""The playbook's recommended indexes on top of schema/: the audit names the redundant ones.

database-specialist-playbook.md ("Indexing Recommendations") proposes seven
indexes for PrimeCloudProV2. On the schema as shipped, three duplicate an
existing index and three are prefixes of one; the audit names exactly those,
each with the index that makes it redundant.
"""

import psycopg

from primedb.analyzers.audit import run_checks

from .conftest import found

PLAYBOOK_INDEXES = """
CREATE INDEX idx_account_members_user_id ON account_members(user_id);
CREATE INDEX idx_account_members_account_id ON account_members(account_id);
CREATE INDEX idx_buckets_account_id ON buckets(account_id);
CREATE UNIQUE INDEX idx_buckets_account_id_name ON buckets(account_id, name);
CREATE INDEX idx_notifications_user_unread ON notifications(user_id, read, created_at DESC);
CREATE INDEX idx_audit_logs_account_created ON audit_logs(account_id, created_at DESC);
CREATE INDEX idx_access_keys_account_id ON access_keys(account_id);
"""
REDUNDANCY = ("duplicated_indexes", "intersected_indexes")


def test_the_shipped_schema_has_no_redundant_index(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn) as conn:
        assert run_checks(conn, names=REDUNDANCY).findings == ()


def test_the_playbooks_redundant_indexes_are_named(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn) as conn:
        conn.execute(PLAYBOOK_INDEXES)  # in the open transaction, as the advisor would
        result = run_checks(conn, names=REDUNDANCY)
    pairs = {f.objects[0]: f.objects[1] for f in result.findings}
    assert found(result, "duplicated_indexes") == {
        "public.idx_account_members_user_id",
        "public.idx_buckets_account_id_name",
        "public.idx_access_keys_account_id",
    }
    assert found(result, "intersected_indexes") == {
        "public.idx_account_members_account_id",
        "public.idx_buckets_account_id",
        "public.idx_notifications_user_unread",
    }
    assert pairs == {
        "public.idx_account_members_user_id": "public.account_members_user_id_idx",
        # the unique constraint stays, the unique index that repeats it goes
        "public.idx_buckets_account_id_name": "public.buckets_account_id_name_key",
        "public.idx_access_keys_account_id": "public.access_keys_account_id_idx",
        "public.idx_account_members_account_id": "public.account_members_pkey",
        "public.idx_buckets_account_id": "public.buckets_account_id_name_key",
        "public.idx_notifications_user_unread": "public.notifications_user_read_created_idx",
    }
    # idx_audit_logs_account_created (account_id, created_at DESC) is no prefix of the key
    # (account_id, created_at, id): ORDER BY account_id, created_at DESC needs its own order.
    assert "public.idx_audit_logs_account_created" not in {
        name for f in result.findings for name in f.objects
    }
