"""Test fixtures: one real PostgreSQL per session, one fresh database per test.

The server is the project's own throwaway cluster (the code users run),
started once by the controlling process and shared by all xdist workers, or
the server of `PRIMEDB_TEST_DSN` when set. If neither can be had, the session
stops with one line; it never skips. Databases are cloned from templates built
once per worker, which is much faster than building each one.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from primedb.errors import PrimedbError
from primedb.pg import create_database, drop_database, throwaway_cluster
from primedb.schema import apply_schema, ensure_roles

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
_RUN = f"{os.getpid()}_{secrets.token_hex(2)}"


_CLUSTER = pytest.StashKey[ExitStack]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start the session's one cluster in the controlling process, and make its roles.

    Under xdist the workers inherit `PRIMEDB_TEST_DSN` from it (xdist spawns
    them after this hook), so every worker shares one server and the session
    pays for one start-up, whatever the number of workers.
    """
    config = session.config
    if hasattr(config, "workerinput"):
        return
    if not os.environ.get("PRIMEDB_TEST_DSN"):
        stack = ExitStack()
        try:
            cluster = stack.enter_context(throwaway_cluster())
        except PrimedbError as exc:
            stack.close()
            pytest.exit(f"cannot start PostgreSQL for the tests: {exc}", returncode=3)
        config.stash[_CLUSTER] = stack
        os.environ["PRIMEDB_TEST_DSN"] = cluster.dsn()
    # Roles are cluster objects the schema and the migrations grant to: made once,
    # here, before the workers share the server (schema/01_roles.sql).
    ensure_roles(os.environ["PRIMEDB_TEST_DSN"], SCHEMA_DIR)


def pytest_unconfigure(config: pytest.Config) -> None:
    if (stack := config.stash.get(_CLUSTER, None)) is not None:
        os.environ.pop("PRIMEDB_TEST_DSN", None)
        stack.close()


@pytest.fixture(scope="session")
def server_dsn() -> str:
    """DSN of the session's server (its `postgres` database), for creating databases."""
    return os.environ["PRIMEDB_TEST_DSN"]


def _template(server_dsn: str, kind: str) -> Iterator[str]:
    name = f"tpl_{kind}_{_RUN}"
    drop_database(server_dsn, name)
    create_database(server_dsn, name)
    yield name
    drop_database(server_dsn, name)


@pytest.fixture(scope="session")
def empty_template(server_dsn: str) -> Iterator[str]:
    yield from _template(server_dsn, "empty")


@pytest.fixture(scope="session")
def schema_template(server_dsn: str) -> Iterator[str]:
    """A database with `schema/*.sql` applied, built once per session."""
    for name in _template(server_dsn, "schema"):
        from primedb.pg import with_dbname

        apply_schema(with_dbname(server_dsn, name), SCHEMA_DIR)
        yield name


def _clone(server_dsn: str, template: str) -> Iterator[str]:
    name = f"t_{secrets.token_hex(5)}"
    dsn = create_database(server_dsn, name, template=template, file_copy=True)
    yield dsn
    drop_database(server_dsn, name)


@pytest.fixture
def dsn(server_dsn: str, empty_template: str) -> Iterator[str]:
    """A fresh, empty database (with the cluster's extensions)."""
    yield from _clone(server_dsn, empty_template)


@pytest.fixture
def schema_dsn(server_dsn: str, schema_template: str) -> Iterator[str]:
    """A fresh database holding the PrimeCloudProV2 schema."""
    yield from _clone(server_dsn, schema_template)


SEED_SCALE = 0.01  # the tiny data set of the tests (about 53k rows)
SEED = 1


@pytest.fixture(scope="session")
def seeded_template(server_dsn: str, schema_template: str) -> Iterator[str]:
    """A database with the schema and `primedb seed --scale 0.01 --seed 1`, built once."""
    name = f"tpl_seeded_{_RUN}"
    drop_database(server_dsn, name)
    from primedb.pg import with_dbname
    from primedb.seed import seed_database

    create_database(server_dsn, name, template=schema_template)
    seed_database(with_dbname(server_dsn, name), scale=SEED_SCALE, seed=SEED)
    yield name
    drop_database(server_dsn, name)


@pytest.fixture(scope="session")
def seed_args() -> dict[str, float]:
    """The scale and seed of `seeded_template`, for tests that predict its contents."""
    return {"scale": SEED_SCALE, "seed": SEED}


@pytest.fixture
def seeded_dsn(server_dsn: str, seeded_template: str) -> Iterator[str]:
    """A fresh database holding the schema and the seed's tiny data set."""
    yield from _clone(server_dsn, seeded_template)
