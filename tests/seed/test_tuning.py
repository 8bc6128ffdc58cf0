"""The settings of an index build's or a foreign key's transaction: parallel workers only on
the cores the seed leaves idle, never more than the server allows, and nothing left behind."""

from typing import Any

import psycopg
import pytest

from primedb.seed.tuning import tune_index_builds, tune_queries


def _settings(conn: psycopg.Connection[Any], *names: str) -> list[str]:
    query = "SELECT current_setting(%s)"
    return [str(conn.execute(query, [n]).fetchone()[0]) for n in names]  # type: ignore[index]


MAINTENANCE = ("max_parallel_maintenance_workers", "maintenance_work_mem")


@pytest.mark.parametrize(("idle", "workers"), [(0, "0"), (1, "1"), (5, "2")])
def test_an_index_build_gets_workers_on_idle_cores_only(dsn: str, idle: int, workers: str) -> None:
    with psycopg.connect(
        dsn, options="-c max_parallel_maintenance_workers=2", autocommit=True
    ) as conn:
        before = _settings(conn, *MAINTENANCE, "min_parallel_table_scan_size")
        with conn.transaction():
            tune_index_builds(conn, idle)
            got, memory, scan = _settings(conn, *MAINTENANCE, "min_parallel_table_scan_size")
            assert got == workers  # the server's 2 at most
            assert memory == "256MB"
            assert scan == ("1MB" if idle else before[2])  # a monthly partition is big enough
        # SET LOCAL: gone with the transaction.
        assert _settings(conn, *MAINTENANCE, "min_parallel_table_scan_size") == before


def test_more_memory_than_the_seed_asks_for_is_kept(dsn: str) -> None:
    with (
        psycopg.connect(dsn, options="-c maintenance_work_mem=1GB", autocommit=True) as conn,
        conn.transaction(),
    ):
        tune_index_builds(conn, 0)
        assert _settings(conn, "maintenance_work_mem") == ["1GB"]


def test_a_server_without_parallel_maintenance_gets_none(dsn: str) -> None:
    options = "-c max_parallel_maintenance_workers=0"
    with psycopg.connect(dsn, options=options, autocommit=True) as conn, conn.transaction():
        tune_index_builds(conn, 3)
        assert _settings(conn, "max_parallel_maintenance_workers") == ["0"]


@pytest.mark.parametrize(("idle", "workers"), [(0, "0"), (1, "1"), (5, "2")])
def test_a_foreign_key_check_gets_workers_on_idle_cores_only(
    dsn: str, idle: int, workers: str
) -> None:
    with psycopg.connect(
        dsn, options="-c max_parallel_workers_per_gather=2", autocommit=True
    ) as conn:
        with conn.transaction():
            tune_queries(conn, idle)
            assert _settings(conn, "max_parallel_workers_per_gather") == [workers]
        assert _settings(conn, "max_parallel_workers_per_gather") == ["2"]
