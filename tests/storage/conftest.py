"""Fixtures of the storage tests: a `DatabaseStorage` on a fresh schema database.

Each test gets its own database (`schema_dsn`), so counts of rows before and
after a refused operation mean exactly "this operation wrote nothing". The
storage connects as the application's role, primecloud_app, as it does in
production.
"""

from collections.abc import Iterator, Mapping

import pytest
from psycopg.conninfo import make_conninfo

from primedb.queries import load_all
from primedb.sqlfiles import NamedQuery
from primedb.storage import AesGcmKeyring, DatabaseStorage, PoolSettings, RetryPolicy

from ._helpers import World

APP_ROLE = "primecloud_app"


@pytest.fixture(scope="session")
def named_queries() -> Mapping[str, NamedQuery]:
    """`queries/` parsed once: each storage of the session runs the same statements."""
    return load_all()


@pytest.fixture
def keyring() -> AesGcmKeyring:
    return AesGcmKeyring.generate("test-kek-1")


@pytest.fixture
def storage(
    schema_dsn: str, keyring: AesGcmKeyring, named_queries: Mapping[str, NamedQuery]
) -> Iterator[DatabaseStorage]:
    # No pauses between retries: the tests that count attempts need no wall-clock time.
    policy = RetryPolicy(sleep=lambda _seconds: None)
    # As the application's role (schema/80_privileges.sql): every storage test
    # also proves that role holds the privileges the storage layer needs.
    as_app = make_conninfo(schema_dsn, options=f"-c role={APP_ROLE}")
    with DatabaseStorage.open(
        as_app, box=keyring, pool=PoolSettings(max_size=4), retry=policy, queries=named_queries
    ) as opened:
        yield opened


@pytest.fixture
def owner_storage(
    schema_dsn: str, keyring: AesGcmKeyring, named_queries: Mapping[str, NamedQuery]
) -> Iterator[DatabaseStorage]:
    """A storage connected as the schema's owner, for tests of the transaction machinery
    that need what only a superuser may do (a session's deadlock_timeout, killing a backend)."""
    policy = RetryPolicy(sleep=lambda _seconds: None)
    with DatabaseStorage.open(
        schema_dsn,
        box=keyring,
        pool=PoolSettings(max_size=4),
        retry=policy,
        queries=named_queries,
    ) as opened:
        yield opened


@pytest.fixture
def world(storage: DatabaseStorage, schema_dsn: str) -> World:
    """An active account with an owner, an admin and a bucket, built through the API."""
    return World.build(storage, schema_dsn)
