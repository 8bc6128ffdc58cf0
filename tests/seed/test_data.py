"""What the tiny data set looks like: skewed like a real platform, every state legal."""

import psycopg
import pytest

TOP_SHARE = """
WITH per_account AS (SELECT account_id, count(*) AS n FROM {table} GROUP BY account_id),
     ranked AS (SELECT n, row_number() OVER (ORDER BY n DESC, account_id) AS rank FROM per_account)
SELECT (SELECT sum(n) FROM ranked WHERE rank <= (SELECT count(*) / 10 FROM accounts))::float
       / (SELECT count(*) FROM {table})
"""


def _one(dsn: str, query: str) -> object:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return row[0]


@pytest.mark.parametrize("table", ["audit_logs", "buckets", "usage_records", "access_keys"])
def test_a_tenth_of_the_accounts_hold_most_of_the_rows(seeded_dsn: str, table: str) -> None:
    share = _one(seeded_dsn, TOP_SHARE.format(table=table))
    assert isinstance(share, float)
    assert share > 0.55, f"the top 10% of accounts hold {share:.0%} of {table}"


def test_about_thirty_percent_of_notifications_are_unread(seeded_dsn: str) -> None:
    unread = _one(seeded_dsn, "SELECT avg((NOT read)::int)::float FROM notifications")
    assert isinstance(unread, float)
    assert 0.26 < unread < 0.34


def test_newer_notifications_are_more_often_unread(seeded_dsn: str) -> None:
    older, newer = _one(
        seeded_dsn,
        "SELECT ARRAY[avg((NOT read)::int) FILTER (WHERE id <= 5000),"
        " avg((NOT read)::int) FILTER (WHERE id > 5000)]::float8[] FROM notifications",
    )  # type: ignore[misc]
    assert newer > older


def test_every_account_has_an_owner(seeded_dsn: str) -> None:
    orphans = _one(
        seeded_dsn,
        "SELECT count(*) FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM account_members m"
        " WHERE m.account_id = a.id AND m.role = 'owner')",
    )
    assert orphans == 0


def test_cnpjs_are_valid_in_both_the_numeric_and_the_alphanumeric_form(seeded_dsn: str) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        numeric, alphanumeric, invalid = conn.execute(
            "SELECT count(*) FILTER (WHERE cnpj ~ '^[0-9]{14}$'),"
            " count(*) FILTER (WHERE cnpj ~ '[A-Z]'),"
            " count(*) FILTER (WHERE NOT cnpj_is_valid(cnpj)) FROM accounts"
        ).fetchone() or (0, 0, 0)
    assert numeric > 0 and alphanumeric > 0 and invalid == 0


def test_accounts_are_spread_over_the_legal_states(seeded_dsn: str) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        states = dict(conn.execute("SELECT status, count(*) FROM accounts GROUP BY 1").fetchall())
    assert set(states) == {"pending", "approved", "active", "suspended", "closed"}
    assert max(states, key=lambda s: states[s]) == "active"


def test_some_buckets_have_enabled_lifecycle_rules_all_valid(seeded_dsn: str) -> None:
    with psycopg.connect(seeded_dsn) as conn:
        enabled, empty, invalid, total = conn.execute(
            """SELECT count(*) FILTER (WHERE lifecycle_rules @> '[{"Status": "Enabled"}]'),
                      count(*) FILTER (WHERE lifecycle_rules = '[]'),
                      count(*) FILTER (WHERE NOT lifecycle_rules_is_valid(lifecycle_rules)),
                      count(*) FROM buckets"""
        ).fetchone() or (0, 0, 0, 0)
    assert 0.1 * total < enabled < 0.4 * total
    assert empty > total / 2
    assert invalid == 0


def test_pending_invitations_are_still_open(seeded_dsn: str) -> None:
    expired = _one(
        seeded_dsn,
        "SELECT count(*) FROM invitations WHERE status = 'pending' AND expires_at <= now()",
    )
    pending = _one(seeded_dsn, "SELECT count(*) FROM invitations WHERE status = 'pending'")
    assert expired == 0 and isinstance(pending, int) and pending > 0


def test_some_events_have_no_human_actor_and_some_usage_outlived_its_bucket(
    seeded_dsn: str,
) -> None:
    system = _one(seeded_dsn, "SELECT avg((actor_user_id IS NULL)::int)::float FROM audit_logs")
    orphan = _one(seeded_dsn, "SELECT avg((bucket_id IS NULL)::int)::float FROM usage_records")
    assert isinstance(system, float) and 0.04 < system < 0.12
    assert isinstance(orphan, float) and 0.005 < orphan < 0.05


def test_audit_actors_are_members_of_the_account(seeded_dsn: str) -> None:
    strangers = _one(
        seeded_dsn,
        "SELECT count(*) FROM audit_logs l WHERE l.actor_user_id IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM account_members m WHERE m.account_id = l.account_id"
        " AND m.user_id = l.actor_user_id)",
    )
    assert strangers == 0
