"""Roles a plan names: checked before anything runs; owners only with --with-owners."""

import subprocess
import sys
from dataclasses import replace

import psycopg
import pytest

from primedb.catalog import read_catalog
from primedb.diff import diff, plan_sql
from primedb.diff.roles import ROLE_CHECK_WORDS

from .harness import execute, run_script
from .pool import DatabasePool

TABLE = "CREATE TABLE invoices (id int PRIMARY KEY, note text);"


def test_a_plan_that_grants_to_a_missing_role_stops_first_and_names_it(
    pool: DatabasePool,
) -> None:
    with pool.databases(2) as (here, there):
        run_script(here, TABLE)
        run_script(there, TABLE + "GRANT SELECT ON invoices TO corpus_app;")
        current, desired = read_catalog(here), read_catalog(there)
        # The same grant, to a role this cluster does not have.
        missing = replace(
            desired,
            grants=tuple(
                replace(g, grantee="primedb_no_such_role") if g.grantee == "corpus_app" else g
                for g in desired.grants
            ),
        )
        plan = diff(current, missing)
        assert plan.changes[0].description == ROLE_CHECK_WORDS
        assert plan.up()[0].hazards == ()
        with pytest.raises(AssertionError) as raised:
            execute(here, plan.up(), plan.timeouts)
        message = str(raised.value)
        assert "the migration needs roles that do not exist: primedb_no_such_role" in message
        assert read_catalog(here) == current  # stopped before anything changed
        # The rollback checks the roles it names too (here: none to grant back).
        assert not plan.down() or ROLE_CHECK_WORDS not in plan_sql(plan, "down")


def test_a_plan_that_names_no_role_has_no_check(pool: DatabasePool) -> None:
    with pool.databases(2) as (here, there):
        run_script(here, TABLE)
        run_script(
            there,
            TABLE + "COMMENT ON TABLE invoices IS 'kept'; GRANT SELECT ON invoices TO PUBLIC;",
        )
        plan = diff(read_catalog(here), read_catalog(there))
    assert ROLE_CHECK_WORDS not in [c.description for c in plan.changes]


def _primedb(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "primedb", *args], capture_output=True, text=True, timeout=120
    )


def test_owners_take_part_only_with_the_option(pool: DatabasePool) -> None:
    with pool.databases(2) as (here, there):
        run_script(here, TABLE)
        run_script(there, TABLE + "ALTER TABLE invoices OWNER TO corpus_owner;")
        without = _primedb("schema", "diff", "--from", here, "--to", there)
        assert without.returncode == 0, without.stderr
        assert "nothing to do" in without.stdout or "OWNER TO" not in without.stdout
        withal = _primedb("schema", "diff", "--from", here, "--to", there, "--with-owners")
        assert withal.returncode == 1, withal.stderr
        assert "ALTER TABLE public.invoices OWNER TO corpus_owner;" in withal.stdout
        dumped = _primedb("schema", "dump", "--source", there, "--with-owners")
        assert dumped.returncode == 0, dumped.stderr
        assert "ALTER TABLE public.invoices OWNER TO corpus_owner;" in dumped.stdout
        with psycopg.connect(here) as conn:
            conn.execute(withal.stdout.split("COMMIT;")[0].split("BEGIN;", 1)[1])
        assert (
            read_catalog(here, with_owners=True).owners
            == read_catalog(there, with_owners=True).owners
        )
