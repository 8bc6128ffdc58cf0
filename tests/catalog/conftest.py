"""Fixtures of the catalog tests: a second empty database, the kitchen-sink schema."""

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from primedb.pg import create_database, drop_database

from .helpers import run_sql

KITCHEN_SINK = Path(__file__).with_name("kitchen_sink.sql")


@pytest.fixture
def other_dsn(server_dsn: str, empty_template: str) -> Iterator[str]:
    """A second fresh, empty database, for round trips."""
    name = f"t_{secrets.token_hex(5)}"
    yield create_database(server_dsn, name, template=empty_template)
    drop_database(server_dsn, name)


@pytest.fixture
def sink_dsn(dsn: str) -> str:
    """A fresh database holding kitchen_sink.sql: every kind the model covers."""
    run_sql(dsn, KITCHEN_SINK.read_text())
    return dsn
