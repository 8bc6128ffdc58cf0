"""The database the advisor is measured from: only the indexes its constraints need.

Every index that backs no PRIMARY KEY, UNIQUE or EXCLUDE constraint and is
not unique itself (a unique index is a rule, whatever its form) is dropped,
so what is left is what the schema cannot do without. Tests and benchmarks
build this on a copy and let `advise` find the rest.
"""

from typing import Any

import psycopg
from psycopg import sql

from primedb.analyzers.advice.catalog import read_catalog

__all__ = ["drop_optional_indexes"]

DROP = "DROP INDEX {schema}.{name}"


def drop_optional_indexes(conn: psycopg.Connection[Any]) -> tuple[str, ...]:
    """Drop every index no constraint needs (in the current transaction); their names."""
    dropped = []
    for index in read_catalog(conn).indexes:
        if index.constraint is None and not index.spec.unique:
            conn.execute(
                sql.SQL(DROP).format(
                    schema=sql.Identifier(index.spec.schema), name=sql.Identifier(index.name)
                )
            )
            dropped.append(index.name)
    return tuple(dropped)
