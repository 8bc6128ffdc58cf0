"""A database as `primedb bench` builds it, once per worker, cloned per test.

Migrated to head by the real migrations (so it has a revision, as the
embedded default does), seeded at the tests' scale with the as-of month
pinned, then VACUUMed (FREEZE): exactly the embedded default of the bench.
A clone (FILE_COPY) copies the pages, the visibility map included, so every
test starts from the same data, laid out the same way.
"""

import os
import secrets
from collections.abc import Iterator

import pytest

from primedb.bench import settle
from primedb.pg import create_database, drop_database
from primedb.sandbox import build_sandbox

from ._helpers import AS_OF, MIGRATIONS, SCALE, SEED


@pytest.fixture(scope="session")
def bench_template(server_dsn: str) -> Iterator[str]:
    name = f"tpl_bench_{os.getpid()}_{secrets.token_hex(2)}"
    box = build_sandbox(
        server_dsn, migrations_dir=MIGRATIONS, database=name, scale=SCALE, seed=SEED, as_of=AS_OF
    )
    settle(box.dsn)
    yield name
    drop_database(server_dsn, name)


@pytest.fixture
def bench_dsn(server_dsn: str, bench_template: str) -> Iterator[str]:
    """A fresh copy of the bench's embedded default database."""
    name = f"t_{secrets.token_hex(5)}"
    yield create_database(server_dsn, name, template=bench_template, file_copy=True)
    drop_database(server_dsn, name)
