"""Small builders and assertions shared by the schema tests.

Every builder inserts the fewest rows that make a valid object (an account
always comes with its owner, the account-owner rule demands it) and returns ids.
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from psycopg import sql

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


def one(conn: Conn, query: str, params: Any = None) -> Any:
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
