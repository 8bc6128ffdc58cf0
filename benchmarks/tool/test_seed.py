"""`primedb seed --scale 1` against its limit, measured side by side in the same run.

The limit is the same rows COPYed into unconstrained copies of the tables (no
index, CHECK, trigger, foreign key or partitioning), with the seed's own
builders, encoder and binary `COPY ... FREEZE` (`plain_copy.py`): on one
connection in one transaction, as a plain load does, and on as many
connections as the seed uses. Each round runs, one after the other, both
plain loads and then `primedb seed` (interpreter start, imports, generation,
COPY, index and foreign-key rebuilds, ANALYZE), each as a new process on a
fresh database cloned from a template (set-up, not timed). The medians, their
spread, the per-round ratios (seed / plain) and the seed's phase breakdown
are printed and kept in the benchmark's extra_info; "checks" is what the
seed's COPY spends over the plain COPY of the same rows (CHECKs and triggers).

Run: `.venv/bin/pytest benchmarks/tool/test_seed.py --benchmark-only -s`
(`PRIMEDB_BENCH_SEED_SCALE=0.1` for a quicker look, `PRIMEDB_BENCH_ROUNDS`,
`PRIMEDB_BENCH_DSN` for a server of your own instead of a throwaway cluster).
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from primedb.pg import create_database, drop_database, throwaway_cluster, with_dbname
from primedb.schema import apply_schema
from primedb.seed.generate import default_connections

SCALE = os.environ.get("PRIMEDB_BENCH_SEED_SCALE", "1")
ROUNDS = int(os.environ.get("PRIMEDB_BENCH_ROUNDS", "5"))
HERE = Path(__file__).resolve().parent
SCHEMA = HERE.parents[1] / "schema"
PLAIN = HERE / "plain_copy.py"
CONNECTIONS = default_connections()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    own = os.environ.get("PRIMEDB_BENCH_DSN")
    if own:
        yield own
        return
    with throwaway_cluster() as cluster:
        yield cluster.dsn()


@pytest.fixture(scope="module")
def template(server: str) -> Iterator[str]:
    """A database with the schema and the unconstrained copies, cloned by every round."""
    name = f"bench_seed_tpl_{secrets.token_hex(3)}"
    dsn = create_database(server, name)
    try:
        apply_schema(dsn, SCHEMA)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute((HERE / "unconstrained_copies.sql").read_text())
        yield name
    finally:
        drop_database(server, name)


def _process(command: list[str]) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    return wall, json.loads(done.stdout)


def test_seed_against_plain_copy(benchmark: Any, server: str, template: str) -> None:
    made: list[str] = []
    plain: dict[int, list[tuple[float, dict[str, Any]]]] = {1: [], CONNECTIONS: []}
    seeds: list[tuple[float, dict[str, Any]]] = []

    def fresh() -> str:
        name = f"bench_seed_{secrets.token_hex(3)}"
        made.append(name)
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return with_dbname(server, name)

    def round_setup() -> tuple[tuple[str], dict[str, Any]]:
        for connections in plain:  # the limit, just before the seed
            command = [sys.executable, str(PLAIN), fresh(), "--scale", SCALE,
                       "--connections", str(connections)]  # fmt: skip
            plain[connections].append(_process(command))
        return (fresh(),), {}

    def seed(dsn: str) -> None:
        command = [sys.executable, "-m", "primedb", "-q", "seed", "--dsn", dsn, "--scale", SCALE,
                   "--format", "json"]  # fmt: skip
        seeds.append(_process(command))

    try:
        benchmark.pedantic(seed, setup=round_setup, rounds=ROUNDS, iterations=1)
    finally:
        for name in made:
            drop_database(server, name)
    figures = _figures(plain, seeds)
    benchmark.extra_info.update(figures)
    print("\n" + _text(figures))


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def _figures(
    plain: dict[int, list[tuple[float, dict[str, Any]]]], seeds: list[tuple[float, dict[str, Any]]]
) -> dict[str, Any]:
    rows = seeds[0][1]["rows"]
    walls = [w for w, _ in seeds]
    figures: dict[str, Any] = {
        "scale": float(SCALE),
        "rounds": len(seeds),
        "rows": rows,
        "seed_connections": seeds[0][1]["connections"],
        "seed_process_seconds": _spread(walls),
        "seed_rows_per_second": round(rows / statistics.median(walls)),
        "phases": {
            p["phase"]: {
                "seconds": _spread([r["phases"][i]["seconds"] for _, r in seeds]),
                "busy": _spread([r["phases"][i]["busy"] for _, r in seeds]),
            }
            for i, p in enumerate(seeds[0][1]["phases"])
        },
    }
    for connections, runs in plain.items():
        key = f"plain_copy_{connections}"
        figures[f"{key}_process_seconds"] = _spread([w for w, _ in runs])
        figures[f"{key}_rows_per_second"] = round(rows / statistics.median(w for w, _ in runs))
        figures[f"ratio_to_{key}"] = _spread(
            [s / p for (s, _), (p, _) in zip(seeds, runs, strict=True)]
        )
    # What the seed's COPY spends over the plain COPY of the same rows, on the same
    # number of connections: the CHECKs and triggers of every row.
    copy_busy = [next(p["busy"] for p in r["phases"] if p["phase"] == "copy") for _, r in seeds]
    plain_busy = [r["copy_busy"] for _, r in plain[CONNECTIONS]]
    figures["checks_busy"] = _spread([c - p for c, p in zip(copy_busy, plain_busy, strict=True)])
    figures["plain_copy_busy"] = _spread(plain_busy)
    return figures


def _text(f: dict[str, Any]) -> str:
    def m(spread: dict[str, float]) -> str:
        return f"{spread['median']:.2f} s ({spread['min']:.2f}-{spread['max']:.2f})"

    lines = [
        f"primedb seed --scale {f['scale']:g}: {f['rows']:,} rows, {f['rounds']} rounds, "
        "medians (min-max)",
        f"  seed, whole process ({f['seed_connections']} connections): "
        f"{m(f['seed_process_seconds'])}, {f['seed_rows_per_second']:,} rows/s",
    ]  # fmt: skip
    for key in (k for k in f if k.startswith("plain_copy_") and k.endswith("_process_seconds")):
        name = key.removesuffix("_process_seconds")
        connections = name.removeprefix("plain_copy_")
        ratio = f[f"ratio_to_{name}"]
        lines.append(
            f"  plain COPY on {connections} connection(s), whole process: {m(f[key])}, "
            f"{f[f'{name}_rows_per_second']:,} rows/s; seed / plain {ratio['median']:.2f}x "
            f"({ratio['min']:.2f}-{ratio['max']:.2f})"
        )
    lines.append("  seed phases (span; busy = backend seconds added up):")
    for phase, spread in f["phases"].items():
        lines.append(f"    {phase:13s} {m(spread['seconds'])}; busy {m(spread['busy'])}")
    lines.append(
        f"    of the copy: plain COPY busy {m(f['plain_copy_busy'])}, "
        f"checks and triggers {m(f['checks_busy'])}"
    )
    return "\n".join(lines)
