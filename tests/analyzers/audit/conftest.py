"""Fixtures of the audit tests: one database per test module, built from SQL in `fixtures/`.

A fixture file is written once with the schema `sch` and applied to `public`
and to `ops`, so every check is proven in two schemas. Checks only read, so
the tests of a module share its database.
"""

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from primedb.analyzers.audit import AuditResult, AuditSettings, run_checks
from primedb.pg import create_database, drop_database

FIXTURES = Path(__file__).with_name("fixtures")
SCHEMAS = ("public", "ops")


def fixture_sql(name: str, schema: str) -> str:
    """`fixtures/<name>.sql` with its schema `sch` renamed `schema`."""
    return (FIXTURES / f"{name}.sql").read_text().replace("sch.", f"{schema}.")


@pytest.fixture(scope="module")
def module_db(server_dsn: str, empty_template: str) -> Iterator[str]:
    """A fresh empty database (with the `ops` schema) shared by one test module."""
    name = f"t_{secrets.token_hex(5)}"
    dsn = create_database(server_dsn, name, template=empty_template, file_copy=True)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA ops")
    yield dsn
    drop_database(server_dsn, name)


def apply(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def run(dsn: str, *names: str, **settings: Any) -> AuditResult:
    """The checks named, on the whole database, with the default settings but those given."""
    with psycopg.connect(dsn) as conn:
        return run_checks(conn, names=names or None, settings=AuditSettings(**settings))


def found(result: AuditResult, check: str) -> set[str]:
    """The objects at fault (each finding's first object) of one check."""
    return {f.objects[0] for f in result.of(check)}


def in_both(*names: str) -> set[str]:
    """`name` qualified by each fixture schema: the expected findings of a check."""
    return {f"{schema}.{name}" for schema in SCHEMAS for name in names}


Finder = Callable[[str], set[str]]


def run_fixes(dsn: str, result: AuditResult) -> int:
    """Run every finding's fix, a statement per line (CONCURRENTLY refuses a transaction)."""
    ran = 0
    with psycopg.connect(dsn, autocommit=True) as conn:
        for finding in result.findings:
            for line in (finding.fix or "").splitlines():
                if line.strip() and not line.startswith("--"):
                    conn.execute(line)
                    ran += 1
    return ran
