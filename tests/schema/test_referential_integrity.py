"""Rule 8: foreign keys everywhere, with deliberate ON DELETE / ON UPDATE actions.

A deleted account takes its tenant rows with it, except the fiscal records
(orders, invoices: the delete is refused) and the audit trail (kept). A deleted
user leaves the history they took part in, with the reference set to NULL.
"""

import secrets

from psycopg import errors
from psycopg.types.json import Jsonb

from ._helpers import (
    Conn,
    add_member,
    connect,
    count,
    insert,
    new_access_key,
    new_account,
    new_bucket,
    new_product,
    new_subscription,
    new_user,
    one,
    owner_of,
    refused,
)

CASCADED = (
    "account_members",
    "invitations",
    "buckets",
    "access_keys",
    "subscriptions",
    "usage_records",
    "quota_requests",
    "notifications",
)


def _tenant(conn: Conn) -> dict[str, int]:
    """An account with one row in every table that belongs to it."""
    account = new_account(conn)
    owner = owner_of(conn, account)
    member = new_user(conn)
    add_member(conn, account, member, "member")
    bucket = new_bucket(conn, account)
    ids = {"account": account, "owner": owner, "member": member, "bucket": bucket}
    ids["invitation"] = insert(
        conn,
        "invitations",
        {
            "account_id": account,
            "email": "new@example.com",
            "role": "member",
            "token_hash": secrets.token_bytes(32),
            "invited_by": member,
            "expires_at": "2999-01-01",
        },
    )
    ids["key"] = new_access_key(conn, account)
    ids["subscription"] = new_subscription(conn, account)
    ids["usage"] = insert(
        conn,
        "usage_records",
        {"account_id": account, "bucket_id": bucket, "metric": "storage_bytes", "quantity": 10},
    )
    ids["quota"] = insert(
        conn,
        "quota_requests",
        {
            "account_id": account,
            "requested_by": member,
            "resource": "buckets",
            "current_limit": 100,
            "requested_limit": 200,
        },
    )
    ids["notification"] = insert(
        conn,
        "notifications",
        {"user_id": owner, "account_id": account, "kind": "usage", "title": "80% used"},
    )
    ids["audit"] = insert(
        conn,
        "audit_logs",
        {
            "account_id": account,
            "actor_user_id": member,
            "action": "bucket.created",
            "resource_type": "bucket",
            "resource_id": str(bucket),
            "metadata": Jsonb({"name": "x"}),
        },
    )
    return ids


