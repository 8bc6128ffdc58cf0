"""The limit the seed's benchmark measures it against loads the same rows, into copies without
any constraint: otherwise the ratio would compare different work."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from primedb.seed import plan, seed_database
from primedb.seed.world import Sizes, make_world

TOOL = Path(__file__).resolve().parents[2] / "benchmarks" / "tool"
AS_OF = date(2026, 3, 15)
CHECKSUM = "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} AS t"
# Anything that checks or indexes a row, on the copies.
CONSTRAINED = """
SELECT (SELECT count(*) FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n
        ON n.oid = c.connamespace WHERE n.nspname = 'plain' AND c.contype <> 'n'),
       (SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class r
        ON r.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = 'plain'),
       (SELECT count(*) FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class r
        ON r.oid = g.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = 'plain'),
       (SELECT count(*) FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n
        ON n.oid = r.relnamespace WHERE n.nspname = 'plain' AND r.relkind = 'p')
"""


@pytest.mark.parametrize("connections", [1, 2])
def test_the_plain_copy_loads_the_rows_the_seed_loads(schema_dsn: str, connections: int) -> None:
    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        conn.execute((TOOL / "unconstrained_copies.sql").read_text())
        assert conn.execute(CONSTRAINED).fetchone() == (0, 0, 0, 0)
    command = [sys.executable, str(TOOL / "plain_copy.py"), schema_dsn, "--scale", "0.01",
               "--as-of", AS_OF.isoformat(), "--connections", str(connections)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    seed_database(schema_dsn, scale=0.01, as_of=AS_OF, connections=1)
    names = [t.name for t in plan(make_world(Sizes.at(0.01), 1, AS_OF))]
    with psycopg.connect(schema_dsn) as conn:
        for name in names:
            seeded, plain = (
                conn.execute(
                    sql.SQL(CHECKSUM).format(table=sql.Identifier(schema, name))
                ).fetchone()
                for schema in ("public", "plain")
            )
            assert seeded == plain, name
            assert seeded is not None and seeded[0] > 0, name
