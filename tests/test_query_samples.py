"""Every canonical query's sample keeps the rule of `primedb.queries`: heavy, then typical.

On the seeded database of the tests (scale 0.01), or on the one PRIMEDB_SAMPLES_DSN
names (a scale-1 database, say; it is only read), for each query of `queries/*.sql`:

- its sample returns two parameter sets, heavy then typical;
- the sample's `weights` (one row per entity with the rows the query reads for it)
  hold the heavy set as the heaviest entity and the typical set as the median one,
  ties broken by the entity's key; the typical entity is not in the top 10%;
- run without its LIMIT, the query reads at least as many rows for the heavy set as
  for the typical one (`QueryRun.rows_read`, measured by EXPLAIN ANALYZE).
"""

import math
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import psycopg
import pytest
import sqlglot
from psycopg.rows import dict_row
from sqlglot import expressions as exp

from primedb.pg import create_database, drop_database
from primedb.queries import load_queries
from primedb.sampling import run_query, sample_parameters
from primedb.sqlfiles import NamedQuery

QUERIES = load_queries()
# The queries without an entity, whose comment says what heavy and typical mean.
NO_ENTITY = {"pending_quota_requests"}
_LIMIT = re.compile(r"\s+LIMIT\s+%\(\w+\)s\s*;?\s*$", re.IGNORECASE)

Conn = psycopg.Connection[Any]


@pytest.fixture(scope="module")
def conn(request: pytest.FixtureRequest) -> Iterator[Conn]:
    """A read-only session on PRIMEDB_SAMPLES_DSN, else on one clone of the seeded template."""
    if dsn := os.environ.get("PRIMEDB_SAMPLES_DSN"):
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("SET default_transaction_read_only = on")
            yield c
        return
    server_dsn: str = request.getfixturevalue("server_dsn")
    template: str = request.getfixturevalue("seeded_template")
    name = f"t_samples_{secrets.token_hex(4)}"
    clone = create_database(server_dsn, name, template=template, file_copy=True)
    try:
        with psycopg.connect(clone, autocommit=True) as c:
            c.execute("SET default_transaction_read_only = on")
            yield c
    finally:
        drop_database(server_dsn, name)


def _weights_sql(sample: str) -> str | None:
    """`SELECT * FROM weights` under the sample's own WITH, or None when it has no weights."""
    tree = sqlglot.parse_one(sample, read="postgres")
    ctes = tree.args.get("with_")
    if ctes is None or "weights" not in {cte.alias for cte in ctes.expressions}:
        return None
    probe = exp.select("*").from_("weights")
    probe.set("with_", ctes.copy())
    return probe.sql(dialect="postgres")


def _sample_rows(conn: Conn, query: NamedQuery) -> list[dict[str, Any]]:
    assert query.sample is not None
    return conn.cursor(row_factory=dict_row).execute(query.sample).fetchall()


def test_the_queries_without_weights_are_the_ones_without_an_entity() -> None:
    unweighed = {n for n, q in QUERIES.items() if _weights_sql(q.sample or "") is None}
    assert unweighed == NO_ENTITY


@pytest.mark.parametrize("name", sorted(set(QUERIES) - NO_ENTITY))
def test_heavy_is_the_heaviest_entity_and_typical_the_median(conn: Conn, name: str) -> None:
    query = QUERIES[name]
    weights_sql = _weights_sql(query.sample or "")
    assert weights_sql is not None
    weights = conn.cursor(row_factory=dict_row).execute(weights_sql).fetchall()
    keys = [k for k in weights[0] if k != "rows"]
    assert all(w["rows"] >= 1 for w in weights), f"{name}: an entity with no rows is weighed"
    assert len({tuple(w[k] for k in keys) for w in weights}) == len(weights), "keys repeat"
    ranked = sorted(weights, key=lambda w: (w["rows"], *(w[k] for k in keys)))
    heaviest = min(weights, key=lambda w: (-w["rows"], *(w[k] for k in keys)))
    median = ranked[(len(ranked) - 1) // 2]
    picked = _sample_rows(conn, query)
    shown = [k for k in keys if k in picked[0]]
    assert shown, f"{name}: the sample returns none of the weights' keys {keys}"
    assert [{k: row[k] for k in [*shown, "rows"]} for row in picked] == [
        {k: w[k] for k in [*shown, "rows"]} for w in (heaviest, median)
    ]
    top_decile = ranked[math.ceil(0.9 * len(ranked)) - 1]["rows"]
    assert median["rows"] <= top_decile


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_heavy_set_reads_at_least_as_many_rows_as_the_typical(conn: Conn, name: str) -> None:
    query = QUERIES[name]
    sets = sample_parameters(conn, query)
    assert len(sets) == 2, f"{name}: a heavy and a typical parameter set"
    # Without its LIMIT, the query reads all the entity's rows, as its weight counts them.
    unlimited = replace(query, sql=_LIMIT.sub("", query.sql))
    heavy, typical = (run_query(conn, unlimited, params).rows_read for params in sets)
    assert heavy >= typical > 0, f"{name}: heavy {sets[0]} reads {heavy}, typical {typical}"


def test_rows_read_counts_the_rows_the_scans_produce(conn: Conn) -> None:
    query = QUERIES["access_keys_for_account"]
    (account_id, keys) = conn.execute(
        "SELECT account_id, count(*) FROM access_keys GROUP BY account_id "
        "ORDER BY count(*) DESC, account_id LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    run = run_query(conn, query, {"account_id": account_id})
    assert run.rows == run.rows_read == keys  # one table: the rows it read are those it returns


def test_a_trailing_limit_is_what_gets_dropped() -> None:
    limited = [n for n, q in QUERIES.items() if re.search(r"\bLIMIT\b", q.sql, re.IGNORECASE)]
    assert limited and all(_LIMIT.search(QUERIES[n].sql) for n in limited)
