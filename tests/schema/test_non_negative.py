"""Rule 9: amounts, quantities and limits cannot be negative.

The catalog test finds every numeric column named like an amount, a quantity or
a limit (price_cents, total_cents, amount_cents, quantity, current_limit, ...)
and names any without a CHECK; each must be listed below, where its smallest
accepted value is inserted, one less is refused naming the CHECK, and an UPDATE
below it is refused and leaves the row as it was.
"""

import re
from collections.abc import Callable
from typing import Any

from psycopg import errors, sql

from ._helpers import (
    Conn,
    connect,
    fetch,
    new_account,
    new_invoice,
    new_order,
    new_product,
    new_quota_request,
    new_usage,
    one,
    refused,
)

AMOUNT_LIKE = re.compile(
    r"^(quantity|amount|price|total|count|size)$|_(cents|limit|count|bytes|quantity|amount)$"
)
NUMERIC_TYPES = ("int2", "int4", "int8", "numeric", "float4", "float8", "money")

Builder = Callable[[Conn, int, Any], int]

# (table, column) -> (the CHECK, the smallest accepted value, a row builder).
CASES: dict[tuple[str, str], tuple[str, int, Builder]] = {
    ("products", "price_cents"): (
        "products_price_not_negative",
        0,
        lambda conn, _, v: new_product(conn, price_cents=v),
    ),
    ("orders", "quantity"): (
        "orders_quantity_positive",
        1,
        lambda conn, account, v: new_order(conn, account, quantity=v),
    ),
    ("orders", "total_cents"): (
        "orders_total_not_negative",
        0,
        lambda conn, account, v: new_order(conn, account, total_cents=v),
    ),
    ("invoices", "amount_cents"): (
        "invoices_amount_not_negative",
        0,
        lambda conn, account, v: new_invoice(conn, account, amount_cents=v),
    ),
    ("usage_records", "quantity"): (
        "usage_records_quantity_not_negative",
        0,
        lambda conn, account, v: new_usage(conn, account, quantity=v),
    ),
    ("quota_requests", "current_limit"): (
        "quota_requests_current_limit_not_negative",
        0,
        lambda conn, account, v: new_quota_request(
            conn, account, resource="storage_bytes", current_limit=v, requested_limit=10**12
        ),
    ),
    # Above the current limit, itself at least 0: so at least 1.
    ("quota_requests", "requested_limit"): (
        "quota_requests_requested_limit_increases",
        1,
        lambda conn, account, v: new_quota_request(
            conn, account, resource="members", current_limit=0, requested_limit=v
        ),
    ),
}

COLUMNS = """
SELECT c.relname, a.attname, t.typname,
       coalesce(array_agg(k.conname ORDER BY k.conname)
                FILTER (WHERE k.conname IS NOT NULL), '{}') AS checks
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_constraint k
  ON k.conrelid = c.oid AND k.contype = 'c' AND k.convalidated AND a.attnum = ANY (k.conkey)
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
GROUP BY c.relname, a.attname, t.typname
"""


def _amount_columns(conn: Conn) -> dict[tuple[str, str], list[str]]:
    return {
        (table, column): checks
        for table, column, typname, checks in conn.execute(COLUMNS)
        if typname in NUMERIC_TYPES and AMOUNT_LIKE.search(column)
    }


def test_every_amount_column_has_a_check(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        found = _amount_columns(conn)
    unchecked = [f"{t}.{c}" for (t, c), checks in found.items() if not checks]
    assert unchecked == [], "amount, quantity or limit columns without a CHECK"
    assert sorted(found) == sorted(CASES), "list new amount columns in CASES"
    for key, (check, _, _) in CASES.items():
        assert check in found[key], key


def test_the_smallest_value_and_large_ones_are_accepted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for (table, column), (_, smallest, build) in CASES.items():
            for value in (smallest, smallest + 1, 2**31 - 1):
                # Rolled back: one pending quota request per resource.
                with conn.transaction(force_rollback=True):
                    row = fetch(conn, table, build(conn, account, value))
                assert row[column] == value, (table, column)


def test_values_below_the_smallest_are_refused_naming_the_check(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for (table, column), (check, smallest, build) in CASES.items():
            for value in (smallest - 1, -1, -(2**31)):
                with refused(errors.CheckViolation, check), conn.transaction():
                    build(conn, account, value)
                query = sql.SQL("SELECT count(*) FROM {} WHERE {} < %s").format(
                    sql.Identifier(table), sql.Identifier(column)
                )
                assert one(conn, query, [smallest]) == 0, (table, column)


def test_an_update_below_the_smallest_is_refused_and_changes_nothing(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for (table, column), (check, smallest, build) in CASES.items():
            row_id = build(conn, account, smallest)
            before = fetch(conn, table, row_id)
            update = sql.SQL("UPDATE {} SET {} = {} - 1 WHERE id = %s").format(
                sql.Identifier(table), sql.Identifier(column), sql.Identifier(column)
            )
            # An order's totals are fixed once placed: that rule refuses any change first.
            rule = "orders_totals_fixed" if table == "orders" else check
            with refused(errors.CheckViolation, rule):
                conn.execute(update, [row_id])
            assert fetch(conn, table, row_id) == before, (table, column)
