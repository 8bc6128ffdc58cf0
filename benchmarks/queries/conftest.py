"""The database the query suite measures: the embedded default, built once per session.

Exactly what `primedb bench` builds without a DSN: a throwaway cluster, a
database migrated to head, seeded at `--scale`/`--seed`/`--as-of`, VACUUMed
(FREEZE); one connection with the benchmark session's settings. The
conditions it reads go into the JSON pytest-benchmark saves
(`machine_info["primedb"]`), so that file is a baseline `primedb bench
--compare` accepts.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from primedb.bench import (
    Case,
    DataSpec,
    bench_cases,
    prepare_session,
    read_conditions,
    settle,
)
from primedb.bench.baseline import primedb_info
from primedb.bench.conditions import Conditions
from primedb.pg import connect, throwaway_cluster
from primedb.queries import load_queries
from primedb.sandbox import build_sandbox

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10  # recorded rounds per case, as `primedb bench` records by default
WARMUP = 1  # dropped first: the backend's catalog caches fill on it
CONDITIONS = pytest.StashKey[Conditions]()


@dataclass(frozen=True, slots=True)
class Target:
    conn: psycopg.Connection[Any]
    cases: dict[tuple[str, str], Case]
    rounds: int = ROUNDS
    warmup: int = WARMUP


def _data(config: pytest.Config) -> DataSpec:
    as_of = config.getoption("--as-of")
    month = (
        dt.datetime.strptime(as_of, "%Y-%m").date()
        if as_of
        else dt.datetime.now(dt.UTC).date().replace(day=1)
    )
    return DataSpec(
        scale=float(config.getoption("--scale")), seed=int(config.getoption("--seed")), as_of=month
    )


@pytest.fixture(scope="session")
def bench_target(request: pytest.FixtureRequest) -> Iterator[Target]:
    data = _data(request.config)
    with throwaway_cluster() as cluster:
        box = build_sandbox(
            cluster.dsn(),
            migrations_dir=ROOT / "migrations",
            scale=data.scale,
            seed=data.seed or 1,
            as_of=data.as_of,
        )
        settle(box.dsn)
        with connect(box.dsn, autocommit=True) as conn:
            prepare_session(conn)
            request.config.stash[CONDITIONS] = read_conditions(conn, box.dsn, data)
            cases = bench_cases(conn, load_queries(ROOT / "queries").values())
            yield Target(conn, {c.key: c for c in cases})


def pytest_benchmark_update_machine_info(
    config: pytest.Config, machine_info: dict[str, Any]
) -> None:
    conditions = config.stash.get(CONDITIONS, None)
    if conditions is not None:
        machine_info["primedb"] = primedb_info(conditions, rounds=ROUNDS, warmup=WARMUP)
