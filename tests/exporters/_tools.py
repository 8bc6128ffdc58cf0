"""promtool and a real Prometheus, for the exporter tests: found on PATH or the test fails."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPORTERS = ROOT / "exporters"
# A Prometheus a test starts dies by itself after this long, even if the test is killed.
PROMETHEUS_LIFETIME = "300"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; run scripts/bootstrap.sh as root (Debian package "
                    "prometheus)")  # fmt: skip
    return found


def promtool(*args: str, stdin: str | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [tool("promtool"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, f"promtool {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Prometheus:
    """A Prometheus server on loopback, with its HTTP API."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"

    def api(self, path: str, **params: str) -> Any:
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}?{query}", timeout=10) as reply:
            body = json.load(reply)
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.api("query", query=expr)["result"]
        return result

    def wait_for(self, expr: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        """The first non-empty result of `expr` (fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.query(expr)
            if result or time.monotonic() > deadline:
                return result
            time.sleep(0.25)


@contextlib.contextmanager
def prometheus(targets: dict[str, str], *, rules: Path | None = None) -> Iterator[Prometheus]:
    """Prometheus scraping `targets` (job -> host:port) every second, in a temporary folder."""
    binary = tool("prometheus")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="primedb-prom-") as tmp:
        folder = Path(tmp)
        config = [
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 900ms",
            "  evaluation_interval: 1s",
        ]
        if rules is not None:
            config += ["rule_files:", f"  - {rules}"]
        config.append("scrape_configs:")
        for job, target in targets.items():
            config += [
                f"  - job_name: {job}",
                "    static_configs:",
                f"      - targets: ['{target}']",
            ]
        (folder / "prometheus.yml").write_text("\n".join(config) + "\n")
        log = (folder / "prometheus.log").open("w")
        proc = subprocess.Popen(
            [
                tool("timeout"), PROMETHEUS_LIFETIME, binary,
                f"--config.file={folder / 'prometheus.yml'}",
                f"--storage.tsdb.path={folder / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env={**os.environ, "GOMAXPROCS": "1"},
        )  # fmt: skip
        server = Prometheus(port)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"{server.url}/-/ready", timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("prometheus did not start: "
                                    + (folder / "prometheus.log").read_text()[-2000:])  # fmt: skip
                    time.sleep(0.1)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
