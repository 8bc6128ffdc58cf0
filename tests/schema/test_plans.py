"""Each hot access path is served by its index: plan shapes, asserted with EXPLAIN.

One database per module, seeded with a few thousand rows and ANALYZEd, so the
planner sees tables worth an index; `enable_seqscan = off` keeps the small
tables from tipping it to a sequential scan. The assertions are about shape
(which index, which direction, no Sort), never about time.
"""

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import psycopg
import pytest

from primedb.pg import create_database, drop_database

from ._helpers import Conn, connect, month_partition, one, utc_month

SEED = """
INSERT INTO users (email, name)
SELECT format('user%s@example.com', g), format('User %s', g) FROM generate_series(1, 300) AS g;

INSERT INTO accounts (name, cnpj, status)
SELECT format('Account %s', g), b || cnpj_check_digits(b), 'active'
FROM generate_series(1, 60) AS g, LATERAL (SELECT lpad(g::text, 8, '0') || '0001' AS b) AS x;

-- Each account: its owner (user = account id) and 4 more members.
INSERT INTO account_members (account_id, user_id, role)
SELECT a, CASE WHEN k = 0 THEN a ELSE 60 + (a * 4 + k) % 240 + 1 END,
       CASE WHEN k = 0 THEN 'owner' ELSE 'member' END
FROM generate_series(1, 60) AS a, generate_series(0, 4) AS k
ON CONFLICT DO NOTHING;

INSERT INTO buckets (account_id, name, region)
SELECT a, format('bucket-%s-%s', a, k), 'br-sp-1'
FROM generate_series(1, 60) AS a, generate_series(1, 25) AS k;

INSERT INTO access_keys (account_id, access_key_id, secret_ciphertext, secret_kek_id)
SELECT a, 'PCPK' || lpad((a * 10 + k)::text, 16, '0'), decode(repeat('8f', 44), 'hex'), 'kek-1'
FROM generate_series(1, 60) AS a, generate_series(1, 6) AS k;

INSERT INTO notifications (user_id, kind, title, read, created_at)
SELECT u, 'system', 'Hello', k % 3 <> 0, now() - k * interval '7 hours'
FROM generate_series(1, 300) AS u, generate_series(1, 25) AS k;
-- A busy inbox, the one that matters: a sort of all of it per page would show.
INSERT INTO notifications (user_id, kind, title, read, created_at)
SELECT 42, 'usage', 'Usage report', k % 10 <> 0, now() - k * interval '1 hour'
FROM generate_series(1, 5000) AS k;

-- A year of events per account, every partition populated.
INSERT INTO audit_logs (account_id, action, resource_type, created_at)
SELECT 1 + g % 60, 'bucket.created', 'bucket',
       date_trunc('month', now()) - interval '365 days' + (g % 380) * interval '1 day'
       + g * interval '1 second'
FROM generate_series(1, 30000) AS g;
"""


@pytest.fixture(scope="module")
def seeded(server_dsn: str, schema_template: str) -> Iterator[str]:
    name = f"plans_{secrets.token_hex(4)}"
    dsn = create_database(server_dsn, name, template=schema_template, file_copy=True)
    with psycopg.connect(dsn) as conn:  # one transaction: the owners come with the accounts
        conn.execute(SEED)
    with connect(dsn) as conn:
        conn.execute("VACUUM ANALYZE")
    yield dsn
    drop_database(server_dsn, name)


@pytest.fixture
def conn(seeded: str) -> Iterator[Conn]:
    with connect(seeded) as conn:
        conn.execute("SET enable_seqscan = off")
        yield conn


def _plan(conn: Conn, query: str, params: Any) -> dict[str, Any]:
    plan = one(conn, "EXPLAIN (FORMAT JSON) " + query, params)
    return plan[0]["Plan"]  # type: ignore[no-any-return]


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _types(plan: dict[str, Any]) -> set[str]:
    return {n["Node Type"] for n in _nodes(plan)}


