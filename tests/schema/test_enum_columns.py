"""Rule 9: every status and enum-like column is constrained by the database.

The catalog test finds the enum-like columns by name (status, role, kind, metric,
resource, resource_type, versioning, currency, ...) in pg_catalog and names any
that has no CHECK of its own (or enum type), or that accepts NULL (a CHECK lets
NULL through). Every such column must also be listed below with its values, so a
column added later cannot escape the behavioural cases.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import errors, sql

from ._helpers import (
    SECRET,
    Conn,
    connect,
    count,
    make_cnpj,
    new_account,
    new_product,
    new_user,
    one,
    refused,
)

# Names of columns whose values come from a vocabulary.
ENUM_LIKE = re.compile(
    r"^(status|state|role|kind|type|metric|resource|resource_type|versioning|currency"
    r"|region|action|storage_class)$|_(status|state|role|kind|type)$"
)

# (table, column) -> (the constraint, the whole vocabulary).
CLOSED: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("accounts", "status"): (
        "accounts_status_valid",
        ("pending", "approved", "active", "suspended", "closed"),
    ),
    ("account_members", "role"): (
        "account_members_role_valid",
        ("owner", "admin", "member", "viewer"),
    ),
    ("invitations", "role"): ("invitations_role_valid", ("owner", "admin", "member", "viewer")),
    ("invitations", "status"): (
        "invitations_status_valid",
        ("pending", "accepted", "revoked", "expired"),
    ),
    ("subscriptions", "status"): (
        "subscriptions_status_valid",
        ("trialing", "active", "past_due", "canceled"),
    ),
    ("orders", "status"): (
        "orders_status_valid",
        ("pending", "paid", "canceled", "refunded", "failed"),
    ),
    ("invoices", "status"): (
        "invoices_status_valid",
        ("draft", "open", "paid", "void", "uncollectible"),
    ),
    ("buckets", "versioning"): (
        "buckets_versioning_valid",
        ("unversioned", "enabled", "suspended"),
    ),
    ("access_keys", "status"): ("access_keys_status_valid", ("active", "inactive", "revoked")),
    ("usage_records", "metric"): (
        "usage_records_metric_valid",
        (
            "storage_bytes",
            "object_count",
            "ingress_bytes",
            "egress_bytes",
            "requests_get",
            "requests_put",
            "requests_list",
            "requests_delete",
        ),
    ),
    ("quota_requests", "resource"): (
        "quota_requests_resource_valid",
        ("storage_bytes", "buckets", "access_keys", "members", "egress_bytes"),
    ),
    ("quota_requests", "status"): (
        "quota_requests_status_valid",
        ("pending", "approved", "rejected"),
    ),
    ("notifications", "kind"): (
        "notifications_kind_valid",
        ("invitation", "billing", "quota", "security", "usage", "system"),
    ),
    ("audit_logs", "resource_type"): (
        "audit_logs_resource_type_valid",
        (
            "account",
            "account_member",
            "invitation",
            "user",
            "product",
            "subscription",
            "order",
            "invoice",
            "bucket",
            "access_key",
            "usage_record",
            "quota_request",
            "notification",
        ),
    ),
}

_CURRENCY = (("BRL", "USD", "EUR"), ("brl", "R$", "EURO", "US", "", "B R"))

# (table, column) -> (the constraint, accepted samples, refused samples): open
# vocabularies held to a shape (ISO 4217 codes, region codes, dotted actions).
SHAPED: dict[tuple[str, str], tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    ("products", "currency"): ("products_currency_iso4217", *_CURRENCY),
    ("orders", "currency"): ("orders_currency_iso4217", *_CURRENCY),
    ("invoices", "currency"): ("invoices_currency_iso4217", *_CURRENCY),
    ("buckets", "region"): (
        "buckets_region_shape",
        ("br-sp-1", "sa-east-1", "us-east-2"),
        ("São Paulo", "BR-SP-1", "brsp1", "br-", "", "b-sp-1"),
    ),
    ("audit_logs", "action"): (
        "audit_logs_action_shape",
        ("bucket.created", "access_key.rotated", "account.status.changed"),
        ("Bucket.Created", "created", "bucket.", ".created", "bucket..created", "", "a." * 60),
    ),
}

COLUMNS = """
SELECT c.relname, a.attname, a.attnotnull, t.typtype,
       coalesce(array_agg(k.conname ORDER BY k.conname)
                FILTER (WHERE k.conname IS NOT NULL), '{}') AS checks
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_constraint k
  ON k.conrelid = c.oid AND k.contype = 'c' AND k.convalidated AND k.conkey = ARRAY[a.attnum]
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
GROUP BY c.relname, a.attname, a.attnotnull, t.typtype
"""


def _enum_like_columns(conn: Conn) -> dict[tuple[str, str], tuple[bool, str, list[str]]]:
    return {
        (table, column): (notnull, typtype, checks)
        for table, column, notnull, typtype, checks in conn.execute(COLUMNS)
        if ENUM_LIKE.search(column)
    }


def test_every_enum_like_column_has_a_check_and_is_not_null(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        found = _enum_like_columns(conn)
    assert len(found) >= len(CLOSED) + len(SHAPED)
    unconstrained = [
        f"{t}.{c}"
        for (t, c), (_, typtype, checks) in found.items()
        if not checks and typtype != "e"
    ]
    assert unconstrained == [], "enum-like columns without a CHECK of their own or an enum type"
    nullable = [f"{t}.{c}" for (t, c), (notnull, _, _) in found.items() if not notnull]
    assert nullable == [], "enum-like columns that accept NULL (a CHECK lets NULL through)"


def test_every_enum_like_column_has_behavioural_cases(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        found = _enum_like_columns(conn)
    assert sorted(found) == sorted([*CLOSED, *SHAPED])
    for key, (constraint, *_) in [*CLOSED.items(), *SHAPED.items()]:
        assert constraint in found[key][2], key


class _Rows:
    """Valid rows of every table, differing only in the column under test."""

    def __init__(self, conn: Conn) -> None:
        self.account = new_account(conn)
        self.user = new_user(conn)
        self.product = new_product(conn)

    def row(self, table: str, column: str, value: Any) -> dict[str, Any]:
        base: dict[str, dict[str, Any]] = {
            "accounts": {"name": "Acme", "cnpj": make_cnpj()},
            "account_members": {"account_id": self.account, "user_id": self.user},
            "invitations": {
                "account_id": self.account,
                "email": "guest@example.com",
                "role": "member",
                "token_hash": bytes(32),
                "expires_at": "2999-01-01",
            },
            "subscriptions": {"account_id": self.account, "product_id": self.product},
            "orders": {
                "account_id": self.account,
                "product_id": self.product,
                "quantity": 1,
                "total_cents": 100,
            },
            "products": {"sku": "SKU-1", "name": "Storage", "price_cents": 100},
            "invoices": {
                "account_id": self.account,
                "period_start": "2026-10-01",
                "period_end": "2026-11-01",
                "amount_cents": 100,
                "due_at": "2026-11-10",
            },
            "buckets": {"account_id": self.account, "name": "photos", "region": "br-sp-1"},
            "access_keys": {
                "account_id": self.account,
                "access_key_id": "PCPK0000000000000001",
                "secret_ciphertext": SECRET,
                "secret_kek_id": "kek-1",
            },
            "usage_records": {
                "account_id": self.account,
                "metric": "storage_bytes",
                "quantity": 1,
            },
            "quota_requests": {
                "account_id": self.account,
                "resource": "buckets",
                "current_limit": 1,
                "requested_limit": 2,
            },
            "notifications": {"user_id": self.user, "kind": "system", "title": "Hello"},
            "audit_logs": {
                "account_id": self.account,
                "action": "bucket.created",
                "resource_type": "bucket",
            },
        }
        values = {**base[table], column: value}
        values.update(_companions(table, column, value))
        return values


def _companions(table: str, column: str, value: Any) -> dict[str, Any]:
    """The columns other CHECKs tie to a status, so only the CHECK under test decides."""
    if column != "status":
        return {}
    stamp = {
        "access_keys": ("revoked_at", value == "revoked"),
        "invitations": ("accepted_at", value == "accepted"),
        "subscriptions": ("ended_at", value == "canceled"),
        "invoices": ("paid_at", value == "paid"),
        "quota_requests": ("decided_at", value != "pending"),
    }.get(table)
    if stamp is None:
        return {}
    name, needed = stamp
    return {name: "2999-01-01" if needed else None}


@pytest.fixture
def rows(schema_dsn: str) -> Iterator[tuple[Conn, _Rows]]:
    with connect(schema_dsn) as conn:
        yield conn, _Rows(conn)


def _insert(conn: Conn, table: str, row: dict[str, Any], column: str) -> Any:
    """INSERT the row and return the stored value of `column`."""
    query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING {}").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, row)),
        sql.SQL(", ").join(sql.Placeholder() * len(row)),
        sql.Identifier(column),
    )
    return one(conn, query, list(row.values()))


def _accepted(conn: Conn, rows: _Rows, table: str, column: str, value: str) -> None:
    # Rolled back: the deferred owner check of a new account never runs, and the
    # unique keys are free again for the next value's row.
    with conn.transaction(force_rollback=True):
        assert _insert(conn, table, rows.row(table, column, value), column) == value


def _refused(conn: Conn, rows: _Rows, table: str, column: str, value: Any, check: str) -> None:
    row = rows.row(table, column, value)
    with refused(errors.CheckViolation, check), conn.transaction():
        _insert(conn, table, row, column)


def _near_misses(vocabulary: tuple[str, ...]) -> list[str]:
    """Values a careless client sends: other cases, padding, and other columns' words."""
    others = {v for _, values in CLOSED.values() for v in values} - set(vocabulary)
    return sorted(
        {"", " ", "unknown", *others}
        | {v.upper() for v in vocabulary}
        | {v.capitalize() for v in vocabulary}
        | {f" {v}" for v in vocabulary}
        | {f"{v} " for v in vocabulary}
    )


