"""The canonical queries of `queries/`: the folder rules, and every query on real data.

The loader's refusals are tested on small folders made here. The real queries
then run on a database filled through the storage layer (plus raw rows for
billing, which the storage layer does not write): every read query's sample
must give parameter sets on which the query returns rows, inside a READ ONLY
transaction, and the plan must use the index its comment names.
"""

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlglot
from psycopg.rows import dict_row
from sqlglot import expressions as exp

from primedb.errors import BadInput
from primedb.pg import scratch_database
from primedb.queries import load_all, load_mutations, load_queries
from primedb.sqlfiles import NamedQuery
from primedb.storage import Actor, AesGcmKeyring, DatabaseStorage, NewUser, UsageSample

ROOT = Path(__file__).resolve().parent.parent
GOOD = "-- name: ok\n-- sample: SELECT 1 AS account_id\nSELECT 1 FROM t WHERE a = %(account_id)s;\n"


def _folder(tmp_path: Path, reads: dict[str, str], writes: dict[str, str] | None = None) -> Path:
    for name, text in reads.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "mutations").mkdir()
    for name, text in (writes or {}).items():
        (tmp_path / "mutations" / name).write_text(text)
    return tmp_path


# The loader's refusals -------------------------------------------------------------


def test_parameters_docs_and_samples_are_recorded(tmp_path: Path) -> None:
    (query,) = load_queries(_folder(tmp_path, {"a.sql": GOOD})).values()
    assert (query.name, query.params, query.sample) == (
        "ok",
        ("account_id",),
        "SELECT 1 AS account_id",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("INSERT INTO t VALUES (%(account_id)s)", "is an INSERT, not a SELECT"),
        ("UPDATE t SET a = 1 WHERE a = %(account_id)s", "is an UPDATE, not a SELECT"),
        (
            "WITH gone AS (DELETE FROM t WHERE a = %(account_id)s RETURNING *) SELECT * FROM gone",
            "writes (a data-modifying WITH)",
        ),
        ("SELECT a FROM t WHERE a = %(account_id)s FOR UPDATE", "locks rows"),
        ("SELECT a INTO copy FROM t WHERE a = %(account_id)s", "creates a table"),
        ("SELECT 1 WHERE 1 = %(account_id)s; SELECT 2", "holds more than one statement"),
    ],
)
def test_a_write_in_the_read_folder_is_refused(tmp_path: Path, body: str, message: str) -> None:
    text = f"-- name: sneaky\n-- sample: SELECT 1 AS account_id\n{body}\n"
    folder = _folder(tmp_path, {"a.sql": text})
    with pytest.raises(BadInput) as caught:
        load_queries(folder)
    assert str(caught.value).startswith(f"{folder / 'a.sql'}:1: query 'sneaky' {message}")
    assert "statements that write in" in str(caught.value)


def test_missing_sample_is_refused_naming_the_columns(tmp_path: Path) -> None:
    text = "\n-- name: no_sample\nSELECT 1 FROM t WHERE a = %(account_id)s AND b = %(day)s\n"
    folder = _folder(tmp_path, {"a.sql": text})
    with pytest.raises(
        BadInput,
        match=r"a\.sql:2: query 'no_sample' has no `-- sample:` line; "
        r"add one that returns rows with the columns account_id, day",
    ):
        load_queries(folder)


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("SELECT 1 AS account", "the sample of query 'q' returns no column account_id"),
        ("SELECT 1 AS other, 2", "the sample of query 'q' returns no column account_id"),
        ("DELETE FROM t RETURNING a AS account_id", "the sample of query 'q' is a DELETE"),
    ],
)
def test_sample_must_name_every_parameter_and_not_write(
    tmp_path: Path, sample: str, message: str
) -> None:
    text = f"-- name: q\n-- sample: {sample}\nSELECT 1 FROM t WHERE a = %(account_id)s\n"
    with pytest.raises(BadInput, match=message):
        load_queries(_folder(tmp_path, {"a.sql": text}))


