"""Rule 9: `updated_at` is maintained by the database on every table that has it.

What the schema does (set_updated_at() and one `<table>_set_updated_at` trigger per
table): an UPDATE that changes the row stamps updated_at with the time of its
transaction, whatever value the client sent; an UPDATE that changes nothing
leaves it alone. An INSERT keeps a value the client gives (a loader or a
migration copying history), else the default now().
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from psycopg import sql

from ._helpers import (
    Conn,
    connect,
    insert,
    make_cnpj,
    new_access_key,
    new_bucket,
    new_invitation,
    new_invoice,
    new_order,
    new_product,
    new_quota_request,
    new_subscription,
    new_user,
    one,
)

OLD = datetime(2001, 1, 1, tzinfo=UTC)


def _account(conn: Conn) -> int:
    with conn.transaction():
        account = insert(conn, "accounts", {"name": "Acme", "cnpj": make_cnpj(), "updated_at": OLD})
        _member_row(conn, account, "owner")
    return account


def _member_row(conn: Conn, account: int, role: str) -> dict[str, Any]:
    user = new_user(conn)
    conn.execute(
        "INSERT INTO account_members (account_id, user_id, role, updated_at)"
        " VALUES (%s, %s, %s, %s)",
        [account, user, role, OLD],
    )
    return {"account_id": account, "user_id": user}


def _by_id(build: Callable[[Conn, int], int]) -> Callable[[Conn, int], dict[str, Any]]:
    return lambda conn, account: {"id": build(conn, account)}


# table -> (a row of it, given an account, as its key columns; a real change).
CASES: dict[str, tuple[Callable[[Conn, int], dict[str, Any]], str]] = {
    "users": (
        _by_id(lambda conn, _: insert(conn, "users", {"email": _email(), "name": "A", **_old()})),
        "name = 'Renamed'",
    ),
    "accounts": (_by_id(lambda conn, _: _account(conn)), "name = 'Renamed'"),
    "account_members": (lambda conn, a: _member_row(conn, a, "member"), "role = 'admin'"),
    "invitations": (_by_id(lambda conn, a: new_invitation(conn, a, **_old())), "role = 'admin'"),
    "products": (_by_id(lambda conn, _: new_product(conn, **_old())), "name = 'Renamed'"),
    "subscriptions": (
        _by_id(lambda conn, a: new_subscription(conn, a, **_old())),
        "status = 'past_due'",
    ),
    "orders": (_by_id(lambda conn, a: new_order(conn, a, **_old())), "status = 'paid'"),
    "invoices": (_by_id(lambda conn, a: new_invoice(conn, a, **_old())), "status = 'open'"),
    "buckets": (_by_id(lambda conn, a: new_bucket(conn, a, **_old())), "region = 'br-rj-1'"),
    "access_keys": (
        _by_id(lambda conn, a: new_access_key(conn, a, **_old())),
        "last_used_at = now()",
    ),
    "quota_requests": (
        _by_id(lambda conn, a: new_quota_request(conn, a, **_old())),
        "reason = 'more room'",
    ),
}

_emails = iter(range(10**6))


def _email() -> str:
    return f"stamped{next(_emails)}@example.com"


def _old() -> dict[str, Any]:
    return {"updated_at": OLD}


TABLES_WITH_UPDATED_AT = """
SELECT c.relname, t.typname, a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attname = 'updated_at' AND NOT a.attisdropped
  AND c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY 1
"""

STAMPING_TRIGGERS = """
SELECT t.tgrelid::regclass::text, t.tgname, t.tgenabled, pg_catalog.pg_get_triggerdef(t.oid)
FROM pg_catalog.pg_trigger t
WHERE t.tgfoid = 'set_updated_at()'::regprocedure
ORDER BY 1
"""


def _expected_trigger(table: str) -> str:
    # BEFORE UPDATE with no column list (no UPDATE OF can skip it), per row,
    # guarded so that a no-op UPDATE is left alone.
    return (
        f"CREATE TRIGGER {table}_set_updated_at BEFORE UPDATE ON public.{table} "
        "FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION set_updated_at()"
    )


def test_every_table_with_updated_at_has_the_stamping_trigger(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        columns = conn.execute(TABLES_WITH_UPDATED_AT).fetchall()
        triggers = conn.execute(STAMPING_TRIGGERS).fetchall()
    tables = [table for table, *_ in columns]
    assert sorted(tables) == sorted(CASES), "list new tables with updated_at in CASES"
    assert all(row[1:] == ("timestamptz", True, "now()") for row in columns), columns
    assert {
        table: (name, enabled, definition) for table, name, enabled, definition in triggers
    } == {table: (f"{table}_set_updated_at", "O", _expected_trigger(table)) for table in tables}


def _where(key: dict[str, Any]) -> sql.Composable:
    return sql.SQL(" AND ").join(
        sql.SQL("{} = {}").format(sql.Identifier(column), sql.Literal(value))
        for column, value in key.items()
    )


def _updated_at(conn: Conn, table: str, key: dict[str, Any]) -> datetime:
    query = sql.SQL("SELECT updated_at FROM {} WHERE {}").format(sql.Identifier(table), _where(key))
    return one(conn, query)  # type: ignore[no-any-return]


def _update(conn: Conn, table: str, key: dict[str, Any], change: str) -> datetime:
    """Run the UPDATE in a transaction of its own; return that transaction's now()."""
    query = sql.SQL("UPDATE {} SET {} WHERE {}").format(
        sql.Identifier(table),
        sql.SQL(change),
        _where(key),
    )
    with conn.transaction():
        assert conn.execute(query).rowcount == 1
        return one(conn, "SELECT now()")  # type: ignore[no-any-return]


def _rows(conn: Conn) -> dict[str, dict[str, Any]]:
    """One row of every table with updated_at, all stamped OLD; their keys."""
    account = _account(conn)
    return {table: build(conn, account) for table, (build, _) in CASES.items()}


def test_a_client_value_on_insert_is_kept(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        keys = _rows(conn)
        for table, key in keys.items():
            assert _updated_at(conn, table, key) == OLD, table


def test_an_update_moves_updated_at_to_the_time_of_its_transaction(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        keys = _rows(conn)
        for table, key in keys.items():
            stamped = _update(conn, table, key, CASES[table][1])
            assert _updated_at(conn, table, key) == stamped > OLD, table


def test_a_no_op_update_leaves_updated_at_alone(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        keys = _rows(conn)
        for table, key in keys.items():
            column = CASES[table][1].split(" = ")[0]
            _update(conn, table, key, f"{column} = {column}")
            assert _updated_at(conn, table, key) == OLD, table


def test_a_client_supplied_value_on_update_is_overwritten(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        keys = _rows(conn)
        for table, key in keys.items():
            # Along with a real change, and alone: both are real changes of the row.
            stamped = _update(conn, table, key, f"{CASES[table][1]}, updated_at = '1999-01-01'")
            assert _updated_at(conn, table, key) == stamped, table
            stamped = _update(conn, table, key, "updated_at = '2999-01-01'")
            assert _updated_at(conn, table, key) == stamped, table


def test_a_cnpj_in_another_spelling_is_a_no_op(schema_dsn: str) -> None:
    # The normalising trigger runs before the stamping one, which then sees no change.
    with connect(schema_dsn) as conn:
        keys = _rows(conn)
        key = keys["accounts"]
        cnpj = one(conn, "SELECT cnpj FROM accounts WHERE id = %s", [key["id"]])
        spelled = f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"
        _update(conn, "accounts", key, f"cnpj = '{spelled}'")
        assert _updated_at(conn, "accounts", key) == OLD
