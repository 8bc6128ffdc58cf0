"""The rows a workload acts on: ids read once from the seeded database, drawn at random."""

import random
from dataclasses import dataclass, fields
from typing import Any

import psycopg

from primedb.errors import BadInput
from primedb.sqlfiles import package_queries

__all__ = ["Entities", "load_entities"]


@dataclass(frozen=True, slots=True)
class Entities:
    accounts: tuple[tuple[int, int], ...]  # (account_id, owner_id) of active accounts
    access_keys: tuple[str, ...]
    buckets: tuple[tuple[int, int], ...]  # (account_id, bucket_id)
    users: tuple[int, ...]

    def account(self, rng: random.Random) -> tuple[int, int]:
        return rng.choice(self.accounts)

    def access_key(self, rng: random.Random) -> str:
        return rng.choice(self.access_keys)

    def bucket(self, rng: random.Random) -> tuple[int, int]:
        return rng.choice(self.buckets)

    def user(self, rng: random.Random) -> int:
        return rng.choice(self.users)


def load_entities(conn: psycopg.Connection[Any]) -> Entities:
    """Ids of `conn`'s database; refused when it holds no seeded data to act on."""
    sql = package_queries("primedb.workload", check=False)

    def column(name: str) -> list[Any]:
        return [row[0] if len(row) == 1 else tuple(row) for row in conn.execute(sql[name].sql)]

    try:
        entities = Entities(
            accounts=tuple(column("workload_accounts")),
            access_keys=tuple(column("workload_access_keys")),
            buckets=tuple(column("workload_buckets")),
            users=tuple(column("workload_users")),
        )
    except psycopg.errors.UndefinedTable as exc:
        raise BadInput(
            f"{conn.info.dbname} does not hold the PrimeCloudProV2 schema; "
            "run primedb migrate and primedb seed on it first"
        ) from exc
    empty = [f.name for f in fields(entities) if not getattr(entities, f.name)]
    if empty:
        raise BadInput(
            f"{conn.info.dbname} has no {', '.join(empty)} to act on; "
            "seed it first (primedb seed) or run without --dsn"
        )
    return entities
