"""The online-safe forms at work on a table with rows: re-runs after a failure, lock levels."""

import psycopg
import pytest

from primedb.catalog import read_catalog
from primedb.diff import HazardKind, LockLevel, diff, table_rows

from .harness import databases, differences, execute, run_script

BEFORE = "CREATE TABLE users (id int, email text);"
AFTER = """
CREATE TABLE users (id int, email text NOT NULL);
CREATE UNIQUE INDEX users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_id_positive CHECK (id > 0);
"""


def test_a_failed_run_leaves_nothing_a_rerun_trips_on(server_dsn: str, empty_template: str) -> None:
    with databases(server_dsn, empty_template, 2) as (here, there):
        run_script(here, BEFORE + "INSERT INTO users VALUES (1, 'a'), (2, 'a'), (-3, NULL);")
        run_script(there, AFTER)
        current, desired = read_catalog(here), read_catalog(there)
        plan = diff(current, desired)
        # The rows break all three rules: the run fails, leaving what it committed.
        with pytest.raises(AssertionError) as first:
            execute(here, plan.up())
        with pytest.raises(AssertionError) as again:
            execute(here, plan.up())  # a re-run fails on the data again, not on leftovers
        for failure in (first, again):
            assert "is violated by some row" in str(failure.value) or (
                "could not create unique index" in str(failure.value)
            ), failure.value
        run_script(
            here,
            "DELETE FROM users WHERE email IS NULL OR id < 0;"
            " UPDATE users SET email = 'b' WHERE id = 2;",
        )
        leftover = read_catalog(here)
        assert leftover != current  # the failed runs left a NOT VALID check, an INVALID index...
        execute(here, plan.up())  # ... which the plan's clean-ups take away
        assert differences(read_catalog(here), desired) == []


def test_the_plan_takes_the_light_locks(server_dsn: str, empty_template: str) -> None:
    with databases(server_dsn, empty_template, 2) as (here, there):
        run_script(here, BEFORE)
        run_script(there, AFTER)
        plan = diff(read_catalog(here), read_catalog(there))
        by_sql = {s.sql.split(" (")[0]: s for s in plan.up()}
        build = next(s for s in plan.up() if s.sql.startswith("CREATE UNIQUE INDEX CONCURRENTLY"))
        assert build.lock is LockLevel.SHARE_UPDATE_EXCLUSIVE and not build.transactional
        validate = [s for s in plan.up() if "VALIDATE CONSTRAINT" in s.sql]
        assert len(validate) == 2  # the check, and the NOT NULL's temporary check
        assert all(s.lock is LockLevel.SHARE_UPDATE_EXCLUSIVE for s in validate)
        assert all(not s.transactional for s in validate)
        added = next(s for s in plan.up() if "ADD CONSTRAINT users_id_positive" in s.sql)
        assert added.sql.endswith("NOT VALID") and not added.hazards
        assert "ALTER TABLE public.users ALTER COLUMN email SET NOT NULL" in by_sql


def test_row_estimates_drop_the_hazards_of_empty_tables(
    server_dsn: str, empty_template: str
) -> None:
    with databases(server_dsn, empty_template, 2) as (here, there):
        run_script(here, BEFORE + "CREATE TABLE logs (line text);")
        run_script(there, AFTER + "CREATE TABLE logs (line text NOT NULL);")
        run_script(here, "INSERT INTO users VALUES (1, 'a');")
        with psycopg.connect(here, autocommit=True) as conn:
            conn.execute("ANALYZE")
        rows = table_rows(here)
        assert rows == {("table", "public", "users"): 1, ("table", "public", "logs"): 0}
        current, desired = read_catalog(here), read_catalog(there)
        unknown = diff(current, desired)
        known = diff(current, desired, rows=rows)

        def on_logs(plan_hazards: tuple) -> set[HazardKind]:  # type: ignore[type-arg]
            return {h.kind for s, h in plan_hazards if "logs" in s.sql}

        assert HazardKind.VALIDATION_SCAN in on_logs(unknown.hazards())
        assert on_logs(known.hazards()) == set()
        # The empty table gets a plain SET NOT NULL; users keeps the online form.
        assert any(
            s.sql == "ALTER TABLE public.logs ALTER COLUMN line SET NOT NULL" for s in known.up()
        )
        assert not any("logs VALIDATE" in s.sql for s in known.up())
        assert HazardKind.VALIDATION_SCAN in {h.kind for _, h in known.hazards()}


def test_the_sql_runs_through_psql_with_its_commits(server_dsn: str, empty_template: str) -> None:
    import subprocess

    from primedb.diff import plan_sql

    with databases(server_dsn, empty_template, 2) as (here, there):
        run_script(here, BEFORE + "INSERT INTO users VALUES (1, 'a');")
        run_script(there, AFTER)
        desired = read_catalog(there)
        script = plan_sql(diff(read_catalog(here), desired))
        # CREATE INDEX CONCURRENTLY and VALIDATE run between a COMMIT and a BEGIN.
        lines = script.splitlines()
        build = next(i for i, line in enumerate(lines) if "INDEX CONCURRENTLY users" in line)
        assert "COMMIT;" in lines[:build] and "BEGIN;" not in lines[build - 4 : build]
        done = subprocess.run(
            ["psql", here, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
            input=script,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert differences(read_catalog(here), desired) == []
