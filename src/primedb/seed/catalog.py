"""The seed's catalog queries (`sql/catalog.sql`), loaded and checked on first use."""

import functools
from typing import Any

import psycopg
from psycopg.rows import dict_row

from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["query", "rows"]


@functools.cache
def _queries() -> dict[str, NamedQuery]:
    return package_queries("primedb.seed")


def query(name: str) -> str:
    return _queries()[name].sql


def rows(conn: psycopg.Connection[Any], name: str, **params: object) -> list[dict[str, Any]]:
    """Every row of the named query, as dicts."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query(name), params)
        return cur.fetchall()
