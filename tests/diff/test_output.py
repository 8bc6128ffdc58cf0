"""A plan as a psql script and as JSON, and the refusal of hazards not allowed."""

import json

import pytest

from primedb.diff import (
    Change,
    Hazard,
    HazardKind,
    LockLevel,
    Plan,
    Statement,
    Timeouts,
    plan_json,
    plan_sql,
    refuse_unallowed,
)
from primedb.diff.output import statement_label
from primedb.errors import HazardNotAllowed

DROP = Statement(
    sql="ALTER TABLE public.accounts DROP COLUMN legacy_id",
    lock=LockLevel.ACCESS_EXCLUSIVE,
    hazards=(Hazard(kind=HazardKind.DELETES_DATA, subject="public.accounts.legacy_id"),),
)
BUILD = Statement(
    sql="CREATE INDEX CONCURRENTLY a_idx ON public.accounts USING btree (name)",
    lock=LockLevel.SHARE_UPDATE_EXCLUSIVE,
    hazards=(Hazard(kind=HazardKind.INDEX_BUILD, subject="public.a_idx"),),
    transactional=False,
)
COMMENT = Statement(sql="COMMENT ON TABLE public.accounts IS 'x'", lock=LockLevel.NONE)
PLAN = Plan(
    changes=(
        Change(description="drop column public.accounts.legacy_id", up=(DROP,), down=(COMMENT,)),
        Change(description="create index public.a_idx", up=(BUILD,), down=()),
        Change(description="comment", up=(COMMENT,), down=()),
    ),
    timeouts=Timeouts(lock_timeout_ms=2_000, statement_timeout_ms=90_000),
)


def test_sql_sets_the_timeouts_and_wraps_each_transactional_run() -> None:
    text = plan_sql(PLAN)
    lines = [line for line in text.splitlines() if not line.startswith("--") and line]
    assert lines == [
        "SET lock_timeout = '2s';",
        "SET statement_timeout = '90s';",
        "BEGIN;",
        DROP.sql + ";",
        "COMMIT;",
        BUILD.sql + ";",
        "BEGIN;",
        COMMENT.sql + ";",
        "COMMIT;",
    ]
    assert "-- drop column public.accounts.legacy_id" in text
    assert "-- hazard deletes_data: deletes data (public.accounts.legacy_id)" in text
    assert "-- hazards: deletes_data, index_build" in text.splitlines()[1]


def test_sql_of_the_rollback_runs_the_changes_backwards() -> None:
    text = plan_sql(PLAN, "down")
    assert "-- undo: drop column public.accounts.legacy_id" in text
    assert plan_sql(Plan()) == "-- primedb schema diff: nothing to do\n"


def test_the_header_counts_the_changes_that_run_in_that_direction() -> None:
    # Two of the three changes have no rollback statement (a change that runs one
    # way only, as a role check that only the rollback needs, counts only there).
    assert plan_sql(PLAN).splitlines()[0].endswith("(up): 3 changes, 3 statements")
    assert plan_sql(PLAN, "down").splitlines()[0].endswith("(down): 1 changes, 1 statements")


def test_json_holds_every_statement_with_its_lock_and_hazards() -> None:
    data = json.loads(plan_json(PLAN))
    assert data["hazards"] == {"up": ["deletes_data", "index_build"], "down": []}
    assert data["timeouts"] == {"lock_timeout_ms": 2000, "statement_timeout_ms": 90000}
    first = data["changes"][0]["up"][0]
    assert first == {
        "sql": DROP.sql,
        "lock": "ACCESS EXCLUSIVE",
        "transactional": True,
        "hazards": [
            {
                "kind": "deletes_data",
                "subject": "public.accounts.legacy_id",
                "detail": "",
                "message": "deletes data (public.accounts.legacy_id)",
            }
        ],
    }


def test_refusal_names_the_statement_and_the_way_out() -> None:
    with pytest.raises(HazardNotAllowed) as refused:
        refuse_unallowed(PLAN, [HazardKind.INDEX_BUILD])
    assert str(refused.value) == (
        "deletes data in DROP COLUMN public.accounts.legacy_id; "
        "rerun with --allow-hazard deletes_data"
    )
    with pytest.raises(
        HazardNotAllowed,
        match=r"--allow-hazard deletes_data --allow-hazard "
        r"index_build \(2 hazards in all\)$",
    ):
        refuse_unallowed(PLAN, [])
    refuse_unallowed(PLAN, [HazardKind.INDEX_BUILD, HazardKind.DELETES_DATA])
    assert HazardNotAllowed.exit_code == 4


def test_a_grant_is_named_by_its_subject() -> None:
    grant = Statement(
        sql="GRANT INSERT, SELECT ON TABLE public.buckets TO app",
        lock=LockLevel.NONE,
        hazards=(Hazard(kind=HazardKind.PRIVILEGE_CHANGE, subject="privileges of app on x"),),
    )
    assert statement_label(grant, grant.hazards[0]) == "GRANT privileges of app on x"
