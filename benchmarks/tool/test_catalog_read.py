"""How long reading the catalog of the PrimeCloudProV2 schema takes (the diff's first step).

Run: `.venv/bin/pytest benchmarks/tool/test_catalog_read.py --benchmark-only`.
One read is 15 queries in one REPEATABLE READ snapshot, whatever the number of objects.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from primedb.catalog import dump_sql, read_catalog
from primedb.pg import scratch_database, throwaway_cluster
from primedb.schema import apply_schema

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@pytest.fixture(scope="module")
def prime_dsn() -> Iterator[str]:
    with throwaway_cluster() as cluster, scratch_database(cluster.dsn()) as dsn:
        apply_schema(dsn, SCHEMA_DIR)
        yield dsn


def test_read_catalog_new_connection(benchmark: Any, prime_dsn: str) -> None:
    catalog = benchmark.pedantic(read_catalog, args=(prime_dsn,), rounds=20, warmup_rounds=2)
    assert len(catalog.tables) == 16


def test_read_catalog_open_connection(benchmark: Any, prime_dsn: str) -> None:
    with psycopg.connect(prime_dsn) as conn:
        catalog = benchmark.pedantic(read_catalog, args=(conn,), rounds=20, warmup_rounds=2)
    assert len(catalog.constraints) > 90


def test_dump_sql(benchmark: Any, prime_dsn: str) -> None:
    catalog = read_catalog(prime_dsn)
    script = benchmark.pedantic(dump_sql, args=(catalog,), rounds=20, warmup_rounds=2)
    assert "CREATE TABLE public.accounts" in script
