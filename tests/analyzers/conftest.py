"""Fixtures of the analyzers' tests: the seeded database with only the indexes constraints need."""

import os
import secrets
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from primedb.analyzers.advice.baseline import drop_optional_indexes
from primedb.pg import create_database, drop_database


@pytest.fixture(scope="session")
def bare_template(server_dsn: str, seeded_template: str) -> Iterator[str]:
    """The seeded template (scale 0.01) without the indexes no constraint needs, built once
    per worker."""
    name = f"tpl_bare_{os.getpid()}_{secrets.token_hex(2)}"
    dsn = create_database(server_dsn, name, template=seeded_template, file_copy=True)
    with psycopg.connect(dsn) as conn:
        drop_optional_indexes(conn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    yield name
    drop_database(server_dsn, name)


@pytest.fixture
def bare_dsn(server_dsn: str, bare_template: str) -> Iterator[str]:
    """A fresh clone of the bare template."""
    name = f"t_{secrets.token_hex(5)}"
    dsn = create_database(server_dsn, name, template=bare_template, file_copy=True)
    yield dsn
    drop_database(server_dsn, name)


def run_sql(dsn: str, *statements: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def index_names(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows: list[Any] = conn.execute(
            "SELECT indexname FROM pg_catalog.pg_indexes WHERE schemaname = 'public'"
        ).fetchall()
    return {r[0] for r in rows}
