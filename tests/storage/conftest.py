"""Fixtures of the storage tests: a `DatabaseStorage` on a fresh schema database.

Each test gets its own database (`schema_dsn`), so counts of rows before and
after a refused operation mean exactly "this operation wrote nothing".
"""

from collections.abc import Iterator, Mapping

import pytest

from primedb.queries import load_all
from primedb.sqlfiles import NamedQuery
from primedb.storage import AesGcmKeyring, DatabaseStorage, PoolSettings, RetryPolicy

from ._helpers import World


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
