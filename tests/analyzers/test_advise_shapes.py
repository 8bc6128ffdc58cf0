"""The canonical query shapes, each on a database without the index that serves it:
`advise` proposes one, the planner uses it once built, and the gain is measured."""

import pytest

from primedb.analyzers.advice.advisor import AdviseSettings, advise
from primedb.analyzers.advice.verify import VerifyMode
from primedb.analyzers.workload import named_cases
from primedb.pg import connect
from primedb.queries import load_queries

from .conftest import index_names, run_sql

SHAPES = [
    pytest.param(
        "audit_logs_page",
        ["ALTER TABLE audit_logs DROP CONSTRAINT audit_logs_pkey"],
        "CREATE INDEX audit_logs_account_id_created_at_id_idx ON audit_logs "
        "(account_id, created_at DESC, id DESC)",
        id="keyset-audit-page",
    ),
    pytest.param(
        "notifications_unread_first",
        [],
        "CREATE INDEX notifications_user_id_read_created_at_id_idx ON notifications "
        "(user_id, read, created_at DESC, id DESC)",
        id="unread-first",
    ),
    pytest.param("usage_by_bucket_by_day", [], None, id="usage-per-bucket-per-day"),
    pytest.param(
        "members_of_account",
        [
            "ALTER TABLE account_members DROP CONSTRAINT account_members_pkey CASCADE",
            # Twenty times the members: at 0.01 an account's few rows fit in a page or two,
            # where reading the table is the best plan and no index can be verified.
            "INSERT INTO account_members SELECT m.* FROM account_members m, generate_series(1, 20)",
            "VACUUM ANALYZE account_members",
        ],
        "CREATE INDEX account_members_account_id_idx ON account_members (account_id)",
        id="members-of-an-account",
    ),
    pytest.param(
        "access_key_lookup",
        ["ALTER TABLE access_keys DROP CONSTRAINT access_keys_access_key_id_key"],
        "CREATE INDEX access_keys_access_key_id_idx ON access_keys (access_key_id)",
        id="access-key-lookup",
    ),
]


@pytest.mark.parametrize(("name", "setup", "expected"), SHAPES)
def test_advice_for_a_canonical_shape_is_used_and_reads_fewer_buffers(
    bare_dsn: str, name: str, setup: list[str], expected: str | None
) -> None:
    run_sql(bare_dsn, *setup)
    before = index_names(bare_dsn)
    with connect(bare_dsn, autocommit=True) as conn:
        cases = named_cases(conn, [load_queries()[name]])
    report = advise(bare_dsn, cases, settings=AdviseSettings(verify=VerifyMode.COPY, runs=1))
    assert report.indexes, report.as_text()
    advised = report.indexes[0]
    if expected is not None:
        # The keys are the point; an INCLUDE variant may win by a hair on HypoPG's costs.
        assert advised.definition.startswith(expected.removesuffix(")")), advised.definition
    assert advised.verified and advised.size_measured and advised.size_bytes > 0
    assert {s.name for s in advised.served} == {name}
    for served in advised.served:
        assert served.after.plan.indexes_used(), served.after.plan.shape()
        assert served.after.rows == served.before.rows
        assert (served.after.buffers or 0) <= (served.before.buffers or 0)
    total_before = sum(s.before.buffers or 0 for s in advised.served)
    assert sum(s.after.buffers or 0 for s in advised.served) < total_before
    assert index_names(bare_dsn) == before  # the builds were rolled back
