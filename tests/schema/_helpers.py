"""Small builders and assertions shared by the schema tests.

Every builder inserts the fewest rows that make a valid object (an account
always comes with its owner, the account-owner rule demands it) and returns ids.
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.abc import Query

Conn = psycopg.Connection[Any]

_W1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_W2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_serial = itertools.count(1)

# 12 + 32 bytes, with a byte >= 0x80: what an AES-GCM ciphertext looks like.
SECRET = bytes(range(0x80, 0x80 + 44))
OTHER_SECRET = bytes(range(0x90, 0x90 + 44))


def connect(dsn: str) -> Conn:
    """An autocommit connection: a refused statement rolls back alone."""
    return psycopg.connect(dsn, autocommit=True)


def cnpj_check_digits(base: str) -> str:
    """The Receita Federal check digits of a 12-character base (mirror of the SQL)."""
    values = [ord(c) - 48 for c in base]
    first = _digit(values, _W1)
    return f"{first}{_digit([*values, first], _W2)}"


def _digit(values: list[int], weights: tuple[int, ...]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def make_cnpj(n: int | None = None) -> str:
    """A valid, normalised numeric CNPJ, distinct for each call (or for each n)."""
    base = f"{n if n is not None else next(_serial):08d}0001"
    return base + cnpj_check_digits(base)


@contextmanager
def refused(
    error: type[psycopg.Error], constraint: str | None
) -> Iterator[pytest.ExceptionInfo[Any]]:
    """Expect `error` whose diagnostics name `constraint` (the rule)."""
    with pytest.raises(error) as info:
        yield info
    assert info.value.diag.constraint_name == constraint


def one(conn: Conn, query: Query, params: Any = None) -> Any:
    """The single value of a one-row, one-column query."""
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def new_user(conn: Conn, email: str | None = None) -> int:
    email = email or f"user{next(_serial)}@example.com"
    return one(conn, "INSERT INTO users (email, name) VALUES (%s, 'A User') RETURNING id", [email])


def new_account(
    conn: Conn, *, status: str = "pending", owner: int | None = None, cnpj: str | None = None
) -> int:
    """An account and its owner, created in one transaction."""
    with conn.transaction():
        owner = owner or new_user(conn)
        account = one(
            conn,
            "INSERT INTO accounts (name, cnpj, status) VALUES ('Acme', %s, %s) RETURNING id",
            [cnpj or make_cnpj(), status],
        )
        add_member(conn, account, owner, "owner")
    return account


def add_member(conn: Conn, account: int, user: int, role: str) -> None:
    conn.execute(
        "INSERT INTO account_members (account_id, user_id, role) VALUES (%s, %s, %s)",
        [account, user, role],
    )


def owner_of(conn: Conn, account: int) -> int:
    return one(
        conn,
        "SELECT user_id FROM account_members WHERE account_id = %s AND role = 'owner'",
        [account],
    )


def new_bucket(conn: Conn, account: int, name: str | None = None, **columns: Any) -> int:
    values = {"account_id": account, "name": name or f"bucket-{next(_serial)}", "region": "br-sp-1"}
    values.update(columns)
    return insert(conn, "buckets", values)


def new_access_key(conn: Conn, account: int, **columns: Any) -> int:
    values = {
        "account_id": account,
        "access_key_id": f"PCPK{next(_serial):016d}",
        "secret_ciphertext": SECRET,
        "secret_kek_id": "kek-1",
    }
    values.update(columns)
    return insert(conn, "access_keys", values)


def new_product(conn: Conn, **columns: Any) -> int:
    values = {"sku": f"STORAGE-{next(_serial)}", "name": "Storage 1 TB", "price_cents": 9900}
    values.update(columns)
    return insert(conn, "products", values)


def new_subscription(conn: Conn, account: int, product: int | None = None, **columns: Any) -> int:
    values = {"account_id": account, "product_id": product or new_product(conn)}
    values.update(columns)
    return insert(conn, "subscriptions", values)


def insert(conn: Conn, table: str, values: dict[str, Any]) -> int:
    """INSERT one row (table and column names come from the tests) and return its id."""
    query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING id").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, values)),
        sql.SQL(", ").join(sql.Placeholder() * len(values)),
    )
    return one(conn, query, list(values.values()))


def count(conn: Conn, table: str, where: str = "true", params: Any = None) -> int:
    query = sql.SQL("SELECT count(*) FROM {} WHERE ").format(sql.Identifier(table))
    return one(conn, query + sql.SQL(where), params)


def fetch(conn: Conn, table: str, row_id: int) -> dict[str, Any]:
    """One row by id, as a dict of column name to value."""
    cur = conn.execute(
        sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table)), [row_id]
    )
    row = cur.fetchone()
    assert row is not None and cur.description is not None
    return {c.name: v for c, v in zip(cur.description, row, strict=True)}


def new_invitation(conn: Conn, account: int, **columns: Any) -> int:
    values = {
        "account_id": account,
        "email": f"guest{next(_serial)}@example.com",
        "role": "member",
        "token_hash": next(_serial).to_bytes(32, "big"),
        "expires_at": "2999-01-01",
    }
    values.update(columns)
    return insert(conn, "invitations", values)


def new_quota_request(conn: Conn, account: int, **columns: Any) -> int:
    values = {
        "account_id": account,
        "resource": "buckets",
        "current_limit": 100,
        "requested_limit": 200,
    }
    values.update(columns)
    return insert(conn, "quota_requests", values)


def new_audit_log(conn: Conn, account: int, **columns: Any) -> int:
    values = {"account_id": account, "action": "bucket.created", "resource_type": "bucket"}
    values.update(columns)
    return insert(conn, "audit_logs", values)


def new_usage(conn: Conn, account: int, **columns: Any) -> int:
    values = {"account_id": account, "metric": "storage_bytes", "quantity": 1}
    values.update(columns)
    return insert(conn, "usage_records", values)


def new_notification(conn: Conn, user: int, **columns: Any) -> int:
    values = {"user_id": user, "kind": "system", "title": "Welcome"}
    values.update(columns)
    return insert(conn, "notifications", values)


def new_order(conn: Conn, account: int, **columns: Any) -> int:
    values = {"account_id": account, "quantity": 1, "total_cents": 9900}
    values.update(columns)
    if "product_id" not in values:
        values["product_id"] = new_product(conn)
    return insert(conn, "orders", values)


def new_invoice(conn: Conn, account: int, **columns: Any) -> int:
    values = {
        "account_id": account,
        "period_start": "2026-10-01",
        "period_end": "2026-11-01",
        "amount_cents": 9900,
        "due_at": "2026-11-10",
    }
    values.update(columns)
    return insert(conn, "invoices", values)


# Monthly partitions ------------------------------------------------------------------

PARTITIONS = """
SELECT c.relname, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = %s::regclass
"""


def month_add(month: tuple[int, int], n: int) -> tuple[int, int]:
    """(year, month) moved by n months."""
    index = month[0] * 12 + month[1] - 1 + n
    return index // 12, index % 12 + 1


def utc_month(offset: int = 0) -> tuple[int, int]:
    """The current UTC (year, month), moved by offset months."""
    now = datetime.now(UTC)
    return month_add((now.year, now.month), offset)


def month_partition(parent: str, month: tuple[int, int]) -> str:
    return f"{parent}_{month[0]:04d}_{month[1]:02d}"


def month_bound(month: tuple[int, int]) -> str:
    """The partition bound of a UTC month, as pg_get_expr prints it in UTC."""
    (y1, m1), (y2, m2) = month, month_add(month, 1)
    return (
        f"FOR VALUES FROM ('{y1:04d}-{m1:02d}-01 00:00:00+00')"
        f" TO ('{y2:04d}-{m2:02d}-01 00:00:00+00')"
    )


def partitions(conn: Conn, parent: str) -> dict[str, str]:
    """Partition name -> bound ('DEFAULT' or FOR VALUES ... in UTC) of a parent."""
    with conn.transaction():
        conn.execute("SET LOCAL TimeZone = 'UTC'")
        conn.execute("SET LOCAL DateStyle = 'ISO, MDY'")
        return dict(conn.execute(PARTITIONS, [parent]).fetchall())


def partition_of(conn: Conn, parent: str, row_id: int) -> str:
    """The partition that holds a row."""
    query = sql.SQL("SELECT tableoid::regclass::text FROM {} WHERE id = %s").format(
        sql.Identifier(parent)
    )
    return one(conn, query, [row_id])
