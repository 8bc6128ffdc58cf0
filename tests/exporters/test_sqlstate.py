"""Errors are counted by SQLSTATE class, a closed set, read from the real errors."""

import psycopg
import pytest
from psycopg_pool import PoolTimeout

from primedb.exporters import SqlstateClass, sqlstate_class


def test_classes_of_real_server_errors(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cases = {
            "SELECT 1/0": "22",
            "SELECT * FROM no_such_table": "42",
            "SET statement_timeout = '1ms'; SELECT pg_sleep(0.1)": "57",
        }
        for statement, expected in cases.items():
            with pytest.raises(psycopg.Error) as caught:
                conn.execute(statement)
            assert sqlstate_class(caught.value) == expected, statement
        conn.execute("RESET statement_timeout")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
        conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("INSERT INTO t VALUES (1)")
        assert sqlstate_class(caught.value) == SqlstateClass.INTEGRITY_CONSTRAINT_VIOLATION.value


def test_a_broken_connection_without_sqlstate_is_class_08_a_pool_timeout_is_other() -> None:
    assert sqlstate_class(psycopg.OperationalError("server closed the connection")) == "08"
    assert sqlstate_class(PoolTimeout("no connection in 1 s")) == "other"
    assert sqlstate_class(ValueError("bug")) == "other"
    assert sqlstate_class(None) == "other"


def test_an_undocumented_class_is_other() -> None:
    class Odd(psycopg.Error):
        sqlstate = "ZZ000"

    assert sqlstate_class(Odd()) == "other"
