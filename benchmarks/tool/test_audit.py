"""How long `primedb audit` takes: on the seeded PrimeCloudProV2 database, and on 2,000 tables.

Two databases on one throwaway cluster:

- the embedded default as `primedb demo` builds it (migrated to head, seeded at
  `PRIMEDB_BENCH_AUDIT_SCALE`, 0.01 by default), with its statistics judged at once
  (`min_statistics_age` 0), so every check runs;
- a generated schema of 2,000 tables with 5 indexes each (a primary key, a
  foreign key to the previous table with its index, two more indexes, one of them
  a duplicate, so the redundancy checks have work), 10,000 indexes in all, analyzed.

Each round is one `run_checks` on a new connection, every check of the catalog;
the library call, not the process (interpreter start and imports add about 0.5 s
of CPU). On a shared machine the wall time follows the load; the server
backend's CPU seconds (extra_info `server_cpu_s`, read from /proc) do not. The
target for the 2,000 tables is under 5 s on 2 cores.

Run: `.venv/bin/pytest benchmarks/test_audit.py --benchmark-only`
"""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from primedb.analyzers.audit import AuditSettings, default_checks, run_checks
from primedb.pg import create_database, throwaway_cluster
from primedb.sandbox import build_sandbox

SCALE = float(os.environ.get("PRIMEDB_BENCH_AUDIT_SCALE", "0.01"))
TABLES = 2_000
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
JUDGE_NOW = AuditSettings(min_statistics_age_s=0)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with throwaway_cluster() as cluster:
        yield cluster.dsn()


def _table(i: int) -> str:
    """One generated table: 5 indexes (pkey, the foreign key's, two more, one duplicate)."""
    parent = f"REFERENCES gen.t{i - 1}" if i else ""
    return f"""
        CREATE TABLE gen.t{i} (
            id bigint PRIMARY KEY, parent_id bigint {parent}, account_id bigint NOT NULL,
            name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), doc jsonb
        );
        CREATE INDEX t{i}_parent_id_idx ON gen.t{i} (parent_id);
        CREATE INDEX t{i}_account_created_idx ON gen.t{i} (account_id, created_at);
        CREATE INDEX t{i}_name_idx ON gen.t{i} (name);
        CREATE INDEX t{i}_name_dup ON gen.t{i} (name);
        COMMENT ON TABLE gen.t{i} IS 'generated table {i}';
    """


@pytest.fixture(scope="module")
def generated(server: str) -> str:
    dsn = create_database(server, f"gen_{secrets.token_hex(3)}")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA gen")
        for start in range(0, TABLES, 100):
            with conn.transaction():
                conn.execute("".join(_table(i) for i in range(start, start + 100)))
        conn.execute("ANALYZE")
        indexes = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_index AS i JOIN pg_catalog.pg_class AS c "
            "ON c.oid = i.indrelid WHERE c.relnamespace = 'gen'::regnamespace"
        ).fetchone()
    assert indexes == (TABLES * 5,)
    return dsn


@pytest.fixture(scope="module")
def seeded(server: str) -> str:
    box = build_sandbox(
        server, migrations_dir=MIGRATIONS, database="bench_audit", scale=SCALE, seed=1
    )
    return box.dsn


_CPU: list[float] = []  # the server backend's CPU seconds of each round


def _backend_cpu(pid: int) -> float:
    """User + system CPU seconds of a server process (/proc, when the server is on this host)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _audit(dsn: str) -> Any:
    with psycopg.connect(dsn) as conn:
        pid = conn.info.backend_pid
        before = _backend_cpu(pid)
        result = run_checks(conn, settings=JUDGE_NOW)
        _CPU.append(_backend_cpu(pid) - before)
        return result


def test_audit_seeded_primecloud(benchmark: Any, seeded: str) -> None:
    default_checks()  # loading and parsing the catalog once is not the audit's time
    result = benchmark.pedantic(_audit, args=(seeded,), rounds=5, warmup_rounds=1)
    benchmark.extra_info["server_cpu_s"] = sorted(_CPU)[len(_CPU) // 2]
    _CPU.clear()
    benchmark.extra_info["scale"] = SCALE
    benchmark.extra_info["checks_run"] = len(result.checks_run)
    benchmark.extra_info["findings"] = len(result.findings)
    assert len(result.checks_run) == len(default_checks())


def test_audit_2000_tables_5_indexes_each(benchmark: Any, generated: str) -> None:
    default_checks()
    result = benchmark.pedantic(_audit, args=(generated,), rounds=3, warmup_rounds=1)
    benchmark.extra_info["server_cpu_s"] = sorted(_CPU)[len(_CPU) // 2]
    _CPU.clear()
    slowest = sorted(result.timings_ms.items(), key=lambda kv: -kv[1])[:5]
    benchmark.extra_info["slowest_checks_ms"] = dict(slowest)
    benchmark.extra_info["findings"] = len(result.findings)
    # Every table carries one duplicated index; the first table's key has no index.
    assert len(result.of("duplicated_indexes")) == TABLES
    assert result.of("foreign_keys_without_index") == ()