def test_bad_syntax_names_file_and_line(tmp_path: Path) -> None:
    text = (
        GOOD + "\n-- name: broken\n-- sample: SELECT 1 AS x\nSELECT a\nFROM t\nWHERE a = = %(x)s\n"
    )
    folder = _folder(tmp_path, {"a.sql": text})
    with pytest.raises(BadInput, match=r"a\.sql:9: query 'broken' does not parse"):
        load_queries(folder)


def test_empty_body_names_file_and_line(tmp_path: Path) -> None:
    text = GOOD + "\n-- name: hollow\n-- sample: SELECT 1 AS x\n\n"
    with pytest.raises(BadInput, match=r"a\.sql:5: query 'hollow' has an empty body"):
        load_queries(_folder(tmp_path, {"a.sql": text}))


def test_duplicates_are_refused_within_and_across_folders(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    folder = _folder(tmp_path / "one", {"a.sql": GOOD, "b.sql": "\n\n" + GOOD})
    with pytest.raises(
        BadInput, match=r"b\.sql:3: duplicate query name 'ok' \(first defined at .*a\.sql:1\)"
    ):
        load_queries(folder)
    (tmp_path / "two").mkdir()
    folder = _folder(tmp_path / "two", {"a.sql": GOOD}, {"w.sql": "-- name: ok\nDELETE FROM t\n"})
    with pytest.raises(BadInput, match=r"w\.sql:1: duplicate query name 'ok'"):
        load_all(folder)


def test_a_mutation_is_one_statement(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, {"a.sql": GOOD}, {"w.sql": "-- name: two\nDELETE FROM t; DELETE FROM u\n"}
    )
    with pytest.raises(BadInput, match="query 'two' holds more than one statement"):
        load_mutations(folder)


# The project's own queries -----------------------------------------------------------

CANONICAL = {
    "accounts_for_user",
    "buckets_with_lifecycle",
    "buckets_for_account",
    "audit_logs_first_page",
    "audit_logs_page",
    "notifications_unread_first",
    "access_key_lookup",
    "usage_by_bucket_by_day",
    "members_of_account",
    "pending_invitations",
    "invoices_for_account",
    "pending_quota_requests",
}


def test_the_project_queries_load_and_hold_the_canonical_ones() -> None:
    reads = load_queries(ROOT / "queries")
    assert set(reads) >= CANONICAL
    assert set(load_all(ROOT / "queries")) == set(reads) | set(load_mutations(ROOT / "queries"))
    for query in reads.values():
        assert query.doc, f"{query.source}: {query.name} has no description"
        probe = sqlglot.parse_one(re.sub(r"%\(\w+\)s", "NULL", query.sql), read="postgres")
        assert probe.find(exp.Offset) is None, f"{query.name} pages with OFFSET"


# Every read query on data made through the storage layer ---------------------------


def _populate(storage: DatabaseStorage, dsn: str) -> None:
    """Two accounts, every kind of row, enough of each for every sample to find rows."""
    ana = NewUser(email="ana@acme.com.br", name="Ana")
    acme = storage.create_account(name="Acme", cnpj="11222333000181", owner=ana)
    owner = storage.members(acme.id)[0].user_id
    as_owner = Actor(user_id=owner, ip="198.51.100.1")
    bruno = storage.create_user(email="bruno@acme.com.br", name="Bruno")
    # Approval is the service's (staff's) decision, never the owner's.
    storage.approve_account(acme.id)
    storage.activate_account(acme.id)
    token = storage.invite_member(acme.id, email=bruno.email, role="member", actor=as_owner).token
    storage.accept_invitation(token, actor=Actor(user_id=bruno.id))
    storage.invite_member(acme.id, email="carla@acme.com.br", role="viewer", actor=as_owner)
    other = storage.create_account(name="Beta", cnpj="11444777000161", owner=bruno.id)
    storage.approve_account(other.id)  # buckets and keys need an account in service
    storage.invite_member(other.id, email="dora@beta.com.br", role="admin")
    rules = [{"ID": "expire", "Status": "Enabled", "Expiration": {"Days": 30}}]
    now = datetime.now(UTC)
    for account in (acme.id, other.id):
        for n in range(3):
            bucket = storage.create_bucket(
                account, name=f"data-{account}-{n}", region="sa-east-1", lifecycle_rules=rules
            )
            storage.record_usage(
                account,
                [
                    UsageSample(
                        metric="storage_bytes",
                        quantity=100 * (d + 1),
                        bucket_id=bucket.id,
                        recorded_at=now - timedelta(hours=d),
                    )
                    for d in range(3)
                ],
            )
        key = storage.create_access_key(account)
        storage.rotate_access_key(account, key.key.access_key_id)
        storage.create_access_key(account)
        storage.request_quota_increase(
            account, resource="buckets", current_limit=10, requested_limit=20
        )
        for user in (owner, bruno.id):
            for n in range(3):
                storage.notify(user, kind="system", title=f"notice {n}", account_id=account)
    storage.mark_notifications_read(bruno.id, [storage.notifications(bruno.id)[0].id])
    storage.mark_notifications_read(owner, [storage.notifications(owner)[-1].id])
    decided = storage.request_quota_increase(
        acme.id, resource="members", current_limit=5, requested_limit=9
    )
    storage.reject_quota_request(decided.id)
    with psycopg.connect(dsn) as conn:
        for statement in (*BILLING, *FILLER):
            conn.execute(statement, {"acme": acme.id, "beta": other.id})


BILLING = (
    "INSERT INTO products (id, sku, name, price_cents, active) VALUES "
    "(1, 'STORAGE-1TB', 'Storage 1 TB', 9900, true), (2, 'LEGACY', 'Legacy plan', 100, false)",
    "INSERT INTO subscriptions (id, account_id, product_id) "
    "VALUES (1, %(acme)s, 1), (2, %(beta)s, 1)",
    "INSERT INTO orders (account_id, product_id, subscription_id, quantity, total_cents) "
    "SELECT a, 1, s, 1, 9900 FROM (VALUES (%(acme)s, 1), (%(acme)s, 1), (%(beta)s, 2)) AS o (a, s)",
    "INSERT INTO invoices (account_id, subscription_id, period_start, period_end, amount_cents, "
    "status, due_at) VALUES "
    "(%(acme)s, 1, '2026-01-01', '2026-02-01', 9900, 'open', now() - interval '3 days'), "
    "(%(acme)s, 1, '2026-02-01', '2026-03-01', 9900, 'open', now() + interval '3 days'), "
    "(%(beta)s, 2, '2026-01-01', '2026-02-01', 9900, 'draft', now() + interval '9 days')",
)


# Two thousand more accounts, each with an owner, buckets, keys, an invitation, a decided
# quota request, notifications, usage and audit rows, so the planner sees realistic
# selectivities (on two accounts alone, reading a whole table is rightly cheapest).
FILLER = (
    "INSERT INTO users (id, email, name) "
    "SELECT 1000 + g, 'filler' || g || '@example.com.br', 'Filler ' || g "
    "FROM generate_series(1, 2000) AS g",
    "INSERT INTO accounts (id, name, cnpj, status) "
    "SELECT 1000 + g, 'Filler ' || g, b || cnpj_check_digits(b), 'active' "
    "FROM generate_series(1, 2000) AS g, lpad((100000 + g)::text, 12, '0') AS b",
    "INSERT INTO account_members (account_id, user_id, role) "
    "SELECT 1000 + g, 1000 + g, 'owner' FROM generate_series(1, 2000) AS g",
    "INSERT INTO buckets (account_id, name, region, lifecycle_rules) "
    "SELECT 1000 + g, 'filler-' || g || '-' || k, 'sa-east-1', CASE WHEN g %% 10 = 0 THEN "
    '\'[{"ID": "x", "Status": "Enabled", "Expiration": {"Days": 9}}]\'::jsonb '
    "ELSE '[]' END FROM generate_series(1, 2000) AS g, generate_series(1, 3) AS k",
    "INSERT INTO access_keys (account_id, access_key_id, secret_ciphertext, secret_kek_id) "
    "SELECT 1000 + g, 'PCPKFILL' || lpad(g::text, 12, '0'), "
    "decode(md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text), 'hex'), 'filler' "
    "FROM generate_series(1, 2000) AS g",
    "INSERT INTO invitations (account_id, email, role, token_hash, expires_at) "
    "SELECT 1000 + g, 'invitee' || g || '@example.com.br', 'viewer', "
    "sha256(('filler' || g)::bytea), now() + interval '7 days' FROM generate_series(1, 2000) AS g",
    "INSERT INTO quota_requests (account_id, resource, current_limit, requested_limit, status, "
    "decided_at) SELECT 1000 + g, 'buckets', 1, 2, 'approved', now() "
    "FROM generate_series(1, 2000) AS g",
    "INSERT INTO notifications (user_id, kind, title, read, created_at) "
    "SELECT 1000 + g, 'system', 'notice', k > 1, now() - make_interval(hours => k) "
    "FROM generate_series(1, 2000) AS g, generate_series(1, 5) AS k",
    "INSERT INTO audit_logs (account_id, action, resource_type, created_at) "
    "SELECT 1000 + g, 'bucket.created', 'bucket', now() - make_interval(days => (g * k) %% 300) "
    "FROM generate_series(1, 2000) AS g, generate_series(1, 10) AS k",
    "INSERT INTO usage_records (account_id, bucket_id, metric, quantity, recorded_at) "
    "SELECT b.account_id, b.id, 'requests_get', 1, now() - make_interval(days => k * 20) "
    "FROM buckets b, generate_series(1, 5) AS k WHERE b.account_id > 1000",
    # The heavy entities of the samples: an account with a long audit trail, a user
    # with a full inbox. Pages of those must come in index order, stopping early.
    "INSERT INTO audit_logs (account_id, action, resource_type, created_at) "
    "SELECT %(acme)s, 'bucket.created', 'bucket', now() - make_interval(hours => g) "
    "FROM generate_series(1, 5000) AS g",
    "INSERT INTO notifications (user_id, kind, title, read, created_at) "
    "SELECT 1001, 'usage', 'notice', g > 50, now() - make_interval(mins => g) "
    "FROM generate_series(1, 2000) AS g",
)


@pytest.fixture(scope="module")
def populated_dsn(server_dsn: str, schema_template: str) -> Iterator[str]:
    with scratch_database(server_dsn, template=schema_template, prefix="t_queries") as dsn:
        with DatabaseStorage.open(dsn, box=AesGcmKeyring.generate()) as storage:
            _populate(storage, dsn)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("ANALYZE")
        yield dsn


READS = load_queries(ROOT / "queries")


def _parameter_sets(conn: psycopg.Connection[Any], query: NamedQuery) -> list[dict[str, Any]]:
    assert query.sample is not None
    rows = conn.cursor(row_factory=dict_row).execute(query.sample).fetchall()
    return [{p: row[p] for p in query.params} for row in rows]


@pytest.mark.parametrize("name", sorted(READS))
def test_every_read_query_returns_rows_for_its_samples_read_only(
    populated_dsn: str, name: str
) -> None:
    query = READS[name]
    with psycopg.connect(populated_dsn) as conn:
        conn.execute("SET TRANSACTION READ ONLY")
        sets = _parameter_sets(conn, query)
        assert sets, f"the sample of {name} found no parameters"
        for params in sets:
            rows = conn.execute(query.sql, params).fetchall()
            assert rows, f"{name} returned no row for {params}"


# The index each query is written for (any of a few when two fit equally).
INDEXES: dict[str, set[str]] = {
    "access_key_lookup": {"access_keys_access_key_id_key"},
    "access_keys_for_account": {"access_keys_account_id_idx"},
    "accounts_for_user": {"account_members_user_id_idx"},
    "members_of_account": {"account_members_pkey"},
    "member_role": {"account_members_pkey", "account_members_user_id_idx"},  # equal cost
    "account_owner_count": {"account_members_pkey"},
    "user_by_email": {"users_email_lower_key"},
    # Both unique keys lead with account_id; either serves "the buckets of an account".
    "buckets_for_account": {"buckets_account_id_name_key", "buckets_account_id_id_key"},
    "buckets_with_lifecycle": {
        "buckets_account_id_name_key",
        "buckets_account_id_id_key",
        "buckets_lifecycle_enabled_idx",
    },
    "lifecycle_worker_batch": {"buckets_lifecycle_enabled_idx"},
    "pending_invitations": {
        "invitations_account_id_invited_by_idx",
        "invitations_pending_email_key",
    },
    "pending_invitations_for_email": {"invitations_pending_email_idx"},
    "invitation_by_token_hash": {"invitations_token_hash_key"},
    "pending_quota_requests": {"quota_requests_pending_idx"},
    "quota_requests_for_account": {"quota_requests_account_id_requested_by_idx"},
    "open_invoices_due": {"invoices_open_due_idx"},
    "orders_first_page": {"orders_account_created_idx"},
    "invoices_for_account": {"invoices_subscription_period_key"},
    "notifications_unread_first": {"notifications_user_read_created_idx"},
    "notifications_unread_count": {"notifications_user_read_created_idx"},
}


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _plan(dsn: str, name: str) -> list[dict[str, Any]]:
    query = READS[name]
    with psycopg.connect(dsn) as conn:
        # The billing tables stay tiny here, and the planner rightly reads them whole;
        # with this off, a sequential scan still appears where no index can serve.
        conn.execute("SET enable_seqscan = off")
        params = _parameter_sets(conn, query)[0]
        (raw,) = conn.execute("EXPLAIN (FORMAT JSON) " + query.sql, params).fetchone()  # type: ignore[misc]
    document = raw if isinstance(raw, list) else json.loads(raw)
    return list(_nodes(document[0]["Plan"]))


@pytest.mark.parametrize("name", sorted(INDEXES))
def test_queries_use_the_index_they_are_written_for(populated_dsn: str, name: str) -> None:
    used = {n["Index Name"] for n in _plan(populated_dsn, name) if "Index Name" in n}
    assert used & INDEXES[name], f"{name} uses {used or 'no index'}"


@pytest.mark.parametrize(
    "name", ["audit_logs_first_page", "audit_logs_page", "notifications_unread_first"]
)
def test_pages_come_in_index_order_without_a_sort(populated_dsn: str, name: str) -> None:
    nodes = _plan(populated_dsn, name)
    assert "Sort" not in {n["Node Type"] for n in nodes}
    assert nodes[0]["Node Type"] == "Limit"


def test_usage_reads_only_the_months_in_range_by_index(populated_dsn: str) -> None:
    nodes = _plan(populated_dsn, "usage_by_bucket_by_day")  # its heavy sample spans 31 days
    scans = [n for n in nodes if n.get("Relation Name", "").startswith("usage_records")]
    with psycopg.connect(populated_dsn) as conn:
        (partitions,) = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_inherits "
            "WHERE inhparent = 'usage_records'::regclass"
        ).fetchone()  # type: ignore[misc]
    assert 1 <= len(scans) <= 2 < partitions  # pruned to the months of the range
    # Each month by its primary key (account_id, recorded_at, id) or its bucket index.
    index_nodes = [n for n in nodes if n.get("Index Name", "").startswith("usage_records")]
    assert {n["Node Type"] for n in scans} <= {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
    assert len(index_nodes) == len(scans)
