"""Workloads: pg_stat_statements' normalised statements, ad-hoc SQL, the whole canonical set."""

import psycopg
import pytest

from primedb.analyzers.advice.advisor import AdviseSettings, advise
from primedb.analyzers.advice.catalog import read_catalog
from primedb.analyzers.advice.spec import IndexKey, IndexSpec
from primedb.analyzers.advice.verify import VerifyMode
from primedb.analyzers.advice.writecost import updates_of, write_cost
from primedb.analyzers.workload import adhoc_query, named_cases, top_statements
from primedb.errors import UsageError
from primedb.queries import load_mutations, load_queries


def test_the_top_statements_of_pg_stat_statements_are_advised_by_generic_plans(
    bare_dsn: str,
) -> None:
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        for user in range(1, 30):
            conn.execute(
                f"SELECT id, title FROM notifications WHERE user_id = {user} "  # type: ignore[arg-type]
                "ORDER BY created_at DESC LIMIT 10"
            ).fetchall()
        conn.execute("UPDATE products SET name = name WHERE id = 1")  # writes are left out
        # Normalised to `interval $1`, which cannot be prepared again: left out too.
        conn.execute("SELECT count(*) FROM users WHERE created_at > now() - interval '1 day'")
        cases = top_statements(conn, 5)
        assert conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone() == (0,)
    inbox = [c for c in cases if "FROM notifications" in c.query.sql]
    assert len(inbox) == 1 and inbox[0].generic and inbox[0].sample == "generic"
    assert "$1" in inbox[0].query.sql and not any("UPDATE" in c.query.sql for c in cases)
    assert not any("interval" in c.query.sql for c in cases)
    assert sum(c.weight for c in cases) == pytest.approx(1.0)
    report = advise(bare_dsn, inbox, settings=AdviseSettings(verify=VerifyMode.COPY, runs=1))
    (index,) = report.indexes
    assert index.spec.table == "notifications" and index.spec.keys[0] == IndexKey("user_id")
    assert index.verified
    (served,) = index.served
    assert served.sample == "generic" and served.after.buffers is None  # costs, not runs
    assert served.after.cost < served.before.cost


def test_an_adhoc_statement_needs_its_values_written_in() -> None:
    assert adhoc_query("SELECT 1").name == "sql"
    with pytest.raises(UsageError, match="placeholders"):
        adhoc_query("SELECT * FROM users WHERE id = %(id)s")


def test_write_cost_names_the_updates_an_index_makes_non_hot(bare_dsn: str) -> None:
    with psycopg.connect(bare_dsn) as conn:
        catalog = read_catalog(conn)
    table = catalog.table("notifications")
    assert table is not None
    updates = updates_of(load_mutations().values())
    on_read = IndexSpec("public", "notifications", (IndexKey("user_id"), IndexKey("read")))
    cost = write_cost(on_read, table, catalog, updates)
    assert set(cost.breaks_hot) == {
        u.name for u in updates if u.table == "notifications" and "read" in u.columns
    }
    assert cost.breaks_hot and 16 <= cost.entry_bytes < table.row_width
    on_user = IndexSpec("public", "notifications", (IndexKey("user_id"),))
    assert write_cost(on_user, table, catalog, updates).breaks_hot == ()
    # updated_at is stamped by a trigger on every update of buckets.
    buckets = catalog.table("buckets")
    assert buckets is not None
    stamped = IndexSpec("public", "buckets", (IndexKey("updated_at"),))
    assert write_cost(stamped, buckets, catalog, updates).breaks_hot


def test_the_canonical_workload_gets_no_redundant_advice(bare_dsn: str) -> None:
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        cases = named_cases(conn, load_queries().values())
        catalog = read_catalog(conn)
    report = advise(
        bare_dsn,
        cases,
        mutations=list(load_mutations().values()),
        settings=AdviseSettings(verify=VerifyMode.COPY, runs=1),
    )
    assert report.indexes and all(i.verified for i in report.indexes)
    specs = [i.spec for i in report.indexes]
    existing = [i.spec for i in catalog.indexes]
    for spec in specs:
        others = [s for s in specs if s is not spec] + existing
        assert not any(spec.prefix_of(other) for other in others), spec
        assert not any(e.covers(spec, len(spec.keys)) for e in existing), spec
    assert report.candidates > len(report.indexes) and report.screened_per_second > 0
    names = {s.name for i in report.indexes for s in i.served}
    assert {"notifications_unread_first", "notifications_unread_count"} <= names