def test_every_value_of_a_vocabulary_is_accepted(rows: tuple[Conn, _Rows]) -> None:
    conn, builder = rows
    for (table, column), (_, vocabulary) in CLOSED.items():
        for value in vocabulary:
            _accepted(conn, builder, table, column, value)


def test_values_outside_a_vocabulary_are_refused_naming_the_check(
    rows: tuple[Conn, _Rows],
) -> None:
    conn, builder = rows
    for (table, column), (check, vocabulary) in CLOSED.items():
        for value in _near_misses(vocabulary):
            _refused(conn, builder, table, column, value, check)
    # Nothing was written: the tables hold only the fixture's account, owner, user, product.
    assert {t: count(conn, t) for t in ("accounts", "account_members", "users", "products")} == {
        "accounts": 1,
        "account_members": 1,
        "users": 2,
        "products": 1,
    }
    assert [
        t for t, _ in CLOSED if t not in ("accounts", "account_members") and count(conn, t)
    ] == []


def test_shaped_codes_accept_their_shape_and_refuse_the_rest(rows: tuple[Conn, _Rows]) -> None:
    conn, builder = rows
    for (table, column), (check, good, bad) in SHAPED.items():
        for value in good:
            _accepted(conn, builder, table, column, value)
        for value in bad:
            _refused(conn, builder, table, column, value, check)


def test_null_is_refused_by_not_null(rows: tuple[Conn, _Rows]) -> None:
    conn, builder = rows
    for table, column in [*CLOSED, *SHAPED]:
        row = builder.row(table, column, None)
        with pytest.raises(errors.NotNullViolation) as info, conn.transaction():
            _insert(conn, table, row, column)
        assert info.value.diag.column_name == column, (table, column)


def test_an_update_to_an_unknown_value_is_refused_and_changes_nothing(schema_dsn: str) -> None:
    # Columns without a transition trigger: the CHECK itself refuses the UPDATE.
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        user = new_user(conn)
        conn.execute(
            "INSERT INTO account_members (account_id, user_id, role) VALUES (%s, %s, 'member')",
            [account, user],
        )
        with refused(errors.CheckViolation, "account_members_role_valid"):
            conn.execute("UPDATE account_members SET role = 'superuser' WHERE user_id = %s", [user])
        role = conn.execute(
            "SELECT role FROM account_members WHERE user_id = %s", [user]
        ).fetchone()
        assert role == ("member",)
