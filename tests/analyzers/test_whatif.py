"""What-if costs with HypoPG and with real builds; generic plans of normalised statements."""

import psycopg
import pytest

from primedb.analyzers.advice.spec import IndexKey, IndexSpec
from primedb.analyzers.advice.whatif import BuiltWhatIf, CandidateFailed, HypoWhatIf, explain_plain
from primedb.analyzers.workload import Case
from primedb.analyzers.workload.cases import GENERIC
from primedb.sqlfiles import NamedQuery

from .conftest import index_names

INBOX = NamedQuery(
    name="inbox",
    sql="SELECT id FROM notifications WHERE user_id = %(user_id)s ORDER BY created_at DESC",
    doc="",
    params=("user_id",),
    source="test",
)
BY_USER = IndexSpec("public", "notifications", (IndexKey("user_id"), IndexKey("created_at", True)))
CASE = Case(INBOX, "heavy", {"user_id": 1})


def test_hypopg_makes_the_planner_use_an_index_that_does_not_exist(bare_dsn: str) -> None:
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        what_if = HypoWhatIf(conn)
        base = what_if.cost(CASE)
        index = what_if.add(BY_USER)
        with_index = what_if.cost(CASE)
        assert with_index.indexes & index.names and with_index.total < base.total
        assert index.size_bytes > 0
        what_if.remove(index)
        assert what_if.cost(CASE).total == base.total
        # Screening does the same server-side, in one round trip.
        screened = what_if.screen(BY_USER, [CASE])
        assert screened.used == {CASE.key}
        assert screened.costs[CASE.key] == pytest.approx(with_index.total)
        what_if.close()
    assert "notifications_user_id_created_at_idx" not in index_names(bare_dsn)


def test_a_refused_candidate_is_an_error_of_its_own(bare_dsn: str) -> None:
    bad = IndexSpec("public", "notifications", (IndexKey("no_such_column"),))
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        what_if = HypoWhatIf(conn)
        with pytest.raises(CandidateFailed, match="no_such_column"):
            what_if.screen(bad, [CASE])
        assert what_if.cost(CASE).total > 0  # the session still works
        what_if.close()


def test_real_builds_cost_the_same_way_and_leave_nothing(bare_dsn: str) -> None:
    with psycopg.connect(bare_dsn) as conn:
        what_if = BuiltWhatIf(conn)
        base = what_if.cost(CASE)
        screened = what_if.screen(BY_USER, [CASE])
        assert screened.used == {CASE.key} and screened.costs[CASE.key] < base.total
        assert screened.size_bytes > 0
        with pytest.raises(CandidateFailed):
            what_if.add(IndexSpec("public", "notifications", (IndexKey("nope"),)))
        assert what_if.cost(CASE).total == base.total  # a refused build lost nothing
        what_if.close()
    assert not {n for n in index_names(bare_dsn) if n.startswith("primedb_whatif")}


def test_a_normalised_statement_is_costed_with_its_generic_plan(bare_dsn: str) -> None:
    statement = NamedQuery(
        name="pgss",
        sql="SELECT id FROM notifications WHERE user_id = $1 AND created_at > $2",
        doc="",
        params=(),
        source="pg_stat_statements",
    )
    generic = Case(statement, GENERIC, None)
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        plan = explain_plain(conn, generic)
        assert plan.root.node_type == "Seq Scan" and not plan.analyzed
        assert "$1" in (plan.root.filter or "")  # a generic plan: the values stay parameters
        what_if = HypoWhatIf(conn)
        what_if.add(BY_USER)
        # Prepared again after the change: the generic plan sees the hypothetical index.
        assert what_if.cost(generic).indexes
        what_if.close()
        setting = conn.execute("SHOW plan_cache_mode").fetchone()
    assert setting == ("auto",)
