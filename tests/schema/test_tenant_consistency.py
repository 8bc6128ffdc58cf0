"""Rule 10: a tenant row that points at another tenant row points inside its own account.

Enforced by composite foreign keys (account_id, x_id) -> parent (account_id, id),
which also keep every tenant table distributable by account_id.
"""

from collections.abc import Callable
from typing import Any

from psycopg import errors

from ._helpers import (
    Conn,
    add_member,
    connect,
    count,
    insert,
    new_account,
    new_bucket,
    new_product,
    new_subscription,
    new_user,
    refused,
)


def _usage(conn: Conn, account: int, other: int) -> dict[str, Any]:
    return {
        "account_id": account,
        "bucket_id": new_bucket(conn, other),
        "metric": "egress_bytes",
        "quantity": 1,
    }


def _invoice(conn: Conn, account: int, other: int) -> dict[str, Any]:
    return {
        "account_id": account,
        "subscription_id": new_subscription(conn, other),
        "period_start": "2026-10-01",
        "period_end": "2026-11-01",
        "amount_cents": 100,
        "due_at": "2026-11-10",
    }


def _order(conn: Conn, account: int, other: int) -> dict[str, Any]:
    return {
        "account_id": account,
        "product_id": new_product(conn),
        "subscription_id": new_subscription(conn, other),
        "quantity": 1,
        "total_cents": 100,
    }


def _quota(conn: Conn, account: int, other: int) -> dict[str, Any]:
    user = new_user(conn)
    add_member(conn, other, user, "admin")
    return {
        "account_id": account,
        "requested_by": user,
        "resource": "storage_bytes",
        "current_limit": 1,
        "requested_limit": 2,
    }


def _invitation(conn: Conn, account: int, other: int) -> dict[str, Any]:
    user = new_user(conn)
    add_member(conn, other, user, "admin")
    return {
        "account_id": account,
        "email": f"guest{user}@example.com",
        "role": "viewer",
        "token_hash": user.to_bytes(32, "big"),
        "invited_by": user,
        "expires_at": "2999-01-01",
    }


# table -> (row builder pointing from `account` into `other`, the composite key)
CASES: dict[str, tuple[Callable[[Conn, int, int], dict[str, Any]], str]] = {
    "usage_records": (_usage, "usage_records_bucket_fkey"),
    "invoices": (_invoice, "invoices_subscription_fkey"),
    "orders": (_order, "orders_subscription_fkey"),
    "quota_requests": (_quota, "quota_requests_requested_by_fkey"),
    "invitations": (_invitation, "invitations_invited_by_fkey"),
}


def test_rows_pointing_into_their_own_account_are_accepted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for table, (build, _) in CASES.items():
            insert(conn, table, build(conn, account, account))
            assert count(conn, table) == 1, table


def test_rows_pointing_into_another_account_are_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account, other = new_account(conn), new_account(conn)
        for table, (build, constraint) in CASES.items():
            row = build(conn, account, other)
            with refused(errors.ForeignKeyViolation, constraint):
                insert(conn, table, row)
            assert count(conn, table) == 0, table


def test_moving_a_row_to_another_account_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account, other = new_account(conn), new_account(conn)
        usage = insert(conn, "usage_records", _usage(conn, account, account))
        with refused(errors.ForeignKeyViolation, "usage_records_bucket_fkey"):
            conn.execute("UPDATE usage_records SET account_id = %s WHERE id = %s", [other, usage])
        assert count(conn, "usage_records", "account_id = %s", [account]) == 1


TENANT_KEYS = """
SELECT c.conname, array_agg(a.attname::text ORDER BY k.n)
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conparentid = 0
  AND c.confrelid <> 'accounts'::regclass
  AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.conrelid
              AND x.attname = 'account_id' AND NOT x.attisdropped)
  AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.confrelid
              AND x.attname = 'account_id' AND NOT x.attisdropped)
GROUP BY c.oid, c.conname
"""


def test_every_key_between_tenant_tables_includes_account_id(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        keys = dict(conn.execute(TENANT_KEYS).fetchall())
    assert set(keys) == {constraint for _, constraint in CASES.values()}
    assert all(columns[0] == "account_id" for columns in keys.values())
