"""The benchmarks' own SQL (`sql/bench.sql`), loaded and checked on first use."""

import functools
from typing import Any

import psycopg
from psycopg.rows import dict_row

from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["bench_rows"]


@functools.cache
def _queries() -> dict[str, NamedQuery]:
    return package_queries("primedb.bench")


def bench_rows(conn: psycopg.Connection[Any], name: str, **params: object) -> list[dict[str, Any]]:
    """Every row of the named query, as dicts."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(_queries()[name].sql, params)
        return cur.fetchall()
