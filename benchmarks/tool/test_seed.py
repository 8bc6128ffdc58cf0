"""How fast `primedb seed --scale 1` fills a fresh database: the whole process, in rows/s.

Each round starts a new `primedb seed` process (interpreter start, imports,
generation, COPY, index and foreign-key rebuild, commit, ANALYZE) against a
new database holding the schema; applying the schema is set-up, not timed.
The rows per second of the whole process and the seed's own phase breakdown
are in the benchmark's extra_info.

Run: `.venv/bin/pytest benchmarks/tool/test_seed.py --benchmark-only -s`
(`PRIMEDB_BENCH_SEED_SCALE=0.1` for a quicker look).
"""

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from primedb.pg import create_database, drop_database, throwaway_cluster
from primedb.schema import apply_schema

SCALE = os.environ.get("PRIMEDB_BENCH_SEED_SCALE", "1")
SCHEMA = Path(__file__).resolve().parents[2] / "schema"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with throwaway_cluster() as cluster:
        yield cluster.dsn()


def test_seed_whole_process_rows_per_second(benchmark: Any, server: str) -> None:
    made: list[str] = []
    results: list[dict[str, Any]] = []
    walls: list[float] = []

    def fresh_database() -> tuple[tuple[str], dict[str, Any]]:
        name = f"bench_seed_{secrets.token_hex(3)}"
        made.append(name)
        dsn = create_database(server, name)
        apply_schema(dsn, SCHEMA)
        return (dsn,), {}

    def seed(dsn: str) -> None:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "primedb", "-q", "seed", "--dsn", dsn, "--scale", SCALE,
             "--format", "json"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        walls.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout))

    try:
        benchmark.pedantic(seed, setup=fresh_database, rounds=3, iterations=1)
    finally:
        for name in made:
            drop_database(server, name)
    best = min(range(len(walls)), key=walls.__getitem__)
    report = results[best]
    benchmark.extra_info["scale"] = float(SCALE)
    benchmark.extra_info["rows"] = report["rows"]
    benchmark.extra_info["process_seconds"] = round(walls[best], 2)
    benchmark.extra_info["process_rows_per_second"] = round(report["rows"] / walls[best])
    benchmark.extra_info["seed_rows_per_second"] = report["rows_per_second"]
    benchmark.extra_info["phases"] = {p["phase"]: p["seconds"] for p in report["phases"]}
    benchmark.extra_info["copy_seconds"] = {t["table"]: t["seconds"] for t in report["tables"]}
    print(
        f"\nprimedb seed --scale {SCALE}: {report['rows']} rows, whole process "
        f"{walls[best]:.2f} s = {report['rows'] / walls[best]:,.0f} rows/s; phases "
        + ", ".join(f"{p['phase']} {p['seconds']:.2f}" for p in report["phases"])
    )
