"""`primedb schema diff` against migra, whole process each, on the same two databases.

Run: `.venv/bin/pytest benchmarks/tool/test_diff_vs_migra.py --benchmark-only`.

The pair is an empty database and one holding the PrimeCloudProV2 schema
(`schema/` applied), on one throwaway cluster; each round starts the command
as a user would (a new process: interpreter start, imports, connections,
catalog reads, the diff, the SQL on stdout), in both directions. Both tools
get DSNs, so neither needs a scratch database.

migra (PyPI `migra`, with `schemainspect` and `sqlbag`) needs SQLAlchemy 1.4
and psycopg2, while the project runs SQLAlchemy 2 (Alembic) and psycopg 3,
so it lives in a venv of its own, `.venv-migra` at the repository root,
which this module creates on first use with pinned versions:

    python3 -m venv .venv-migra
    .venv-migra/bin/pip install migra==3.0.1663481299 schemainspect==3.1.1663587362 \\
        sqlbag==0.1.1617247075 sqlalchemy==1.4.54 psycopg2-binary==2.9.10

migra runs with `--unsafe` (it refuses to print drops otherwise) and exits 2
when there are differences; primedb exits 1.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg.conninfo
import pytest

from primedb.pg import scratch_database, throwaway_cluster
from primedb.schema import apply_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"
PRIMEDB = Path(sys.executable).parent / "primedb"
MIGRA_VENV = ROOT / ".venv-migra"
MIGRA_PINS = (
    "migra==3.0.1663481299",
    "schemainspect==3.1.1663587362",
    "sqlbag==0.1.1617247075",
    "sqlalchemy==1.4.54",
    "psycopg2-binary==2.9.10",
)
ROUNDS = 10


@pytest.fixture(scope="module")
def migra() -> Path:
    """The migra executable of `.venv-migra`, made on first use."""
    exe = MIGRA_VENV / "bin" / "migra"
    if not exe.exists():
        subprocess.run(["python3", "-m", "venv", str(MIGRA_VENV)], check=True)
        pip = MIGRA_VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "--quiet", *MIGRA_PINS], check=True)
    return exe


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[str, str]]:
    """(empty, prime): DSNs of an empty database and one with the PrimeCloudProV2 schema."""
    with (
        throwaway_cluster() as cluster,
        scratch_database(cluster.dsn(), prefix="bench_empty") as empty,
        scratch_database(cluster.dsn(), prefix="bench_prime") as prime,
    ):
        apply_schema(prime, SCHEMA_DIR)
        yield empty, prime


def url(dsn: str) -> str:
    """A `postgresql://` URL, the form SQLAlchemy (migra) takes."""
    p = psycopg.conninfo.conninfo_to_dict(dsn)
    return f"postgresql://{p['user']}@{p['host']}:{p['port']}/{p['dbname']}"


def _primedb(source: str, target: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PRIMEDB_DSN": "", "DATABASE_URL": ""}
    return subprocess.run(
        [str(PRIMEDB), "-q", "schema", "diff", "--from", source, "--to", target],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _migra(exe: Path, source: str, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), "--unsafe", url(source), url(target)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.benchmark(group="schema diff: empty -> PrimeCloudProV2 (whole process)")
def test_primedb_empty_to_prime(benchmark: Any, pair: tuple[str, str]) -> None:
    empty, prime = pair
    done = benchmark.pedantic(_primedb, args=(empty, prime), rounds=ROUNDS, warmup_rounds=1)
    assert done.returncode == 1, done.stderr
    assert "CREATE TABLE public.accounts" in done.stdout


@pytest.mark.benchmark(group="schema diff: empty -> PrimeCloudProV2 (whole process)")
def test_migra_empty_to_prime(benchmark: Any, pair: tuple[str, str], migra: Path) -> None:
    empty, prime = pair
    done = benchmark.pedantic(_migra, args=(migra, empty, prime), rounds=ROUNDS, warmup_rounds=1)
    assert done.returncode == 2, done.stderr
    assert 'create table "public"."accounts"' in done.stdout


@pytest.mark.benchmark(group="schema diff: PrimeCloudProV2 -> empty (whole process)")
def test_primedb_prime_to_empty(benchmark: Any, pair: tuple[str, str]) -> None:
    empty, prime = pair
    done = benchmark.pedantic(_primedb, args=(prime, empty), rounds=ROUNDS, warmup_rounds=1)
    assert done.returncode == 1, done.stderr
    assert "DROP TABLE public.accounts" in done.stdout


@pytest.mark.benchmark(group="schema diff: PrimeCloudProV2 -> empty (whole process)")
def test_migra_prime_to_empty(benchmark: Any, pair: tuple[str, str], migra: Path) -> None:
    empty, prime = pair
    done = benchmark.pedantic(_migra, args=(migra, prime, empty), rounds=ROUNDS, warmup_rounds=1)
    assert done.returncode == 2, done.stderr
    assert 'drop table "public"."accounts"' in done.stdout
