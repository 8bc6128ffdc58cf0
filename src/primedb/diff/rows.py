"""Row estimates of a live database's tables, so hazards that need rows are honest.

A statement that rewrites, scans or locks a table matters only when the
table has rows. The catalog model holds no data, so the estimates come from
the planner's statistics (`reltuples`) of the database the plan starts from;
a table without statistics is left out, and the diff assumes it has rows.
"""

from functools import cache
from typing import Any

import psycopg

from primedb.catalog.kinds import Key, ObjectKind
from primedb.pg.connect import connect
from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["table_rows"]


@cache
def _queries() -> dict[str, NamedQuery]:
    # Parsed by the test suite (tests/catalog/test_packaged_queries.py), not at each start.
    return package_queries("primedb.diff", check=False)


def table_rows(source: str | psycopg.Connection[Any]) -> dict[Key, int]:
    """`{(ObjectKind.TABLE, schema, name): estimated rows}` for the tables with statistics."""
    query = _queries()["table_rows"].sql
    if isinstance(source, str):
        with connect(source) as conn:
            rows = conn.execute(query).fetchall()
    else:
        rows = source.execute(query).fetchall()
    return {(ObjectKind.TABLE, schema, name): int(estimate) for schema, name, estimate in rows}
