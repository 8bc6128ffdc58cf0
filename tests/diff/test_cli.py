"""`primedb schema diff`: the plan between two sources, its exit codes, hazards on stderr."""

import json
import subprocess

from click.testing import CliRunner

from primedb.catalog import read_catalog
from primedb.cli import cli

from .harness import databases, differences, run_script

ENV = {"PRIMEDB_DSN": "", "DATABASE_URL": ""}


def schema_diff(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-q", "schema", "diff", *args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


def psql(dsn: str, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", dsn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_changes_exit_1_with_sql_for_psql_and_the_unallowed_hazards_on_stderr(
    dsn: str, schema_dsn: str
) -> None:
    run_script(dsn, "CREATE TABLE public.scratch (id int);")
    code, out, err = schema_diff("--from", dsn, "--to", schema_dsn, "--allow-hazard", "index_build")
    assert code == 1, err
    assert out.startswith("-- primedb schema diff (up):")
    assert "SET lock_timeout = '3s';" in out
    assert "hazard not allowed: deletes data in DROP TABLE public.scratch" in err
    assert "--allow-hazard deletes_data to accept them" in err
    done = psql(dsn, out)
    assert done.returncode == 0, done.stderr
    assert differences(read_catalog(dsn), read_catalog(schema_dsn)) == []
    # Nothing left to do: exit 0.
    code, out, err = schema_diff("--from", dsn, "--to", schema_dsn)
    assert (code, out, err) == (0, "-- primedb schema diff: nothing to do\n", "")


def test_json_timeouts_and_a_rename_option(server_dsn: str, empty_template: str) -> None:
    with databases(server_dsn, empty_template, 2) as (here, there):
        run_script(here, "CREATE TABLE t (old_name text);")
        run_script(there, "CREATE TABLE t (new_name text);")
        code, out, err = schema_diff(
            "--from",
            here,
            "--to",
            there,
            "--format",
            "json",
            "--rename",
            "column:public.t.old_name=new_name",
            "--lock-timeout",
            "500ms",
            "--statement-timeout",
            "2min",
        )
        assert code == 1, err
        data = json.loads(out)
        assert data["timeouts"] == {"lock_timeout_ms": 500, "statement_timeout_ms": 120_000}
        (change,) = data["changes"]
        assert [s["sql"] for s in change["up"]] == [
            "ALTER TABLE public.t RENAME COLUMN old_name TO new_name"
        ]
        assert data["hazards"]["up"] == ["breaks_running_code"]


def test_schema_source_with_a_marker(dsn: str, server_dsn: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run_script(dsn, "CREATE TABLE people (id int, full_name text);")
    (tmp_path / "10_people.sql").write_text(
        "CREATE TABLE people (\n  id int,\n  -- primedb: renamed from full_name\n  name text\n);\n"
    )
    code, out, err = schema_diff(
        "--from", dsn, "--to", "schema", "--schema-dir", str(tmp_path), "--dsn", server_dsn
    )
    assert code == 1, err
    assert "ALTER TABLE public.people RENAME COLUMN full_name TO name;" in out
    assert "DROP COLUMN" not in out


def test_usage_errors(dsn: str) -> None:
    code, _, err = schema_diff("--from", dsn, "--to", dsn, "--allow-hazard", "nonsense")
    assert code == 2 and "--allow-hazard takes one of: deletes_data" in err
    code, _, err = schema_diff("--from", dsn, "--to", dsn, "--rename", "table:x")
    assert code == 2 and "invalid rename hint 'table:x'" in err
    code, _, err = schema_diff("--from", "nowhere", "--to", dsn)
    assert code == 2 and "unknown source 'nowhere'" in err


def test_migrations_source_is_upgraded_on_a_scratch_database(
    server_dsn: str,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    import shutil
    from pathlib import Path

    project = Path(__file__).resolve().parents[2] / "migrations"
    folder = tmp_path / "migrations"
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns("versions"))
    (folder / "versions").mkdir()
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "10_t.sql").write_text("CREATE TABLE t (id int PRIMARY KEY);\n")
    args = ("--dsn", server_dsn, "--schema-dir", str(schema), "--migrations-dir", str(folder))
    code, out, err = schema_diff("--from", "migrations", "--to", "schema", *args)
    assert code == 1, err
    assert "CREATE TABLE public.t (" in out
    assert "alembic_version" not in out  # Alembic's bookkeeping is not the schema
    code, out, err = schema_diff("--from", "schema", "--to", "migrations", *args)
    assert code == 1, err
    assert "DROP TABLE public.t;" in out
