"""Subscriptions: at most one live (not canceled) subscription of an account to a
product; a canceled subscription has ended_at, and nothing ends before it started."""

from psycopg import errors

from ._helpers import (
    connect,
    count,
    fetch,
    new_account,
    new_product,
    new_subscription,
    refused,
)

ONE_LIVE = "subscriptions_one_live_per_product"


def test_one_live_subscription_per_product(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account, other = new_account(conn), new_account(conn)
        product = new_product(conn)
        new_subscription(conn, account, product, status="trialing")
        for status in ("trialing", "active", "past_due"):  # every live status counts
            with refused(errors.UniqueViolation, ONE_LIVE):
                new_subscription(conn, account, product, status=status)
        new_subscription(conn, account, new_product(conn))  # another product
        new_subscription(conn, other, product)  # another account
        # Canceled ones do not count: any number of them may sit beside the live one.
        for _ in range(2):
            new_subscription(conn, account, product, status="canceled", ended_at="2999-01-01")
        assert count(conn, "subscriptions", "account_id = %s", [account]) == 4


def test_a_canceled_subscription_cannot_come_back_beside_a_live_one(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        product = new_product(conn)
        old = new_subscription(conn, account, product)
        conn.execute(
            "UPDATE subscriptions SET status = 'canceled', ended_at = now() WHERE id = %s", [old]
        )
        new_subscription(conn, account, product)  # the renewal
        with refused(errors.UniqueViolation, ONE_LIVE):
            conn.execute("UPDATE subscriptions SET status = 'active' WHERE id = %s", [old])
        assert fetch(conn, "subscriptions", old)["status"] == "canceled"


def test_canceled_needs_ended_at(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        with refused(errors.CheckViolation, "subscriptions_canceled_has_ended_at"):
            new_subscription(conn, account, status="canceled")
        subscription = new_subscription(conn, account)
        with refused(errors.CheckViolation, "subscriptions_canceled_has_ended_at"):
            conn.execute(
                "UPDATE subscriptions SET status = 'canceled' WHERE id = %s", [subscription]
            )
        assert fetch(conn, "subscriptions", subscription)["status"] == "active"
        conn.execute(
            "UPDATE subscriptions SET status = 'canceled', ended_at = now() WHERE id = %s",
            [subscription],
        )
        # A live subscription may carry a planned end.
        new_subscription(conn, account, ended_at="2999-01-01")
        assert count(conn, "subscriptions") == 2


def test_a_subscription_does_not_end_before_it_started(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        with refused(errors.CheckViolation, "subscriptions_ended_after_started"):
            new_subscription(
                conn, account, started_at="2026-06-01", ended_at="2026-05-31", status="canceled"
            )
        new_subscription(
            conn, account, started_at="2026-06-01", ended_at="2026-06-01", status="canceled"
        )
        assert count(conn, "subscriptions") == 1
