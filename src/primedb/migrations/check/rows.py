"""Rows for the stairway, and a fingerprint of every table's rows to see which survived.

The stairway runs each downgrade and upgrade on a database holding rows, so
a revision that cannot run on a non-empty table, or that loses rows it
should not touch, is caught in CI rather than in production. The rows come
from a `RowSource`; the default is `primedb seed` at a tiny scale (the
PrimeCloudProV2 data set, deterministic, about 5,600 rows at 0.001).

A fingerprint is a table's row count and an order-independent sum of the
hashes of its rows' text, read in one snapshot: equal fingerprints mean the
same rows (up to a hash collision), without copying them out.
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from psycopg import sql

from primedb.migrations.bookkeeping import is_bookkeeping
from primedb.pg.connect import connect
from primedb.seed import seed_database
from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["Fingerprint", "RowSource", "SeedRows", "fingerprints"]

# One statement, its table composed with psycopg.sql. The sum is numeric: no overflow.
ROW_FINGERPRINT = (
    "SELECT count(*) AS row_count, "
    "coalesce(sum(pg_catalog.hashtextextended(t::text, 0)), 0)::text AS row_hash "
    "FROM {table} AS t"
)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    rows: int
    digest: str


class RowSource(Protocol):
    """Fill the tables of the database at head; say what was loaded (raise PrimedbError if not)."""

    def __call__(self, dsn: str) -> str: ...


@dataclass(frozen=True, slots=True)
class SeedRows:
    """The PrimeCloudProV2 seed at a tiny scale."""

    scale: float = 0.001
    seed: int = 1

    def __call__(self, dsn: str) -> str:
        report = seed_database(dsn, scale=self.scale, seed=self.seed)
        total = sum(t.rows for t in report.tables)
        return (
            f"{total:,} rows in {len(report.tables)} tables "
            f"(primedb seed --scale {self.scale:g} --seed {self.seed})"
        )


@cache
def _queries() -> dict[str, NamedQuery]:
    return package_queries("primedb.migrations", check=False)


def fingerprints(dsn: str) -> dict[tuple[str, str], Fingerprint]:
    """(schema, table) -> fingerprint, for every table that is not a partition."""
    with connect(dsn, application_name="primedb check") as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        tables = conn.execute(_queries()["stairway_tables"].sql).fetchall()
        found: dict[tuple[str, str], Fingerprint] = {}
        for schema, table in tables:
            if is_bookkeeping(schema, table):
                continue  # alembic_version: where the database is, changed by every step
            query = sql.SQL(ROW_FINGERPRINT).format(table=sql.Identifier(schema, table))
            count, digest = conn.execute(query).fetchone() or (0, "0")
            found[(schema, table)] = Fingerprint(rows=int(count), digest=str(digest))
        conn.rollback()
    return found
