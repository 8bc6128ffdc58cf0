"""Rename hints: the `--rename` syntax, the markers in schema files, hints that do not fit."""

import pytest

from primedb.catalog import read_catalog
from primedb.diff import Rename, RenameKind, diff, parse_rename, schema_renames
from primedb.diff.markers import file_renames
from primedb.errors import BadInput, UsageError

from .harness import databases, run_script


def test_parse_rename_forms() -> None:
    assert parse_rename("table:public.old=new") == Rename(
        kind=RenameKind.TABLE, schema="public", old="old", new="new", origin="--rename"
    )
    hint = parse_rename("column:billing.invoices.total_cents=amount_cents")
    assert (hint.schema, hint.table, hint.old, hint.new) == (
        "billing",
        "invoices",
        "total_cents",
        "amount_cents",
    )
    # The schema defaults to public; quoted names keep their case.
    quoted = parse_rename('constraint:"Order Items".Old_Key="New Key"')
    assert (quoted.schema, quoted.table, quoted.old, quoted.new) == (
        "public",
        "Order Items",
        "old_key",
        "New Key",
    )
    assert str(hint) == "column:billing.invoices.total_cents=amount_cents"


@pytest.mark.parametrize(
    "text",
    ["tabel:public.a=b", "table:public.a", "column:a=b", "table:a.b.c.d=e", "index:=x"],
)
def test_parse_rename_refuses_bad_hints_saying_how(text: str) -> None:
    with pytest.raises(UsageError, match=r"invalid rename hint .*write it as|kind must be one"):
        parse_rename(text)


SCHEMA_FILE = """
-- primedb: renamed from customers
CREATE TABLE IF NOT EXISTS clients (
    id bigint PRIMARY KEY,
    -- primedb: renamed from full_name
    name text NOT NULL,
    price numeric(12, 2),
    -- primedb: renamed from customers_email_key
    CONSTRAINT clients_email_key UNIQUE (email)
);
-- A function body mentioning CREATE TABLE is no statement start.
CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN
    EXECUTE 'CREATE TABLE x ()';
END $$;
-- primedb: renamed from clients_name
CREATE UNIQUE INDEX CONCURRENTLY clients_name_idx ON billing.clients (name);
-- primedb: renamed from "Old View"
CREATE OR REPLACE VIEW app.names AS SELECT 1;
-- primedb: renamed from old_seq
CREATE SEQUENCE counters;
-- primedb: renamed from mood
CREATE TYPE feeling AS ENUM ('a');
-- primedb: renamed from clients_positive
ALTER TABLE ONLY clients ADD CONSTRAINT clients_price_positive CHECK (price > 0);
"""


def test_markers_name_what_follows_them() -> None:
    found = [(str(h), h.origin) for h in file_renames(SCHEMA_FILE, "10_clients.sql")]
    assert found == [
        ("table:public.customers=clients", "10_clients.sql:2"),
        ("column:public.clients.full_name=name", "10_clients.sql:5"),
        ("constraint:public.clients.customers_email_key=clients_email_key", "10_clients.sql:8"),
        ("index:billing.clients_name=clients_name_idx", "10_clients.sql:15"),
        ("view:app.Old View=names", "10_clients.sql:17"),
        ("sequence:public.old_seq=counters", "10_clients.sql:19"),
        ("enum:public.mood=feeling", "10_clients.sql:21"),
        ("constraint:public.clients.clients_positive=clients_price_positive", "10_clients.sql:23"),
    ]


def test_a_marker_before_anything_else_is_an_error_naming_the_line() -> None:
    text = "CREATE TABLE t (\n  id int\n);\n-- primedb: renamed from x\nSELECT 1;\n"
    with pytest.raises(BadInput, match=r"^schema.sql:4: a rename marker must come right before"):
        file_renames(text, "schema.sql")


def test_schema_renames_reads_every_file_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "20_b.sql").write_text("-- primedb: renamed from b_old\nCREATE TABLE b ();\n")
    (tmp_path / "10_a.sql").write_text("-- primedb: renamed from a_old\nCREATE TABLE a ();\n")
    (tmp_path / "notes.txt").write_text("-- primedb: renamed from ignored\n")
    assert [str(h) for h in schema_renames(tmp_path)] == [
        "table:public.a_old=a",
        "table:public.b_old=b",
    ]


def test_hints_are_checked_against_both_sides(server_dsn: str, empty_template: str) -> None:
    with databases(server_dsn, empty_template, 3) as (old, new, done):
        run_script(old, "CREATE TABLE customers (id int);")
        run_script(new, "CREATE TABLE clients (id int);")
        run_script(done, "CREATE TABLE clients (id int);")
        current, desired, applied = read_catalog(old), read_catalog(new), read_catalog(done)
        hint = parse_rename("table:public.customers=clients")
        plan = diff(current, desired, renames=[hint])
        assert [s.sql for s in plan.up()] == ["ALTER TABLE public.customers RENAME TO clients"]
        assert [s.sql for s in plan.down()] == ["ALTER TABLE public.clients RENAME TO customers"]
        assert [h.kind.value for _, h in plan.hazards()] == ["breaks_running_code"]
        # Applied already (the old name gone, the new one there): ignored.
        assert diff(applied, desired, renames=[hint]).empty
        with pytest.raises(UsageError, match="no nobody on the current side"):
            diff(current, desired, renames=[parse_rename("table:public.nobody=clients")])
        with pytest.raises(UsageError, match="the desired side should have elsewhere"):
            diff(current, desired, renames=[parse_rename("table:public.customers=elsewhere")])
        # Without the hint: a drop and a create, flagged as deleting data.
        unhinted = diff(current, desired)
        assert {h.kind.value for _, h in unhinted.hazards()} == {"deletes_data"}
