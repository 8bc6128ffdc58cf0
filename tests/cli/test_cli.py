"""The command line: help, exit codes, one-line errors, the server commands, the demo."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
import psycopg
import pytest
from click.testing import CliRunner

from primedb.cli import cli
from primedb.pg.layout import postmaster_alive

PRIMEDB = [sys.executable, "-m", "primedb"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    full_env.update(env or {})
    return subprocess.run(
        [*PRIMEDB, *args], capture_output=True, text=True, timeout=120, env=full_env, check=False
    )


@pytest.fixture
def data_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="pdbc-"))
    os.chmod(root, 0o755)
    yield root / "cluster"
    run("server", "stop", "--data-dir", str(root / "cluster"))
    shutil.rmtree(root, ignore_errors=True)


def test_help_lists_commands_and_exit_codes() -> None:
    done = run("--help")
    assert done.returncode == 0
    for word in ("server", "schema", "demo", "Exit codes", "database unreachable", "70"):
        assert word in done.stdout


def test_server_start_status_stop(data_dir: Path) -> None:
    started = run("server", "start", "--json", "--data-dir", str(data_dir))
    assert started.returncode == 0, started.stderr
    info = json.loads(started.stdout)
    assert set(info) == {"dsn", "data_dir", "port", "pid"}
    assert info["data_dir"] == str(data_dir.resolve())
    psql = subprocess.run(
        ["psql", info["dsn"], "-tAc", "SELECT 40 + 2"], capture_output=True, text=True, check=False
    )
    assert psql.stdout.strip() == "42", psql.stderr
    status = run("server", "status", "--json", "--data-dir", str(data_dir))
    assert status.returncode == 0
    assert json.loads(status.stdout)["state"] == "running"
    stopped = run("server", "stop", "--data-dir", str(data_dir))
    assert stopped.returncode == 0
    assert stopped.stdout.strip() == "stopped"
    assert not postmaster_alive(info["pid"])
    leftover = subprocess.run(["pgrep", "-f", str(data_dir)], capture_output=True, check=False)
    assert leftover.returncode == 1  # no process mentions the directory
    status = run("server", "status", "--data-dir", str(data_dir))
    assert status.returncode == 1
    assert "state=stopped" in status.stdout


def test_server_start_twice_is_a_usage_error(data_dir: Path) -> None:
    assert run("server", "start", "--data-dir", str(data_dir)).returncode == 0
    again = run("server", "start", "--data-dir", str(data_dir))
    assert again.returncode == 2
    assert again.stderr.strip().splitlines()[-1].startswith("error: a cluster already runs")


def test_foreign_directory_exit_code_and_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    done = run("server", "status", "--data-dir", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path} is not a primedb cluster directory"


def test_unreachable_database_exit_3_and_password_masked(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = run(
        "demo", "--dsn", "postgresql://alice:s3cr3t@127.0.0.1:1/app", "--report", str(report)
    )
    assert done.returncode == 3
    assert "s3cr3t" not in done.stderr + done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: cannot connect to postgresql://alice:***@127.0.0.1:1/app")
    # The first step failed; the steps that need it are skipped, and the report says so.
    assert "step 1/7: migrate to head: failed in" in done.stderr
    assert "step 2/7: seed: skipped in 0.0 s: needs migrate, which failed" in done.stderr
    assert "step 7/7: write the report: ok" in done.stderr
    html = report.read_text()
    assert "cannot connect to postgresql://alice:***@127.0.0.1:1/app" in html
    assert "s3cr3t" not in html


def test_dsn_from_environment_is_used() -> None:
    done = run(
        "demo", "--no-report", env={"DATABASE_URL": "postgresql://bob:hunter2@127.0.0.1:1/app"}
    )
    assert done.returncode == 3
    assert "DATABASE_URL" in done.stderr
    assert "hunter2" not in done.stderr


def test_demo_refuses_an_existing_database(server_dsn: str) -> None:
    name = "demo_exists"
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        done = run("demo", "--dsn", server_dsn, "--database", name, "--no-report")
        assert done.returncode == 2
        assert done.stderr.strip().endswith(
            f"error: database {name} already exists; drop it or choose another name"
        )
    finally:
        with psycopg.connect(server_dsn, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")


def test_bug_exits_70_with_traceback() -> None:
    @click.command("explode")
    def explode() -> None:
        raise RuntimeError("boom")

    cli.add_command(explode)
    try:
        result = CliRunner().invoke(cli, ["explode"])
    finally:
        cli.commands.pop("explode")
    assert result.exit_code == 70
    assert "Traceback" in result.output
    assert "error: bug: RuntimeError: boom" in result.output


def test_traceback_flag_shows_traceback_for_user_errors(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    plain = CliRunner().invoke(cli, ["server", "status", "--data-dir", str(tmp_path)])
    verbose = CliRunner().invoke(
        cli, ["--traceback", "server", "status", "--data-dir", str(tmp_path)]
    )
    assert plain.exit_code == verbose.exit_code == 2
    assert "Traceback" not in plain.output
    assert "Traceback" in verbose.output
