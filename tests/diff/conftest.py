"""The diff tests' shared databases: a pool per worker, emptied between cases (see `pool.py`)."""

from collections.abc import Iterator

import pytest

from .pool import DatabasePool, create_roles


@pytest.fixture(scope="session")
def pool(server_dsn: str, empty_template: str) -> Iterator[DatabasePool]:
    create_roles(server_dsn)
    databases = DatabasePool(server_dsn, empty_template)
    yield databases
    databases.close()
    assert databases.recloned == 0, f"a reset left objects behind: {databases.why}"
