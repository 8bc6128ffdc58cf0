"""Least privilege: what the roles of schema/01_roles.sql may do, on a seeded database.

The application role (primecloud_app) owns nothing and holds only the DML the
storage layer runs (the storage tests themselves run as it: tests/storage's
fixture): it cannot TRUNCATE any table, delete fiscal records, disable a
trigger or change the schema. The analytics role only reads, and not the
secrets of access keys; the exporter's role reads the statistics views and no
table, and `primedb exporter` scrapes its whole page as it. The roles file runs
again, and in parallel, without complaint.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from psycopg import errors, sql
from psycopg.conninfo import make_conninfo

from primedb.exporters.database import database_registry
from primedb.queries import load_all
from primedb.schema import ensure_roles

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"

APP, ANALYTICS, EXPORTER = "primecloud_app", "primecloud_analytics", "primecloud_exporter"
TABLES = (
    "users",
    "accounts",
    "account_members",
    "invitations",
    "products",
    "subscriptions",
    "orders",
    "invoices",
    "buckets",
    "access_keys",
    "usage_records",
    "quota_requests",
    "notifications",
    "audit_logs",
)
FISCAL = ("orders", "invoices")


@contextmanager
def as_role(dsn: str, role: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection acting as `role` (SET ROLE), each statement its own transaction."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        yield conn


def refused(conn: psycopg.Connection[Any], statement: sql.Composable | str) -> str:
    """The message of the permission error `statement` raises as the connection's role."""
    with pytest.raises(errors.InsufficientPrivilege) as raised:
        conn.execute(statement)  # type: ignore[arg-type]
    return str(raised.value)


def count(dsn: str, table: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        return int(row.fetchone()[0])  # type: ignore[index]


@pytest.mark.parametrize("table", TABLES)
def test_the_application_cannot_truncate(seeded_dsn: str, table: str) -> None:
    before = count(seeded_dsn, table)
    with as_role(seeded_dsn, APP) as conn:
        message = refused(conn, sql.SQL("TRUNCATE {}").format(sql.Identifier(table)))
    assert f"permission denied for table {table}" in message
    assert count(seeded_dsn, table) == before > 0


@pytest.mark.parametrize("table", FISCAL)
def test_the_application_cannot_delete_fiscal_records(seeded_dsn: str, table: str) -> None:
    before = count(seeded_dsn, table)
    with as_role(seeded_dsn, APP) as conn:
        message = refused(conn, sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        # It may read them (the storage layer lists an account's invoices).
        assert conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
    assert f"permission denied for table {table}" in message
    assert count(seeded_dsn, table) == before > 0


@pytest.mark.parametrize("table", ("accounts", "orders", "invoices", "audit_logs"))
def test_the_application_cannot_disable_triggers(seeded_dsn: str, table: str) -> None:
    with as_role(seeded_dsn, APP) as conn:
        message = refused(
            conn, sql.SQL("ALTER TABLE {} DISABLE TRIGGER ALL").format(sql.Identifier(table))
        )
    assert f"must be owner of table {table}" in message


def test_the_application_changes_no_schema(seeded_dsn: str) -> None:
    with as_role(seeded_dsn, APP) as conn:
        assert "permission denied for schema public" in refused(conn, "CREATE TABLE x (id int)")
        assert "must be owner" in refused(conn, "DROP TABLE notifications")
        assert "must be owner" in refused(conn, "ALTER TABLE buckets ADD COLUMN x int")
        assert "must be owner" in refused(conn, "DROP TABLE audit_logs_default")
        assert "permission denied for function" in refused(
            conn, "SELECT drop_partitions_older_than('audit_logs', 0)"
        )


def test_the_application_writes_what_the_storage_layer_writes(seeded_dsn: str) -> None:
    """A few writes the storage layer makes, and deletes only from account_members."""
    with as_role(seeded_dsn, APP) as conn:
        account = conn.execute("SELECT id FROM accounts ORDER BY id LIMIT 1").fetchone()
        assert account is not None
        conn.execute(
            "INSERT INTO notifications (user_id, kind, title) "
            "SELECT user_id, 'billing', 'hello' FROM account_members LIMIT 1"
        )
        conn.execute("UPDATE buckets SET versioning = versioning WHERE account_id = %s", account)
        assert "permission denied for table users" in refused(conn, "DELETE FROM users")
        assert "permission denied for table buckets" in refused(conn, "DELETE FROM buckets")


def test_analytics_reads_and_writes_nothing(seeded_dsn: str) -> None:
    with as_role(seeded_dsn, ANALYTICS) as conn:
        for table in TABLES:
            if table != "access_keys":
                conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        conn.execute("SELECT access_key_id, status, last_used_at FROM access_keys")
        assert "permission denied for table access_keys" in refused(
            conn, "SELECT secret_ciphertext FROM access_keys"
        )
        assert "permission denied for table notifications" in refused(
            conn, "UPDATE notifications SET title = title"
        )
        assert "permission denied for table accounts" in refused(conn, "DELETE FROM accounts")


def test_the_exporter_reads_statistics_and_no_table(seeded_dsn: str) -> None:
    with as_role(seeded_dsn, EXPORTER) as conn:
        rows = conn.execute("SELECT count(*) FROM pg_stat_statements").fetchone()
        assert rows is not None
        conn.execute("SELECT count(*) FROM pg_stat_user_tables")
        assert "permission denied for table accounts" in refused(
            conn, "SELECT count(*) FROM accounts"
        )
    with psycopg.connect(seeded_dsn) as conn:
        member = conn.execute(
            "SELECT pg_has_role(%s, 'pg_monitor', 'MEMBER')", (EXPORTER,)
        ).fetchone()
    assert member == (True,)


def test_the_exporter_role_scrapes_every_collector_without_error(seeded_dsn: str) -> None:
    """`primedb exporter` connected as primecloud_exporter: each collector reads what it needs."""
    as_exporter = make_conninfo(seeded_dsn, options=f"-c role={EXPORTER}")
    registry, collector = database_registry(as_exporter, queries=load_all(), scrape_timeout=10)
    try:
        page = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(generate_latest(registry).decode())
            for sample in family.samples
        }
    finally:
        collector.session.close()
    assert page[("primedb_up", ())] == 1.0
    errors = {k[1]: v for k, v in page.items() if k[0] == "primedb_scrape_errors_total"}
    assert errors and set(errors.values()) == {0.0}, errors
    assert page[("primedb_pg_statements_available", ())] == 1.0  # it reads pg_stat_statements


def test_the_roles_file_runs_again_and_in_parallel(server_dsn: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(lambda _: ensure_roles(server_dsn, SCHEMA_DIR), range(4)))
    assert [[p.name for p in files] for files in done] == [["01_roles.sql"]] * 4
    with psycopg.connect(server_dsn) as conn:
        found = conn.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'primecloud\\_%%' "
            "ORDER BY 1"
        ).fetchall()
    assert found == [(ANALYTICS, False), (APP, False), (EXPORTER, False)]
