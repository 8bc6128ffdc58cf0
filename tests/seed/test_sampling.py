"""Every canonical query runs unattended on seeded data, with its sampled parameters."""

import secrets
from collections.abc import Iterator

import psycopg
import pytest

from primedb.errors import BadInput, UsageError
from primedb.pg import create_database, drop_database
from primedb.queries import load_queries
from primedb.sampling import run_query, run_sampled, sample_parameters
from primedb.sqlfiles import NamedQuery

QUERIES = load_queries()


@pytest.fixture(scope="module")
def conn(server_dsn: str, seeded_template: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """One seeded clone for the module: the tests only read."""
    name = f"t_sampling_{secrets.token_hex(4)}"
    drop_database(server_dsn, name)
    clone = create_database(server_dsn, name, template=seeded_template, file_copy=True)
    with psycopg.connect(clone, autocommit=True) as c:
        yield c
    drop_database(server_dsn, name)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_returns_rows_for_its_heavy_and_typical_parameters(
    conn: psycopg.Connection[tuple[object, ...]], name: str
) -> None:
    query = QUERIES[name]
    sets = sample_parameters(conn, query)
    assert len(sets) >= 2, f"{name}: a heavy and a typical parameter set"
    for params in sets:
        assert set(params) == set(query.params)
        run = run_query(conn, query, params)
        assert run.rows > 0, f"{name} returned no rows for {params}"
        assert run.execution_ms > 0 and run.planning_ms > 0
        assert run.shared_hit + run.shared_read > 0


def test_reported_rows_are_the_rows_the_query_returns(
    conn: psycopg.Connection[tuple[object, ...]],
) -> None:
    query = QUERIES["audit_logs_first_page"]
    for params in sample_parameters(conn, query):
        fetched = conn.execute(query.sql, params).fetchall()  # type: ignore[call-overload]
        assert run_query(conn, query, params).rows == len(fetched)


def test_run_sampled_runs_each_query_once_per_parameter_set(
    conn: psycopg.Connection[tuple[object, ...]],
) -> None:
    chosen = [QUERIES["access_key_lookup"], QUERIES["members_of_account"]]
    runs = run_sampled(conn, chosen)
    assert [r.name for r in runs] == [q.name for q in chosen for _ in sample_parameters(conn, q)]
    assert all(r.server_ms == r.planning_ms + r.execution_ms for r in runs)
    assert runs[0].as_dict()["rows"] == 1


def test_a_sample_without_rows_says_to_seed_first(schema_dsn: str) -> None:
    with (
        psycopg.connect(schema_dsn) as empty,
        pytest.raises(UsageError, match=r"returned no rows.*primedb seed"),
    ):
        sample_parameters(empty, QUERIES["accounts_for_user"])


def test_a_sample_lacking_a_parameter_names_it(
    conn: psycopg.Connection[tuple[object, ...]],
) -> None:
    query = NamedQuery(
        name="by_account",
        sql="SELECT 1 FROM accounts WHERE id = %(account_id)s AND status = %(status)s",
        doc="",
        params=("account_id", "status"),
        source="q.sql:3",
        sample="SELECT id AS account_id FROM accounts LIMIT 1",
    )
    with pytest.raises(BadInput, match=r"q\.sql:3.*lacks the parameter status"):
        sample_parameters(conn, query)


def test_running_without_a_parameter_is_refused(
    conn: psycopg.Connection[tuple[object, ...]],
) -> None:
    with pytest.raises(UsageError, match="needs the parameter account_id"):
        run_query(conn, QUERIES["account_by_id"], {})