def test_deleting_an_account_takes_its_rows_and_keeps_its_audit_trail(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        ids = _tenant(conn)
        other = _tenant(conn)  # untouched
        conn.execute("DELETE FROM accounts WHERE id = %s", [ids["account"]])
        for table in CASCADED:
            assert count(conn, table, "account_id = %s", [ids["account"]]) == 0, table
            assert count(conn, table, "account_id = %s", [other["account"]]) > 0, table
        # The trail outlives the account, still naming it.
        assert count(conn, "audit_logs", "account_id = %s", [ids["account"]]) == 1
        # Users are global: they stay.
        assert count(conn, "users", "id IN (%s, %s)", [ids["owner"], ids["member"]]) == 2


def test_an_account_with_fiscal_records_cannot_be_deleted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        billed = _tenant(conn)
        insert(
            conn,
            "invoices",
            {
                "account_id": billed["account"],
                "subscription_id": billed["subscription"],
                "period_start": "2026-10-01",
                "period_end": "2026-11-01",
                "amount_cents": 9900,
                "due_at": "2026-11-10",
            },
        )
        ordered = _tenant(conn)
        insert(
            conn,
            "orders",
            {
                "account_id": ordered["account"],
                "product_id": new_product(conn),
                "quantity": 1,
                "total_cents": 9900,
            },
        )
        for ids, constraint in (
            (billed, "invoices_account_id_fkey"),
            (ordered, "orders_account_id_fkey"),
        ):
            with refused(errors.ForeignKeyViolation, constraint):
                conn.execute("DELETE FROM accounts WHERE id = %s", [ids["account"]])
            for table in CASCADED:
                assert count(conn, table, "account_id = %s", [ids["account"]]) > 0, table
        # Closing is the way out.
        conn.execute("UPDATE accounts SET status = 'closed' WHERE id = %s", [billed["account"]])


def test_deleting_a_user_keeps_the_history_they_took_part_in(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        ids = _tenant(conn)
        staff = new_user(conn)
        conn.execute(
            "UPDATE quota_requests SET status = 'approved', decided_by = %s, decided_at = now()",
            [staff],
        )
        conn.execute("DELETE FROM users WHERE id IN (%s, %s)", [ids["member"], staff])
        assert (
            one(conn, "SELECT actor_user_id FROM audit_logs WHERE id = %s", [ids["audit"]]) is None
        )
        assert one(
            conn,
            "SELECT (requested_by, decided_by, status)"
            " IS NOT DISTINCT FROM (NULL::bigint, NULL::bigint, 'approved')"
            " FROM quota_requests WHERE id = %s",
            [ids["quota"]],
        )
        assert (
            one(conn, "SELECT invited_by FROM invitations WHERE id = %s", [ids["invitation"]])
            is None
        )
        assert count(conn, "account_members", "user_id = %s", [ids["member"]]) == 0


def test_deleting_a_user_takes_their_notifications(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        ids = _tenant(conn)
        add_member(conn, ids["account"], new_user(conn), "owner")  # so the owner may go
        conn.execute("DELETE FROM users WHERE id = %s", [ids["owner"]])
        assert count(conn, "notifications") == 0


def test_deleting_a_bucket_keeps_its_usage_for_the_bill(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        ids = _tenant(conn)
        conn.execute("DELETE FROM buckets WHERE id = %s", [ids["bucket"]])
        row = conn.execute(
            "SELECT account_id, bucket_id, quantity FROM usage_records WHERE id = %s",
            [ids["usage"]],
        ).fetchone()
        assert row == (ids["account"], None, 10)


def test_products_and_subscriptions_in_use_are_not_deleted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        ids = _tenant(conn)
        product = one(
            conn, "SELECT product_id FROM subscriptions WHERE id = %s", [ids["subscription"]]
        )
        with refused(errors.ForeignKeyViolation, "subscriptions_product_id_fkey"):
            conn.execute("DELETE FROM products WHERE id = %s", [product])
        insert(
            conn,
            "orders",
            {
                "account_id": ids["account"],
                "product_id": product,
                "subscription_id": ids["subscription"],
                "quantity": 1,
                "total_cents": 0,
            },
        )
        with refused(errors.ForeignKeyViolation, "orders_subscription_fkey"):
            conn.execute("DELETE FROM subscriptions WHERE id = %s", [ids["subscription"]])
        assert count(conn, "products", "id = %s", [product]) == 1
        assert count(conn, "subscriptions", "id = %s", [ids["subscription"]]) == 1


def test_ids_cannot_change_under_their_references(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        ids = _tenant(conn)
        with refused(errors.ForeignKeyViolation, "account_members_account_id_fkey"):
            conn.execute("UPDATE accounts SET id = 999 WHERE id = %s", [ids["account"]])
        assert count(conn, "accounts", "id = %s", [ids["account"]]) == 1


# Catalog checks: they hold for every foreign key, including the ones added later.

FOREIGN_KEYS = """
SELECT c.conname, c.conrelid::regclass::text, c.confupdtype, c.confdeltype,
       array_agg(a.attname::text ORDER BY k.n) AS columns
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
  AND c.conparentid = 0  -- not the per-partition clones
GROUP BY c.oid, c.conname, c.conrelid, c.confupdtype, c.confdeltype
"""

# The leading columns of every index, per table (partitioned indexes included).
INDEXES = """
SELECT i.indrelid::regclass::text,
       array_agg(a.attname::text ORDER BY k.n) FILTER (WHERE a.attname IS NOT NULL)
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid AND t.relnamespace = 'public'::regnamespace
  AND NOT t.relispartition
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
GROUP BY i.indexrelid, i.indrelid
"""


def test_every_foreign_key_is_indexed_on_the_referencing_side(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        keys = conn.execute(FOREIGN_KEYS).fetchall()
        indexes: dict[str, list[list[str]]] = {}
        for table, columns in conn.execute(INDEXES):
            indexes.setdefault(table, []).append(columns or [])
    assert len(keys) >= 20
    unindexed = [
        (name, table, columns)
        for name, table, _, _, columns in keys
        if not any(sorted(ix[: len(columns)]) == sorted(columns) for ix in indexes.get(table, []))
    ]
    assert unindexed == []


def test_every_foreign_key_restricts_updates_and_chooses_its_delete_action(
    schema_dsn: str,
) -> None:
    with connect(schema_dsn) as conn:
        keys = conn.execute(FOREIGN_KEYS).fetchall()
    # ON UPDATE RESTRICT ('r') everywhere; ON DELETE never the implicit NO ACTION ('a').
    assert [name for name, _, upd, _, _ in keys if upd != "r"] == []
    assert [name for name, _, _, dele, _ in keys if dele == "a"] == []
