"""Records that cannot be wiped: kept tables refuse TRUNCATE, fiscal records DELETE and rewrites.

TRUNCATE of a table with rows is refused on audit_logs (and its default partition),
access_keys, orders and invoices (kept_records_no_truncate, SQLSTATE 23001, rule
`<table>_no_truncate`), while an empty one may be truncated and retention still
drops whole partitions. Orders and invoices are never deleted; an order's totals
never change; an issued invoice's amount and period never change and its status
follows draft -> open -> paid | void | uncollectible (paid and void final). The
last test connects as a role that owns nothing, which cannot step around any of it.
"""

import secrets
from datetime import UTC, datetime
from itertools import product

import psycopg
import pytest
from psycopg import errors, sql

from ._helpers import (
    Conn,
    connect,
    count,
    new_access_key,
    new_account,
    new_audit_log,
    new_invoice,
    new_order,
    refused,
)

KEPT = ("audit_logs", "audit_logs_default", "access_keys", "orders", "invoices")


def _fill(conn: Conn) -> int:
    account = new_account(conn, status="active")
    new_access_key(conn, account)
    new_order(conn, account)
    new_invoice(conn, account)
    new_audit_log(conn, account, created_at=datetime(1999, 1, 1, tzinfo=UTC))  # the default
    new_audit_log(conn, account)
    return account


@pytest.mark.parametrize("table", KEPT)
def test_a_kept_table_with_rows_refuses_truncate(schema_dsn: str, table: str) -> None:
    with connect(schema_dsn) as conn:
        _fill(conn)
        before = count(conn, table)
        with refused(errors.RestrictViolation, f"{table}_no_truncate") as info:
            conn.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(table)))
        assert "kept records" in str(info.value)
        assert count(conn, table) == before > 0


def test_a_cascade_from_accounts_is_refused_too(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        _fill(conn)
        with pytest.raises(errors.RestrictViolation):
            conn.execute("TRUNCATE accounts CASCADE")
        assert count(conn, "orders") == 1


@pytest.mark.parametrize("table", KEPT)
def test_an_empty_kept_table_may_be_truncated(schema_dsn: str, table: str) -> None:
    """What the seed does before it loads: truncating nothing wipes nothing."""
    with connect(schema_dsn) as conn:
        conn.execute(sql.SQL("TRUNCATE {} CASCADE").format(sql.Identifier(table)))


def test_retention_still_drops_old_partitions(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        now = datetime.now(UTC)
        old = datetime(now.year - 2, now.month, 1, tzinfo=UTC)
        conn.execute("SELECT ensure_monthly_partitions('audit_logs', 0, 30)")
        new_audit_log(conn, account, created_at=old)
        dropped = [
            name
            for (name,) in conn.execute(
                "SELECT * FROM drop_partitions_older_than('audit_logs', 12)"
            )
        ]
        assert f"audit_logs_{old:%Y_%m}" in dropped
        assert count(conn, "audit_logs", "created_at = %s", [old]) == 0


@pytest.mark.parametrize("table", ["orders", "invoices"])
def test_fiscal_records_are_never_deleted(schema_dsn: str, table: str) -> None:
    with connect(schema_dsn) as conn:
        _fill(conn)
        with refused(errors.RestrictViolation, f"{table}_no_delete"):
            conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        assert count(conn, table) == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("quantity", 2),
        ("total_cents", 1),
        ("currency", "USD"),
    ],
)
def test_an_orders_totals_are_fixed(schema_dsn: str, column: str, value: object) -> None:
    with connect(schema_dsn) as conn:
        order = new_order(conn, _fill(conn))
        statement = sql.SQL("UPDATE orders SET {} = %s WHERE id = %s").format(
            sql.Identifier(column)
        )
        with refused(errors.CheckViolation, "orders_totals_fixed"):
            conn.execute(statement, [value, order])
        conn.execute("UPDATE orders SET status = 'paid' WHERE id = %s", [order])


INVOICE_STATUSES = ("draft", "open", "paid", "void", "uncollectible")
ALLOWED = {
    ("draft", "open"),
    ("draft", "void"),
    ("open", "paid"),
    ("open", "void"),
    ("open", "uncollectible"),
    ("uncollectible", "paid"),
    ("uncollectible", "void"),
}


@pytest.mark.parametrize(("old", "new"), list(product(INVOICE_STATUSES, repeat=2)))
def test_the_invoice_state_machine(schema_dsn: str, old: str, new: str) -> None:
    with connect(schema_dsn) as conn:
        invoice = new_invoice(
            conn,
            new_account(conn),
            status=old,
            paid_at=datetime.now(UTC) if old == "paid" else None,
        )
        update = "UPDATE invoices SET status = %s, paid_at = %s WHERE id = %s"
        paid_at = datetime.now(UTC) if new == "paid" else None
        if old == new or (old, new) in ALLOWED:
            conn.execute(update, [new, paid_at, invoice])
        else:
            with refused(errors.CheckViolation, "invoices_status_transition"):
                conn.execute(update, [new, paid_at, invoice])


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("amount_cents", 1),
        ("currency", "USD"),
        ("period_start", "2026-09-01"),
        ("period_end", "2026-12-01"),
    ],
)
def test_an_issued_invoice_keeps_its_amount_and_period(
    schema_dsn: str, column: str, value: object
) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        statement = sql.SQL("UPDATE invoices SET {} = %s WHERE id = %s").format(
            sql.Identifier(column)
        )
        draft = new_invoice(conn, account)
        conn.execute(statement, [value, draft])  # a draft is still being written
        issued = new_invoice(conn, account, status="open", period_start="2026-08-01")
        with refused(errors.CheckViolation, "invoices_issued_immutable"):
            conn.execute(statement, [value, issued])
        conn.execute(
            "UPDATE invoices SET due_at = due_at + interval '1 day' WHERE id = %s", [issued]
        )


def test_a_role_that_owns_nothing_cannot_step_around_the_rules(schema_dsn: str) -> None:
    """What docs/architecture.md asks of the application's role, and why."""
    role = f"primedb_app_{secrets.token_hex(4)}"  # roles are the cluster's: one per run
    with connect(schema_dsn) as conn:
        _fill(conn)
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER").format(sql.Identifier(role)))
        conn.execute(
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE "
                "ON ALL TABLES IN SCHEMA public TO {}"
            ).format(sql.Identifier(role))
        )
        partition = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_catalog.pg_inherits i "
            "JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'audit_logs'::regclass AND c.relname <> 'audit_logs_default' "
            "ORDER BY 1 LIMIT 1"
        ).fetchone()
        assert partition is not None
        # A monthly partition made later by ensure_monthly_partitions() gets no grant.
        conn.execute(
            sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.SQL(partition[0]), sql.Identifier(role))
        )
    app = psycopg.conninfo.make_conninfo(schema_dsn, user=role)
    try:
        with psycopg.connect(app, autocommit=True) as conn:
            for statement, error in (
                ("TRUNCATE audit_logs", errors.RestrictViolation),
                ("TRUNCATE orders", errors.RestrictViolation),
                ("ALTER TABLE audit_logs DISABLE TRIGGER USER", errors.InsufficientPrivilege),
                (
                    "ALTER TABLE invoices DISABLE TRIGGER invoices_no_delete",
                    errors.InsufficientPrivilege,
                ),
                ("SET session_replication_role = replica", errors.InsufficientPrivilege),
                (f"TRUNCATE {partition[0]}", errors.InsufficientPrivilege),
                ("DELETE FROM invoices", errors.RestrictViolation),
            ):
                with pytest.raises(error):
                    conn.execute(statement)
    finally:
        with connect(schema_dsn) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
