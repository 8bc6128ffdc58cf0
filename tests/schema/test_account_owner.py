"""Rule 2: an account always has at least one owner once its transaction commits."""

from psycopg import errors

from ._helpers import (
    Conn,
    add_member,
    connect,
    count,
    make_cnpj,
    new_account,
    new_user,
    one,
    owner_of,
    refused,
)

RULE = "accounts_owner_required"


def _role(conn: Conn, account: int, user: int) -> str | None:
    row = conn.execute(
        "SELECT role FROM account_members WHERE account_id = %s AND user_id = %s", [account, user]
    ).fetchone()
    return row[0] if row else None


def test_account_and_owner_in_one_transaction_commit(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        assert count(conn, "account_members", "account_id = %s AND role = 'owner'", [account]) == 1


def test_account_without_owner_is_refused_at_commit(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        user = new_user(conn)
        with refused(errors.CheckViolation, RULE) as info, conn.transaction():
            account = one(
                conn,
                "INSERT INTO accounts (name, cnpj) VALUES ('A', %s) RETURNING id",
                [make_cnpj()],
            )
            add_member(conn, account, user, "admin")  # a member, but not an owner
        assert info.value.diag.table_name == "accounts"
        assert count(conn, "accounts") == 0
        assert count(conn, "account_members") == 0


def test_check_is_deferred_so_the_owner_may_come_last(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        with conn.transaction():
            account = one(
                conn,
                "INSERT INTO accounts (name, cnpj) VALUES ('A', %s) RETURNING id",
                [make_cnpj()],
            )
            add_member(conn, account, new_user(conn), "viewer")
            add_member(conn, account, new_user(conn), "owner")
        assert count(conn, "account_members", "account_id = %s", [account]) == 2


def test_removing_the_last_owner_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        owner = owner_of(conn, account)
        with refused(errors.CheckViolation, RULE):
            conn.execute("DELETE FROM account_members WHERE user_id = %s", [owner])
        assert _role(conn, account, owner) == "owner"


def test_demoting_the_last_owner_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        owner = owner_of(conn, account)
        with refused(errors.CheckViolation, RULE):
            conn.execute("UPDATE account_members SET role = 'admin' WHERE user_id = %s", [owner])
        assert _role(conn, account, owner) == "owner"


def test_moving_the_last_owner_to_another_account_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        first = new_account(conn)
        second = new_account(conn)
        owner = owner_of(conn, first)
        with refused(errors.CheckViolation, RULE):
            conn.execute(
                "UPDATE account_members SET account_id = %s WHERE account_id = %s", [second, first]
            )
        assert _role(conn, first, owner) == "owner"


def test_ownership_can_be_handed_over(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        old = owner_of(conn, account)
        new = new_user(conn)
        with conn.transaction():  # demote first, promote after: fine by commit
            conn.execute("UPDATE account_members SET role = 'admin' WHERE user_id = %s", [old])
            add_member(conn, account, new, "owner")
        conn.execute("DELETE FROM account_members WHERE user_id = %s", [old])
        assert _role(conn, account, new) == "owner"
        assert _role(conn, account, old) is None


def test_members_other_than_the_last_owner_come_and_go(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        second_owner, admin = new_user(conn), new_user(conn)
        add_member(conn, account, second_owner, "owner")
        add_member(conn, account, admin, "admin")
        conn.execute("DELETE FROM account_members WHERE user_id = %s", [admin])
        conn.execute("DELETE FROM account_members WHERE user_id = %s", [second_owner])
        assert count(conn, "account_members", "account_id = %s", [account]) == 1


def test_two_transactions_cannot_each_remove_one_of_two_owners(schema_dsn: str) -> None:
    with connect(schema_dsn) as setup:
        account = new_account(setup)
        first = owner_of(setup, account)
        second = new_user(setup)
        add_member(setup, account, second, "owner")
    with connect(schema_dsn) as a, connect(schema_dsn) as b:
        a.autocommit = b.autocommit = False
        a.execute("UPDATE account_members SET role = 'admin' WHERE user_id = %s", [first])
        b.execute("UPDATE account_members SET role = 'admin' WHERE user_id = %s", [second])
        a.commit()  # one owner left: fine
        with refused(errors.CheckViolation, RULE):
            b.commit()  # would leave none
    with connect(schema_dsn) as conn:
        assert _role(conn, account, second) == "owner"


def test_deleting_the_account_deletes_its_members(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        add_member(conn, account, new_user(conn), "member")
        conn.execute("DELETE FROM accounts WHERE id = %s", [account])
        assert count(conn, "accounts") == 0
        assert count(conn, "account_members") == 0


def test_deleting_the_user_who_is_the_last_owner_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        owner = owner_of(conn, account)
        with refused(errors.CheckViolation, RULE):
            conn.execute("DELETE FROM users WHERE id = %s", [owner])
        assert count(conn, "users", "id = %s", [owner]) == 1
        assert _role(conn, account, owner) == "owner"
