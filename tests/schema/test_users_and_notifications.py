"""Users: e-mail unique case-insensitively, with an e-mail shape, a name.
Notifications: a known kind, a title of 1 to 200 visible characters, unread by default."""

from psycopg import errors

from ._helpers import (
    connect,
    count,
    fetch,
    insert,
    new_notification,
    new_user,
    refused,
)

VALID_EMAILS = [
    "ana@example.com",
    "ana.silva+billing@empresa.com.br",
    "x@a.io",
    f"{'a' * 64}@{'b' * 185}.com",  # 254 characters, the RFC 5321 limit
]
INVALID_EMAILS = [
    "ana",
    "ana@",
    "@example.com",
    "ana@example",  # no dot in the domain
    "ana@@example.com",
    "ana silva@example.com",
    " ana@example.com",
    "ana@example.com\n",
    f"{'a' * 64}@{'b' * 186}.com",  # 255 characters
]


def test_email_is_unique_ignoring_case_and_kept_as_given(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        user = new_user(conn, "Ana.Silva@Example.com")
        for spelling in ("ana.silva@example.com", "ANA.SILVA@EXAMPLE.COM"):
            with refused(errors.UniqueViolation, "users_email_lower_key"):
                new_user(conn, spelling)
        assert fetch(conn, "users", user)["email"] == "Ana.Silva@Example.com"
        other = new_user(conn)
        with refused(errors.UniqueViolation, "users_email_lower_key"):
            conn.execute("UPDATE users SET email = 'ANA.silva@example.com' WHERE id = %s", [other])
        assert count(conn, "users") == 2


def test_email_has_an_email_shape(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for email in VALID_EMAILS:
            new_user(conn, email)
        for email in INVALID_EMAILS:
            with refused(errors.CheckViolation, "users_email_shape"):
                new_user(conn, email)
        assert count(conn, "users") == len(VALID_EMAILS)


def test_a_user_has_a_name(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for name in ("", "   "):
            with refused(errors.CheckViolation, "users_name_not_blank"):
                insert(conn, "users", {"email": "ana@example.com", "name": name})
        assert count(conn, "users") == 0


def test_notification_title_is_one_to_two_hundred_visible_characters(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        user = new_user(conn)
        for title in ("", "   ", "x" * 201, f"  {'x' * 201}  "):
            with refused(errors.CheckViolation, "notifications_title_length"):
                new_notification(conn, user, title=title)
        for title in ("x", "x" * 200, f"  {'x' * 200}  "):
            new_notification(conn, user, title=title)
        assert count(conn, "notifications") == 3


def test_a_notification_starts_unread_with_an_empty_body(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        notification = fetch(conn, "notifications", new_notification(conn, new_user(conn)))
        assert (notification["read"], notification["body"], notification["account_id"]) == (
            False,
            "",
            None,
        )
        with refused(errors.ForeignKeyViolation, "notifications_user_id_fkey"):
            new_notification(conn, 424242)
        with refused(errors.ForeignKeyViolation, "notifications_account_id_fkey"):
            new_notification(conn, new_user(conn), account_id=424242)
        assert count(conn, "notifications") == 1
