"""Finding the PostgreSQL binaries, and what happens when there are none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from primedb.errors import PostgresNotFound
from primedb.pg.binaries import find_binaries

ROOT = Path(__file__).resolve().parents[2]


def test_the_machine_s_binaries_are_found() -> None:
    found = find_binaries()
    assert (found.bindir / "postgres").is_file()
    assert found.major >= 13


def test_an_explicit_bindir_that_does_not_work_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIMEDB_PG_BINDIR", str(tmp_path))
    with pytest.raises(PostgresNotFound, match=f"PRIMEDB_PG_BINDIR={tmp_path} does not hold"):
        find_binaries()


def test_an_explicit_bindir_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    bindir = find_binaries().bindir
    monkeypatch.setenv("PRIMEDB_PG_BINDIR", str(bindir))
    assert find_binaries().bindir == bindir


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_test_session_without_postgresql_fails_with_one_line(
    tmp_path: Path, workers: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PRIMEDB_TEST_DSN"}
    env["PRIMEDB_PG_BINDIR"] = str(tmp_path)  # nowhere
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers,
         "tests/schema/test_versioning.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "passed" not in done.stdout and "skipped" not in done.stdout
    lines = [
        ln for ln in (done.stdout + done.stderr).splitlines() if "cannot start PostgreSQL" in ln
    ]
    assert lines, done.stdout + done.stderr
    assert f"PRIMEDB_PG_BINDIR={tmp_path} does not hold" in lines[0]
