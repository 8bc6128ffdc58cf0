"""Shared helpers of the storage tests: row counts, and a small world built through the API."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from primedb.storage import (
    Account,
    Actor,
    Bucket,
    DatabaseStorage,
    StorageError,
    User,
)

# Valid CNPJs (numeric, and one of the alphanumeric form of July 2026).
CNPJS = ("11222333000181", "11444777000161", "12ABC34501DE35", "45997418000153")

# Every table of the schema, counted as the user sees it (a partitioned parent counts its
# partitions). Listed, not discovered, so that a table added to the schema is a decision here.
TABLES = (
    "users",
    "accounts",
    "account_members",
    "invitations",
    "products",
    "subscriptions",
    "orders",
    "invoices",
    "buckets",
    "access_keys",
    "usage_records",
    "quota_requests",
    "notifications",
    "audit_logs",
)


def counts(dsn: str) -> dict[str, int]:
    """Rows of every table of the schema."""
    with psycopg.connect(dsn) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]


def fetch(dsn: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(query, params).fetchall()


def refused(
    dsn: str, error: type[StorageError], call: Callable[[], object], *, field: str | None = None
) -> StorageError:
    """Run `call`, expect `error` (on `field`), and prove that no table changed."""
    before = counts(dsn)
    with pytest.raises(error) as caught:
        call()
    assert counts(dsn) == before, "a refused operation wrote rows"
    if field is not None:
        assert caught.value.field == field, caught.value
    return caught.value


def audit_actions(dsn: str, account_id: int) -> list[str]:
    rows = fetch(
        dsn, "SELECT action FROM audit_logs WHERE account_id = %s ORDER BY id", (account_id,)
    )
    return [r[0] for r in rows]


@dataclass(frozen=True, slots=True)
class World:
    dsn: str
    owner: User
    admin: User
    outsider: User
    account: Account
    bucket: Bucket

    @property
    def as_owner(self) -> Actor:
        return Actor(user_id=self.owner.id, ip="203.0.113.7")

    @classmethod
    def build(cls, storage: DatabaseStorage, dsn: str) -> "World":
        owner = storage.create_user(email="ana@acme.com.br", name="Ana")
        admin = storage.create_user(email="bruno@acme.com.br", name="Bruno")
        outsider = storage.create_user(email="carla@other.com.br", name="Carla")
        account = storage.create_account(name="Acme", cnpj=CNPJS[0], owner=owner.id)
        storage.approve_account(account.id)
        account = storage.activate_account(account.id)
        invitation = storage.invite_member(
            account.id, email=admin.email, role="admin", actor=Actor(user_id=owner.id)
        )
        storage.accept_invitation(invitation.token, actor=Actor(user_id=admin.id))
        bucket = storage.create_bucket(account.id, name="acme-logs", region="sa-east-1")
        return cls(dsn, owner, admin, outsider, account, bucket)


__all__ = ["CNPJS", "TABLES", "World", "audit_actions", "counts", "fetch", "refused"]
