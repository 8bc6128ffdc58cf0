"""Fixtures of the exporter tests: registries of their own, traffic through the storage layer,
and the two pages of a database that has seen it."""

import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from prometheus_client import CollectorRegistry, generate_latest

from primedb.exporters import QueryLatency
from primedb.exporters.database import database_registry
from primedb.pg import create_database, drop_database
from primedb.queries import load_all
from primedb.storage import AesGcmKeyring, Conflict, DatabaseStorage, PoolSettings
from primedb.workload.entities import load_entities
from primedb.workload.secrets import SeededSecrets

POOL = "api"


@pytest.fixture(autouse=True)
def primedb_logs_reach_caplog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CLI test in the same worker stops the `primedb` logger propagating (its own stderr
    handler); caplog listens at the root."""
    monkeypatch.setattr(logging.getLogger("primedb"), "propagate", True)


def drive(storage: DatabaseStorage, dsn: str, rounds: int = 20) -> None:
    """Named reads and writes, one refused write (SQLSTATE 23) and unnamed SQL."""
    with psycopg.connect(dsn) as conn:
        entities = load_entities(conn)
    for i in range(rounds):
        account_id, owner = entities.accounts[i % len(entities.accounts)]
        storage.lookup_access_key(entities.access_keys[i % len(entities.access_keys)])
        storage.audit_log(account_id, page_size=20)
        storage.buckets(account_id)
        storage.unread_notifications(owner)
    user = storage.create_user(email=f"{secrets.token_hex(4)}@acme.com.br", name="Ana")
    with pytest.raises(Conflict):
        storage.create_user(email=user.email, name="Ana again")
    latency = storage.observer
    assert isinstance(latency, QueryLatency)
    with storage.pool.connection() as conn, latency.timed("SELECT 1"):
        conn.execute("SELECT 1")


def open_storage(dsn: str, registry: CollectorRegistry, **options: object) -> DatabaseStorage:
    return DatabaseStorage.open(
        dsn,
        box=SeededSecrets(AesGcmKeyring.generate("test-1")),
        registry=registry,
        pool_name=POOL,
        pool=PoolSettings(max_size=4),
        **options,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Pages:
    dsn: str
    app: str  # the in-process page, after `drive`
    database: str  # primedb exporter's page of the same database


@pytest.fixture(scope="module")
def pages(server_dsn: str, seeded_template: str) -> Iterator[Pages]:
    """Both pages of one seeded database that served `drive`'s traffic (built once a module)."""
    name = f"t_{secrets.token_hex(5)}"
    dsn = create_database(server_dsn, name, template=seeded_template, file_copy=True)
    try:
        registry = CollectorRegistry()
        with open_storage(dsn, registry) as storage:
            drive(storage, dsn)
            app = generate_latest(registry).decode()
        db_registry, collector = database_registry(dsn, queries=load_all(), scrape_timeout=5)
        try:
            database = generate_latest(db_registry).decode()
        finally:
            collector.session.close()
        yield Pages(dsn, app, database)
    finally:
        drop_database(server_dsn, name)
