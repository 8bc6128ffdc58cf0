"""Dependencies on single columns: what uses a column, and what a column's default needs."""

from primedb.catalog import read_catalog

from .helpers import run_sql

DDL = """
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE SEQUENCE numbers;
CREATE FUNCTION twice(n int) RETURNS int LANGUAGE sql IMMUTABLE RETURN n * 2;
CREATE TABLE t (
    id int PRIMARY KEY,
    n int DEFAULT nextval('numbers'),
    m mood,
    d int GENERATED ALWAYS AS (twice(id)) STORED,
    note text
);
CREATE INDEX t_n_idx ON t (n);
CREATE VIEW v AS SELECT id, m FROM t;
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_trg BEFORE UPDATE OF note ON t FOR EACH ROW EXECUTE FUNCTION tf();
"""


def col(name: str) -> tuple[str, ...]:
    return ("column", "public", "t", name)


def test_objects_name_the_columns_they_use(dsn: str) -> None:
    run_sql(dsn, DDL)
    catalog = read_catalog(dsn)
    objects = catalog.by_key()
    assert col("n") in objects[("index", "public", "t_n_idx")].depends_on
    assert {col("id"), col("m")} <= set(objects[("view", "public", "v")].depends_on)
    assert col("note") in objects[("trigger", "public", "t", "t_trg")].depends_on
    assert col("id") in objects[("constraint", "public", "t", "t_pkey")].depends_on
    # The table itself still needs what its columns need, for the creation order.
    table = catalog.table("public", "t")
    assert {("sequence", "public", "numbers"), ("enum", "public", "mood")} <= set(table.depends_on)


def test_a_column_names_what_its_type_and_default_need(dsn: str) -> None:
    run_sql(dsn, DDL)
    table = read_catalog(dsn).table("public", "t")
    assert table.column("n").depends_on == (("sequence", "public", "numbers"),)
    assert table.column("m").depends_on == (("enum", "public", "mood"),)
    assert set(table.column("d").depends_on) == {
        col("id"),
        ("function", "public", "twice(integer)"),
    }
    assert table.column("note").depends_on == ()


def test_view_column_types_are_read_and_not_compared(dsn: str) -> None:
    run_sql(dsn, DDL)
    (view,) = read_catalog(dsn).views
    assert view.columns == ("id", "m") and view.column_types == ("integer", "public.mood")
    from dataclasses import replace

    assert replace(view, column_types=()) == view
