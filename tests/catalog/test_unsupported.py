"""Anything the model cannot represent makes read_catalog fail, naming the object and its kind."""

import pytest

from primedb.catalog import read_catalog
from primedb.errors import BAD_INPUT, UnsupportedObject

from .helpers import run_sql

CASES = [
    pytest.param(
        "CREATE TABLE t (a int); CREATE RULE t_no_delete AS ON DELETE TO t DO INSTEAD NOTHING",
        "rule t_no_delete on public.t",
        id="rule",
    ),
    pytest.param(
        "CREATE TYPE span AS RANGE (subtype = int4)", "range type public.span", id="range"
    ),
    pytest.param(
        "CREATE FUNCTION same(int, int) RETURNS bool LANGUAGE sql AS 'SELECT $1 = $2';"
        "CREATE OPERATOR === (leftarg = int, rightarg = int, function = same)",
        "operator public.===(integer,integer)",
        id="operator",
    ),
    pytest.param(
        "CREATE FUNCTION stop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;"
        "CREATE EVENT TRIGGER no_ddl ON ddl_command_start EXECUTE FUNCTION stop()",
        "event trigger no_ddl",
        id="event-trigger",
    ),
    pytest.param(
        "CREATE FOREIGN DATA WRAPPER dummy; CREATE SERVER far FOREIGN DATA WRAPPER dummy;"
        "CREATE FOREIGN TABLE remote (a int) SERVER far",
        "foreign table public.remote",
        id="foreign-table",
    ),
    pytest.param(
        "CREATE TABLE t (a int, b int); CREATE STATISTICS t_ab (dependencies) ON a, b FROM t",
        "statistics object t_ab",
        id="statistics",
    ),
    pytest.param(
        "CREATE PUBLICATION everything FOR ALL TABLES", "publication everything", id="pub"
    ),
    pytest.param(
        "CREATE TEXT SEARCH CONFIGURATION simple2 (COPY = simple)",
        "text search configuration public.simple2",
        id="text-search",
    ),
    pytest.param(
        "CREATE TYPE t_row AS (a int); CREATE TABLE typed OF t_row",
        "typed table public.typed",
        id="typed-table",
    ),
    pytest.param(
        "CREATE TABLE t (a int PRIMARY KEY); ALTER TABLE t REPLICA IDENTITY FULL",
        "replica identity public.t",
        id="replica-identity",
    ),
    pytest.param(
        "CREATE TABLE t (a text); ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL",
        "column storage setting public.t.a",
        id="column-storage",
    ),
    pytest.param(
        "CREATE CAST (integer AS interval) WITH INOUT",
        "cast integer AS interval",
        id="cast",
    ),
]


@pytest.mark.parametrize(("ddl", "named"), CASES)
def test_unsupported_object_is_refused_by_name(dsn: str, ddl: str, named: str) -> None:
    run_sql(dsn, ddl)
    with pytest.raises(UnsupportedObject) as raised:
        read_catalog(dsn)
    message = str(raised.value)
    assert named in message
    assert message.startswith("the catalog model cannot represent ")
    assert message.endswith("or manage them outside primedb")
    assert raised.value.exit_code == BAD_INPUT


def test_every_unsupported_object_is_named(dsn: str) -> None:
    run_sql(
        dsn,
        "CREATE TYPE b AS RANGE (subtype = int8); CREATE TABLE t (a int);"
        "CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING",
    )
    with pytest.raises(UnsupportedObject, match=r"range type public\.b, rule r on public\.t"):
        read_catalog(dsn)


def test_partition_with_its_own_identity_is_refused(dsn: str) -> None:
    run_sql(
        dsn,
        "CREATE TABLE p (id int NOT NULL, k int) PARTITION BY LIST (k);"
        "CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);"
        "ALTER TABLE p1 ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY",
    )
    with pytest.raises(
        UnsupportedObject, match=r"column id of partition public\.p1 is an identity"
    ):
        read_catalog(dsn)


def test_objects_of_an_extension_do_not_count(dsn: str) -> None:
    """btree_gist brings operator classes and functions, citext a base type: none refused."""
    run_sql(dsn, "CREATE EXTENSION btree_gist; CREATE EXTENSION citext")
    catalog = read_catalog(dsn)
    assert {"btree_gist", "citext"} <= {e.name for e in catalog.extensions}
