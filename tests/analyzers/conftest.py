"""Fixtures of the analyzers' tests: the seeded database with only the indexes constraints need."""

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from primedb.analyzers.advice.baseline import drop_optional_indexes


@pytest.fixture
def bare_dsn(seeded_dsn: str) -> Iterator[str]:
    """The seeded database (scale 0.01) without the indexes no constraint needs."""
    with psycopg.connect(seeded_dsn) as conn:
        drop_optional_indexes(conn)
    with psycopg.connect(seeded_dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    yield seeded_dsn


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
