"""Verification by real builds, where it may run, and advice without HypoPG."""

import psycopg
import pytest
from psycopg import sql

from primedb.analyzers.advice.advisor import AdviseSettings, advise
from primedb.analyzers.advice.modes import verify_mode
from primedb.analyzers.advice.spec import IndexKey, IndexSpec
from primedb.analyzers.advice.verify import (
    CaseCheck,
    Figures,
    VerifyMode,
    verify_indexes,
    why_not_kept,
)
from primedb.analyzers.plans import read_plan
from primedb.analyzers.workload import Case, named_cases
from primedb.errors import UsageError
from primedb.queries import load_queries
from primedb.sqlfiles import NamedQuery

from .conftest import index_names, run_sql


def cases_of(dsn: str, *names: str) -> list:  # type: ignore[type-arg]
    queries = load_queries()
    with psycopg.connect(dsn, autocommit=True) as conn:
        return named_cases(conn, [queries[n] for n in names])


def test_an_index_that_helps_is_kept_one_that_does_not_is_rejected(bare_dsn: str) -> None:
    cases = cases_of(bare_dsn, "notifications_unread_first")
    helpful = IndexSpec(
        "public",
        "notifications",
        (IndexKey("user_id"), IndexKey("read"), IndexKey("created_at", True), IndexKey("id", True)),
    )
    useless = IndexSpec("public", "notifications", (IndexKey("title"),))
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        built = verify_indexes(conn, [("good_idx", helpful), ("title_idx", useless)], cases, runs=1)
    good, bad = built
    assert good.verified and good.why is None and good.size_bytes > 0
    assert [c.case.sample for c in good.checks] == ["heavy", "typical"]
    assert all(c.same_rows and "good_idx" in c.after.plan.indexes_used() for c in good.checks)
    assert not bad.verified and bad.why == "built for real, the planner did not use it"
    assert not {"good_idx", "title_idx"} & index_names(bare_dsn)  # rolled back


def _check(sample: str, before: int, after: int, same_rows: bool = True) -> CaseCheck:
    plan = read_plan({"Plan": {"Node Type": "Index Scan", "Index Name": "i", "Total Cost": 1}})
    query = NamedQuery(name="q", sql="SELECT 1", doc="", params=(), source="test")
    return CaseCheck(
        Case(query, sample, {}),
        Figures(1.0, plan, 1.0, before, 1),
        Figures(1.0, plan, 1.0, after, 1),
        same_rows,
    )


@pytest.mark.parametrize(
    ("checks", "why"),
    [
        ([_check("heavy", 100, 10), _check("typical", 5, 5)], None),
        (
            [_check("heavy", 100, 10), _check("typical", 5, 6)],
            "reads more buffers for q [typical] 5 -> 6",
        ),
        ([_check("heavy", 10, 10)], "reads no fewer buffers than without it"),
        ([_check("heavy", 100, 10, same_rows=False)], "returned different rows for q [heavy]"),
        ([], "built for real, the planner did not use it"),
    ],
)
def test_the_judgement_of_a_built_index(checks: list[CaseCheck], why: str | None) -> None:
    assert why_not_kept(checks) == why


def test_verification_needs_a_copy_or_a_decision(bare_dsn: str) -> None:
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        options = {"embedded": False, "is_copy": False, "on_this_database": False}
        with pytest.raises(UsageError, match="--verify-on-this-database, or --no-verify"):
            verify_mode(conn, no_verify=False, **options)
        assert verify_mode(conn, no_verify=True, **options) is VerifyMode.NONE
        assert verify_mode(conn, no_verify=False, **(options | {"on_this_database": True})) is (
            VerifyMode.THIS_DATABASE
        )
        assert verify_mode(conn, no_verify=False, **(options | {"embedded": True})) is (
            VerifyMode.COPY
        )
        name = conn.info.dbname
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS 'primedb: copy of production, 2026-12-01'").format(
                sql.Identifier(name)
            )
        )
        assert verify_mode(conn, no_verify=False, **options) is VerifyMode.COPY
        with pytest.raises(UsageError, match="contradict"):
            verify_mode(conn, no_verify=True, **(options | {"on_this_database": True}))


def test_without_hypopg_candidates_are_costed_by_real_builds(bare_dsn: str) -> None:
    run_sql(bare_dsn, "DROP EXTENSION hypopg")
    cases = cases_of(bare_dsn, "notifications_unread_first")
    report = advise(bare_dsn, cases, settings=AdviseSettings(verify=VerifyMode.COPY, runs=1))
    assert report.whatif == "real builds"
    assert "HypoPG is not installed" in report.as_text()
    assert [i.definition for i in report.indexes] == [
        "CREATE INDEX notifications_user_id_read_created_at_id_idx ON notifications "
        "(user_id, read, created_at DESC, id DESC)"
    ]
    assert report.indexes[0].verified
    with pytest.raises(UsageError, match="hypopg is not installed"):
        advise(bare_dsn, cases, settings=AdviseSettings(verify=VerifyMode.NONE))


def test_no_verify_reports_estimates(bare_dsn: str) -> None:
    cases = cases_of(bare_dsn, "notifications_unread_first")
    report = advise(bare_dsn, cases, settings=AdviseSettings(verify=VerifyMode.NONE))
    (index,) = report.indexes
    assert not index.verified and not index.size_measured
    served = index.as_dict()["queries"]
    assert served and all(q["after"]["buffers"] is None for q in served)
    assert all(q["after"]["cost"] < q["before"]["cost"] for q in served)


def test_the_audits_redundancy_rules_judge_the_advice(bare_dsn: str) -> None:
    run_sql(bare_dsn, "CREATE INDEX inbox_idx ON notifications (user_id, read, created_at DESC)")
    cases = cases_of(bare_dsn, "notifications_unread_first")
    shorter = IndexSpec("public", "notifications", (IndexKey("user_id"), IndexKey("read")))
    longer = IndexSpec(
        "public",
        "notifications",
        (IndexKey("user_id"), IndexKey("read"), IndexKey("created_at", True), IndexKey("id", True)),
    )
    with psycopg.connect(bare_dsn, autocommit=True) as conn:
        short_built, long_built = verify_indexes(
            conn, [("short_idx", shorter), ("long_idx", longer)], cases, runs=1
        )
    # A prefix of an existing index is what the audit flags: never advice.
    assert not short_built.verified
    assert short_built.why is not None and "intersected_indexes" in short_built.why
    # The longer one makes the existing index redundant: advised, saying what it replaces.
    assert long_built.verified and long_built.replaces == ("inbox_idx",)
