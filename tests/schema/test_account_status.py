"""Rule 3: account status follows its state machine; any legal status on INSERT."""

import itertools

from psycopg import errors

from ._helpers import connect, count, make_cnpj, new_account, one, refused

STATUSES = ("pending", "approved", "active", "suspended", "closed")
ALLOWED = {
    ("pending", "approved"),
    ("pending", "closed"),
    ("approved", "active"),
    ("approved", "suspended"),
    ("approved", "closed"),
    ("active", "suspended"),
    ("active", "closed"),
    ("suspended", "active"),
    ("suspended", "closed"),
}
CHANGES = [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b]


def test_new_accounts_start_pending(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        assert one(conn, "SELECT status FROM accounts WHERE id = %s", [account]) == "pending"


def test_any_status_is_accepted_on_insert(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for status in STATUSES:
            new_account(conn, status=status)
        assert one(conn, "SELECT array_agg(status ORDER BY id) FROM accounts") == list(STATUSES)


def test_allowed_transitions_are_accepted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for old, new in sorted(ALLOWED):
            account = new_account(conn, status=old)
            conn.execute("UPDATE accounts SET status = %s WHERE id = %s", [new, account])
            assert one(conn, "SELECT status FROM accounts WHERE id = %s", [account]) == new


def test_other_transitions_are_refused_and_change_nothing(schema_dsn: str) -> None:
    refused_changes = [c for c in CHANGES if c not in ALLOWED]
    assert len(refused_changes) == 11
    with connect(schema_dsn) as conn:
        for old, new in refused_changes:
            account = new_account(conn, status=old)
            with refused(errors.CheckViolation, "accounts_status_transition") as info:
                conn.execute("UPDATE accounts SET status = %s WHERE id = %s", [new, account])
            assert info.value.diag.message_primary == (
                f"account status cannot change from {old} to {new}"
            )
            assert one(conn, "SELECT status FROM accounts WHERE id = %s", [account]) == old


def test_closed_is_final(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn, status="active")
        conn.execute("UPDATE accounts SET status = 'closed' WHERE id = %s", [account])
        for status in ("pending", "approved", "active", "suspended"):
            with refused(errors.CheckViolation, "accounts_status_transition"):
                conn.execute("UPDATE accounts SET status = %s WHERE id = %s", [status, account])
        # Other columns of a closed account may still change.
        conn.execute("UPDATE accounts SET name = 'Renamed' WHERE id = %s", [account])
        assert one(conn, "SELECT (name, status)::text FROM accounts WHERE id = %s", [account]) == (
            "(Renamed,closed)"
        )


def test_function_mirrors_the_state_machine(schema_dsn: str) -> None:
    pairs = list(itertools.product(STATUSES, STATUSES))
    with connect(schema_dsn) as conn:
        rows = conn.execute(
            "SELECT a, b, account_status_transition_allowed(a, b)"
            " FROM unnest(%s::text[], %s::text[]) AS t(a, b)",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        ).fetchall()
    assert {(a, b) for a, b, ok in rows if ok and a != b} == ALLOWED


def test_unknown_status_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        with refused(errors.CheckViolation, "accounts_status_valid"):
            conn.execute(
                "INSERT INTO accounts (name, cnpj, status) VALUES ('A', %s, 'deleted')",
                [make_cnpj()],
            )
        assert count(conn, "accounts") == 0
