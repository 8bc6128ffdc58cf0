"""The stumbles of a new user's first ten minutes, each held by a test.

A command whose point is to change a lasting database refuses a throwaway
one unless asked; `server start` says where its data lives and how to stop
it; a schema error names file:line:column and the line; drift has an exit
code of its own; options and formats behave alike everywhere.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "primedb", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["migrate"], "migrate"),
        (["rollback"], "rollback"),
        (["stamp"], "stamp"),
        (["schema", "apply"], "schema apply"),
        (["seed", "--apply-schema"], "seed"),
    ],
)
def test_a_changing_command_refuses_a_throwaway_database(command: list[str], name: str) -> None:
    done = run(*command)
    assert done.returncode == 2
    error = done.stderr.strip().splitlines()[-1]
    assert f"error: primedb {name} changes a database that should last" in error
    assert "none was given: pass --dsn" in error
    assert "primedb server start --data-dir DIR" in error and "--throwaway" in error
    assert "throwaway PostgreSQL" not in done.stderr  # refused before starting anything


def test_throwaway_is_there_when_asked_for() -> None:
    done = run("schema", "apply", "--throwaway", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"]["tables"] > 10


def test_server_start_without_a_data_dir_says_where_and_how_to_stop() -> None:
    started = run("server", "start")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().startswith("postgresql://")
    match = re.search(r"stop it with: primedb server stop --data-dir (\S+)", started.stderr)
    assert match, started.stderr
    data = Path(match.group(1))
    try:
        assert f"data in {data}" in started.stderr and data.is_dir()
        status = run("server", "status", "--data-dir", str(data), "--format", "json")
        assert json.loads(status.stdout)["state"] == "running"
    finally:
        assert run("server", "stop", "--data-dir", str(data)).stdout.strip() == "stopped"
        shutil.rmtree(data, ignore_errors=True)


def test_a_schema_error_names_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "01_tables.sql").write_text("CREATE TABLE a (id int);\n\nCREATE TABL b (\n);\n")
    done = run("schema", "apply", "--schema-dir", str(tmp_path), "--throwaway")
    assert done.returncode == 5
    error = done.stderr.strip().splitlines()[-1]
    assert f"{tmp_path / '01_tables.sql'}:3:8: syntax error at or near" in error
    assert "in `CREATE TABL b (`; nothing was applied" in error


def test_global_options_work_after_the_command_too() -> None:
    done = run("migrate", "--dsn", "bogus=1", "--traceback")
    assert done.returncode == 2
    assert "No such option" not in done.stderr and "invalid DSN" in done.stderr


def test_quiet_hides_the_throwaway_notice() -> None:
    loud = run("schema", "dump")
    quiet = run("schema", "dump", "-q")
    assert loud.returncode == quiet.returncode == 0
    assert "throwaway PostgreSQL" in loud.stderr
    assert "throwaway PostgreSQL" not in quiet.stderr


def test_sql_and_json_formats_do_not_mix() -> None:
    done = run("migrate", "--sql", "--format", "json")
    assert done.returncode == 2 and "--format json does not apply" in done.stderr


def test_the_bootstrap_says_how_to_call_primedb_bare() -> None:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"  # the virtual environment not active
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bootstrap.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "to call it as plain `primedb`: source " in done.stderr
    assert ".venv/bin/activate" in done.stderr
