"""`primedb workload`, `primedb exporter` and `primedb dashboard`, as a user runs them."""

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from primedb.cli import cli

from ._tools import EXPORTERS, promtool

PRIMEDB = [sys.executable, "-m", "primedb"]


def test_workload_runs_the_mix_and_summarises(seeded_dsn: str) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "workload",
            "--dsn",
            seeded_dsn,
            "--duration",
            "2s",
            "--concurrency",
            "2",
            "--metrics",
            "127.0.0.1:0",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["concurrency"] == 2 and summary["operations"] > 0
    queries = {q["query"]: q for q in summary["queries"]}
    assert {"access_key_lookup", "insert_usage_records", "audit_logs_first_page"} <= set(queries)
    assert all(0 < q["p50_ms"] <= q["p99_ms"] for q in queries.values())
    assert "metrics on http://127.0.0.1:" in result.stderr


def test_workload_refuses_a_database_without_the_schema(dsn: str) -> None:
    result = CliRunner().invoke(cli, ["workload", "--dsn", dsn, "--duration", "1s"])
    assert result.exit_code == 5
    assert "does not hold the PrimeCloudProV2 schema" in result.stderr


def test_exporter_serves_until_sigterm(seeded_dsn: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    proc = subprocess.Popen(
        [*PRIMEDB, "exporter", "--dsn", seeded_dsn, "--listen", "127.0.0.1:0", "--duration", "60s"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stderr is not None
        url = None
        for line in proc.stderr:
            if match := re.search(r"serving (http://\S+)", line):
                url = match.group(1)
                break
        assert url is not None and url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as reply:
            page = reply.read().decode()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "primedb_up 1.0" in page
    assert promtool("check", "metrics", stdin=page).strip() == ""


def test_dashboard_writes_the_committed_file(tmp_path: Path) -> None:
    target = tmp_path / "board.json"
    result = CliRunner().invoke(cli, ["dashboard", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text() == (EXPORTERS / "grafana" / "primedb.json").read_text()
    assert json.loads(target.read_text())["uid"] == "primedb"
