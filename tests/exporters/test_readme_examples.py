"""The README's workload and exporter examples, run as a user runs them."""

import os
import re
import signal
import subprocess
import sys
import urllib.request

from click.testing import CliRunner
from readme.examples import check_example

from primedb.cli import cli

PRIMEDB = [sys.executable, "-m", "primedb"]


def _scrape_once(dsn: str) -> str:
    """`primedb exporter --dsn DSN` started, its page read once, then stopped."""
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    command = [*PRIMEDB, "exporter", "--dsn", dsn, "--listen", "127.0.0.1:0", "--duration", "60s"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if match := re.search(r"serving (http://\S+)", line):
                with urllib.request.urlopen(match.group(1), timeout=10) as reply:
                    return str(reply.read().decode())
        raise AssertionError("the exporter never said where it serves")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_the_workload_then_the_exporter_page_as_the_readme_shows(seeded_dsn: str) -> None:
    args = ["--duration", "5s", "--concurrency", "4", "--metrics", "127.0.0.1:0"]
    result = CliRunner().invoke(cli, ["workload", "--dsn", seeded_dsn, *args])
    assert result.exit_code == 0, result.output
    check_example("workload", result.stdout)

    page = _scrape_once(seeded_dsn)
    grep = "\n".join(line for line in page.splitlines() if "access_key_lookup" in line)
    check_example("exporter-metrics", grep)
