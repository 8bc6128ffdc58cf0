"""The lint knows what exists from a catalog (`CatalogFacts`) or the database (`LiveFacts`)."""

import psycopg

from primedb.catalog import read_catalog
from primedb.diff.hazards import HazardKind
from primedb.lint import lint_text
from primedb.lint.catalog_facts import CatalogFacts
from primedb.lint.facts import LiveFacts, RowState

SET = "SET lock_timeout = '3s';\n"
REPLACE = (
    "CREATE OR REPLACE FUNCTION public.{name}() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN NEW; END $$;\n"
)


def _kinds(sql: str, facts: object = None) -> set[HazardKind]:
    found = lint_text(SET + sql, "t.sql", facts=facts)  # type: ignore[arg-type]
    return {f.kind for f in found.findings}


def test_replacing_a_function_that_exists_changes_behaviour(schema_dsn: str) -> None:
    facts = CatalogFacts(read_catalog(schema_dsn))
    assert HazardKind.BEHAVIOUR_CHANGE in _kinds(REPLACE.format(name="set_updated_at"), facts)
    assert HazardKind.BEHAVIOUR_CHANGE not in _kinds(REPLACE.format(name="brand_new"), facts)
    # Without knowing the database, the lint assumes the function exists.
    assert HazardKind.BEHAVIOUR_CHANGE in _kinds(REPLACE.format(name="brand_new"))


def test_live_facts_know_functions_too(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        facts = LiveFacts(conn)
        assert facts.function_exists(None, "set_updated_at") is True
        assert facts.function_exists("public", "set_updated_at") is True
        assert facts.function_exists("other", "set_updated_at") is False
        assert HazardKind.BEHAVIOUR_CHANGE not in _kinds(REPLACE.format(name="brand_new"), facts)
        assert HazardKind.BEHAVIOUR_CHANGE in _kinds(REPLACE.format(name="set_updated_at"), facts)


def test_catalog_facts_answer_from_the_schema(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        conn.execute('CREATE TABLE "Odd.Name" (x integer)')
        conn.execute("ALTER TABLE public.buckets ADD CONSTRAINT r_nn CHECK (region IS NOT NULL)")
    facts = CatalogFacts(read_catalog(schema_dsn))
    assert facts.rows("public.buckets").state is RowState.ASSUMED  # rows are never known
    assert facts.rows("buckets").state is RowState.ASSUMED
    assert facts.rows('"Odd.Name"').state is RowState.ASSUMED
    assert facts.rows("public.nowhere").state is RowState.MISSING
    assert facts.column_type("public.buckets", "lifecycle_rules") == "jsonb"
    assert facts.column_type("public.buckets", "nowhere") is None
    assert facts.has_not_null_check("public.buckets", "region")
    assert not facts.has_not_null_check("public.buckets", "name")
    assert facts.volatile("set_updated_at") is True
    assert facts.volatile("cnpj_is_valid") is False
    assert facts.server_major() == 15