def _scans(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The nodes that read a relation."""
    return [n for n in _nodes(plan) if "Relation Name" in n or "Index Name" in n]


AUDIT_PAGE = """
SELECT id, actor_user_id, action, resource_type, metadata, created_at
FROM audit_logs
WHERE account_id = %(account)s
  AND created_at <= %(before_at)s
  AND (created_at, id) < (%(before_at)s, %(before_id)s)
ORDER BY created_at DESC, id DESC
LIMIT 50
"""
AUDIT_FIRST_PAGE = """
SELECT id, actor_user_id, action, resource_type, metadata, created_at
FROM audit_logs
WHERE account_id = %(account)s
ORDER BY created_at DESC, id DESC
LIMIT 50
"""


def _assert_backward_pkey_scans(plan: dict[str, Any]) -> list[str]:
    assert not _types(plan) & {"Sort", "Incremental Sort"}, _types(plan)
    assert plan["Node Type"] == "Limit"
    scans = _scans(plan)
    assert scans
    for scan in scans:
        assert scan["Node Type"] in ("Index Scan", "Index Only Scan"), scan["Node Type"]
        assert scan["Scan Direction"] == "Backward"
        assert scan["Index Name"] == f"{scan['Relation Name']}_pkey"
        assert scan["Relation Name"].startswith("audit_logs_")
    return [scan["Relation Name"] for scan in scans]


def test_the_audit_log_keyset_page_reads_the_pkey_backwards_without_sorting(conn: Conn) -> None:
    month = utc_month(-4)
    before_at = datetime(month[0], month[1], 10)
    params = {"account": 7, "before_at": before_at.isoformat() + "+00", "before_id": 10**9}
    scanned = _assert_backward_pkey_scans(_plan(conn, AUDIT_PAGE, params))
    # The partitions of later months are pruned: the page only reads months up to its own.
    later = {month_partition("audit_logs", utc_month(k)) for k in range(-3, 4)}
    assert month_partition("audit_logs", month) in scanned
    assert not later & set(scanned)
    assert "audit_logs_default" in scanned  # it may hold any month


def test_the_first_audit_log_page_reads_the_pkey_backwards_without_sorting(conn: Conn) -> None:
    scanned = _assert_backward_pkey_scans(_plan(conn, AUDIT_FIRST_PAGE, {"account": 7}))
    assert len(scanned) == 17  # 16 months and the default partition


def test_a_deep_audit_log_page_reads_as_few_buffers_as_the_first(conn: Conn) -> None:
    # Keyset pagination: the cost of a page does not grow with its depth.
    def buffers(query: str, params: dict[str, Any]) -> int:
        plan = one(conn, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + query, params)[0]["Plan"]
        return int(plan["Shared Hit Blocks"] + plan["Shared Read Blocks"])

    row = conn.execute(
        "SELECT created_at, id FROM audit_logs WHERE account_id = 7"
        " ORDER BY created_at DESC, id DESC OFFSET 400 LIMIT 1"
    ).fetchone()
    assert row is not None
    deep = buffers(AUDIT_PAGE, {"account": 7, "before_at": row[0], "before_id": row[1]})
    first = buffers(AUDIT_FIRST_PAGE, {"account": 7})
    assert deep <= first + 10, (deep, first)
    # The same page by OFFSET walks every row before it (about 4x here, more when deeper).
    offset = buffers(AUDIT_FIRST_PAGE.replace("LIMIT 50", "OFFSET 401 LIMIT 50"), {"account": 7})
    assert 2 * deep < offset, (deep, offset)


INBOX = """
SELECT id, kind, title, read, created_at
FROM notifications
WHERE user_id = %(user)s
ORDER BY read, created_at DESC, id DESC
LIMIT 20
"""


def test_the_unread_first_inbox_is_read_in_index_order(conn: Conn) -> None:
    plan = _plan(conn, INBOX, {"user": 42})
    assert not _types(plan) & {"Sort", "Incremental Sort"}, _types(plan)
    [scan] = _scans(plan)
    assert (scan["Node Type"], scan["Index Name"], scan["Scan Direction"]) == (
        "Index Scan",
        "notifications_user_read_created_idx",
        "Forward",
    )
    rows = conn.execute(INBOX, {"user": 42}).fetchall()
    assert [r[3] for r in rows] == sorted(r[3] for r in rows)  # unread (false) first


# path -> (query, parameters, the indexes that may serve it)
LOOKUPS: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    "a bucket by (account_id, name)": (
        "SELECT * FROM buckets WHERE account_id = %(account)s AND name = %(name)s",
        {"account": 7, "name": "bucket-7-3"},
        ("buckets_account_id_name_key",),
    ),
    "keys of an account": (
        "SELECT id, access_key_id, status FROM access_keys WHERE account_id = %(account)s",
        {"account": 7},
        ("access_keys_account_id_idx",),
    ),
    "accounts of a user": (
        "SELECT account_id, role FROM account_members WHERE user_id = %(user)s",
        {"user": 100},
        ("account_members_user_id_idx",),
    ),
    "members of an account": (
        "SELECT user_id, role FROM account_members WHERE account_id = %(account)s",
        {"account": 7},
        ("account_members_pkey",),
    ),
    "buckets of an account": (
        "SELECT id, name FROM buckets WHERE account_id = %(account)s",
        {"account": 7},
        ("buckets_account_id_name_key", "buckets_account_id_id_key"),  # both lead with it
    ),
    "a user by e-mail": (
        "SELECT id FROM users WHERE lower(email) = lower(%(email)s)",
        {"email": "USER9@example.com"},
        ("users_email_lower_key",),
    ),
}


@pytest.mark.parametrize("path", sorted(LOOKUPS))
def test_each_lookup_is_served_by_its_index(conn: Conn, path: str) -> None:
    query, params, serving = LOOKUPS[path]
    plan = _plan(conn, query, params)
    scans = _scans(plan)
    [index] = [s["Index Name"] for s in scans if "Index Name" in s]
    assert index in serving, scans
    assert not any(s["Node Type"] == "Seq Scan" for s in scans)
    assert "Sort" not in _types(plan)
    assert conn.execute(query, params).fetchall()  # and it finds rows
