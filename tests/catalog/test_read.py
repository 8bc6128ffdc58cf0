"""read_catalog itself: a DSN or an open connection, left as it was; cycles it cannot order."""

import psycopg
import pytest

from primedb.catalog import dependency_graph, read_catalog
from primedb.errors import UnsupportedObject

from .helpers import run_sql


def test_an_open_transaction_is_read_and_left_as_it_was(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute("SET search_path = public")
        conn.execute("CREATE TABLE not_committed (a int)")
        catalog = read_catalog(conn)
        assert [t.name for t in catalog.tables] == ["not_committed"]
        # Still inside the same transaction, with the session's own settings.
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        assert conn.execute("SHOW search_path").fetchone() == ("public",)
        conn.execute("INSERT INTO not_committed VALUES (1)")
        conn.rollback()
    assert read_catalog(dsn).tables == ()


def test_an_idle_connection_stays_idle(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        read_catalog(conn)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert conn.execute("SHOW search_path").fetchone() == ('"$user", public',)


def test_names_in_definitions_are_qualified_whatever_the_search_path(dsn: str) -> None:
    run_sql(
        dsn,
        "CREATE SCHEMA app; SET search_path = app;"
        "CREATE TABLE app.t (a int CHECK (a > 0)); CREATE VIEW app.v AS SELECT a FROM app.t;",
    )
    with psycopg.connect(dsn) as conn:
        conn.execute("SET search_path = app, public")
        catalog = read_catalog(conn)
    (view,) = catalog.views
    assert "FROM app.t" in view.definition


def test_a_default_calling_a_function_that_reads_its_table_is_a_cycle(dsn: str) -> None:
    """Known limit: a column default is part of its table, so this cannot be ordered."""
    run_sql(
        dsn,
        """
        CREATE TABLE t (id int);
        CREATE FUNCTION next_id() RETURNS int LANGUAGE sql
        BEGIN ATOMIC SELECT coalesce(max(id), 0) + 1 FROM public.t; END;
        ALTER TABLE t ALTER COLUMN id SET DEFAULT next_id();
        """,
    )
    catalog = read_catalog(dsn)
    with pytest.raises(UnsupportedObject, match=r"cycle between function/public/next_id\(\)"):
        dependency_graph(catalog).order()
