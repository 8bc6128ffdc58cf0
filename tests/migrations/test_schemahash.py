"""The schema hash agrees with catalog equality and ignores what is not the application's."""

from dataclasses import replace

import psycopg
import pytest

from primedb.catalog import read_catalog
from primedb.migrations.differences import Presence, catalog_differences, describe
from primedb.migrations.schemahash import catalog_hash

from ._helpers import ROOT


def _execute(dsn: str, *statements: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def test_two_databases_of_one_schema_hash_alike(schema_dsn: str, server_dsn: str) -> None:
    from primedb.schema import schema_catalog

    here = read_catalog(schema_dsn)
    there = schema_catalog(server_dsn, ROOT / "schema", False)
    assert here == there
    assert catalog_hash(here) == catalog_hash(there)
    assert catalog_hash(here).startswith("sha256:") and len(catalog_hash(here)) == 7 + 64


def test_what_is_not_the_schema_does_not_change_the_hash(schema_dsn: str) -> None:
    before = catalog_hash(read_catalog(schema_dsn))
    _execute(
        schema_dsn,
        # a month made by the scheduler
        "SELECT public.ensure_monthly_partitions('public.audit_logs', months_ahead => 40)",
        # Alembic's bookkeeping
        "CREATE TABLE public.alembic_version (version_num varchar(32) PRIMARY KEY)",
        "INSERT INTO public.alembic_version VALUES ('abc')",
        # primedb's own tooling extension, present on one server and not another
        "DROP EXTENSION hypopg",
        # data
        "INSERT INTO public.users (email, name) VALUES ('a@example.com', 'A')",
    )
    catalog = read_catalog(schema_dsn)
    assert catalog_hash(catalog) == before
    assert catalog_hash(replace(catalog, server_version=1)) == before


@pytest.mark.parametrize(
    ("statement", "difference"),
    [
        (
            "ALTER TABLE public.buckets ADD COLUMN shelf integer",
            "column public.buckets.shelf: only in the database",
        ),
        (
            "ALTER TABLE public.buckets ALTER COLUMN region DROP NOT NULL",
            "column public.buckets.region: not null false in the database, true in schema/",
        ),
        (
            "DROP INDEX public.buckets_lifecycle_enabled_idx",
            "index public.buckets_lifecycle_enabled_idx: missing from the database",
        ),
        (
            "COMMENT ON TABLE public.buckets IS 'tubs'",
            "table public.buckets: comment differs ('tubs' in the database)",
        ),
    ],
)
def test_any_change_changes_the_hash_and_is_named(
    schema_dsn: str, statement: str, difference: str
) -> None:
    expected = read_catalog(schema_dsn)
    _execute(schema_dsn, statement)
    actual = read_catalog(schema_dsn)
    assert catalog_hash(actual) != catalog_hash(expected)
    found = catalog_differences(actual, expected)
    assert len(found) == 1
    words = found[0].words("the database", "schema/")
    assert words.startswith(difference)
    assert (
        describe(found, actual="the database", expected="schema/") == f"1 object differs: {words}"
    )


def test_differences_list_both_sides() -> None:
    from primedb.catalog import Catalog, Schema

    a = Catalog(schemas=(Schema(name="public"), Schema(name="ours")))
    b = Catalog(schemas=(Schema(name="public"), Schema(name="theirs")))
    found = catalog_differences(a, b)
    assert [(d.label, d.presence) for d in found] == [
        ("schema ours", Presence.ONLY_ACTUAL),
        ("schema theirs", Presence.ONLY_EXPECTED),
    ]
    assert describe(found, actual="a", expected="b", limit=1) == (
        "2 objects differ: schema ours: only in a; and 1 more"
    )
