"""`primedb seed`: summary on stdout, progress on stderr, one-line errors with exit codes."""

import json
import os
import shlex
import signal
import subprocess
import sys

import psycopg
import pytest
from readme.examples import check_example, example

from primedb.cli.seed import SeedProgress
from primedb.seed import ProgressEvent, Step

from ._catalog import snapshot, wait_for_the_seed_to_end

PRIMEDB = [sys.executable, "-m", "primedb"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    return subprocess.run(
        [*PRIMEDB, *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_seed_prints_a_json_summary_and_progress_on_stderr(schema_dsn: str) -> None:
    done = _run("seed", "--dsn", schema_dsn, "--scale", "0.01", "--seed", "5", "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["seed"] == 5 and summary["scale"] == 0.01
    tables = {t["table"]: t["rows"] for t in summary["tables"]}
    assert tables["audit_logs"] == 20_000
    assert summary["rows"] == sum(tables.values())
    assert summary["rows_per_second"] > 0
    assert [p["phase"] for p in summary["phases"]] == [
        "prepare", "copy", "indexes", "foreign keys", "commit", "analyze",
    ]  # fmt: skip
    assert all(p["busy"] > 0 for p in summary["phases"] if p["phase"] != "prepare")
    assert summary["connections"] >= 1
    assert "seed: copy audit_logs 20,000/20,000" in done.stderr


def test_seed_prints_a_table_by_default(schema_dsn: str) -> None:
    done = _run("seed", "--dsn", schema_dsn, "--as-of", "2026-03")
    assert done.returncode == 0, done.stderr
    assert "notifications" in done.stdout
    assert "rows/s" in done.stdout and "as of 2026-03" in done.stdout


def test_seed_applies_the_schema_when_asked(dsn: str) -> None:
    done = _run("seed", "--dsn", dsn, "--apply-schema", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] > 50_000


def test_seed_refuses_a_database_without_the_schema(dsn: str) -> None:
    done = _run("seed", "--dsn", dsn)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("error: table ")
    assert "--apply-schema" in lines[-1]


def test_seed_refuses_a_database_with_rows(seeded_dsn: str) -> None:
    done = _run("seed", "--dsn", seeded_dsn)
    assert done.returncode == 2
    assert "already has rows" in done.stderr


@pytest.mark.parametrize(
    ("connections", "kill_at"),
    [
        ("2", "seed: copy access_keys"),  # the small tables are in, the big ones on their way
        ("2", "seed: index "),  # every index is rebuilt, the foreign keys on their way
        ("1", "seed: copy access_keys"),  # one transaction: the server rolls it back
    ],
)
def test_a_seed_killed_half_way_leaves_nothing(
    schema_dsn: str, connections: str, kill_at: str
) -> None:
    before = snapshot(schema_dsn)
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    proc = subprocess.Popen(
        [*PRIMEDB, "seed", "--dsn", schema_dsn, "--scale", "0.2", "--connections", connections],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith(kill_at):
            break
    else:
        raise AssertionError(f"the seed ended before {kill_at!r}")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # With several connections the guardian process undoes what was committed;
    # with one the server rolls the transaction back. Either way, once the
    # seed's last session is gone the database is as it was.
    wait_for_the_seed_to_end(schema_dsn)
    with psycopg.connect(schema_dsn) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {t}").fetchone() for t in ("users", "buckets")
        ]
    assert counts == [(0,), (0,)]
    assert snapshot(schema_dsn) == before


def test_progress_through_a_pipe_prints_a_line_every_few_seconds_of_a_long_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = [0.0]
    progress = SeedProgress(every=5.0, clock=lambda: now[0], live=False)
    for rows in range(100_000, 2_000_001, 100_000):  # a big table, 1 s per 100k rows
        now[0] += 1.0
        progress(ProgressEvent(Step.COPY, "audit_logs", rows, 2_000_000))
    progress(ProgressEvent(Step.INDEX, "audit_logs_pkey", 1, 3))  # quick: nothing yet
    progress(ProgressEvent(Step.INDEX, "audit_logs_idx", 3, 3))
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "seed: copy audit_logs 500,000/2,000,000",
        "seed: copy audit_logs 1,000,000/2,000,000",
        "seed: copy audit_logs 1,500,000/2,000,000",
        "seed: copy audit_logs 2,000,000/2,000,000",
        "seed: index 3/3",
    ]


def test_the_readme_json_example_reads_as_a_real_seed(schema_dsn: str) -> None:
    # The README shows scale 1 piped to jq; here scale 0.01, and jq -c's output made
    # in Python (the figures differ, the words and their order must not).
    command = example("seed-json").text.splitlines()[0]
    seed_part, jq_part = command.removeprefix("$ ").split(" | ")
    assert shlex.split(jq_part) == ["jq", "-c", ".rows, .rows_per_second, .phases[]"]
    program, *args = shlex.split(seed_part)
    assert program == "primedb"
    args = [schema_dsn if a == "$DSN" else a for a in args]
    args[args.index("--scale") + 1] = "0.01"
    done = _run(*args)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    items = [summary["rows"], summary["rows_per_second"], *summary["phases"]]
    lines = [json.dumps(item, separators=(",", ":")) for item in items]
    check_example("seed-json", "\n".join([command, *lines]))
