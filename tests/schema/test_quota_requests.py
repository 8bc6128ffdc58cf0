"""Quota requests: one pending per account and resource, a raise (requested above
current), decided_at set exactly when decided, and a decision is final."""

from psycopg import errors

from ._helpers import (
    Conn,
    add_member,
    connect,
    count,
    fetch,
    new_account,
    new_quota_request,
    new_user,
    refused,
)

TRANSITION = "quota_requests_status_transition"


def _decide(conn: Conn, request: int, status: str, staff: int | None = None) -> None:
    conn.execute(
        "UPDATE quota_requests SET status = %s, decided_at = now(), decided_by = %s WHERE id = %s",
        [status, staff, request],
    )


def test_one_pending_request_per_account_and_resource(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account, other = new_account(conn), new_account(conn)
        first = new_quota_request(conn, account, resource="buckets")
        with refused(errors.UniqueViolation, "quota_requests_one_pending_per_resource"):
            new_quota_request(conn, account, resource="buckets")
        new_quota_request(conn, account, resource="storage_bytes")  # another resource
        new_quota_request(conn, other, resource="buckets")  # another account
        _decide(conn, first, "rejected")
        new_quota_request(conn, account, resource="buckets")  # decided: may ask again
        assert count(conn, "quota_requests", "account_id = %s", [account]) == 3


def test_requested_limit_must_exceed_the_current_one(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for requested in (100, 99, 0):
            with refused(errors.CheckViolation, "quota_requests_requested_limit_increases"):
                new_quota_request(conn, account, current_limit=100, requested_limit=requested)
        request = new_quota_request(conn, account, current_limit=100, requested_limit=101)
        with refused(errors.CheckViolation, "quota_requests_requested_limit_increases"):
            conn.execute("UPDATE quota_requests SET requested_limit = 50 WHERE id = %s", [request])
        assert fetch(conn, "quota_requests", request)["requested_limit"] == 101


def test_decided_at_is_set_exactly_when_decided(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        request = new_quota_request(conn, account)
        with refused(errors.CheckViolation, "quota_requests_decided_at_matches_status"):
            conn.execute("UPDATE quota_requests SET status = 'approved' WHERE id = %s", [request])
        with refused(errors.CheckViolation, "quota_requests_decided_at_matches_status"):
            new_quota_request(conn, account, resource="members", decided_at="2999-01-01")
        with refused(errors.CheckViolation, "quota_requests_decided_at_matches_status"):
            new_quota_request(conn, account, resource="members", status="rejected")
        with refused(errors.CheckViolation, "quota_requests_decided_after_created"):
            conn.execute(
                "UPDATE quota_requests SET status = 'approved',"
                " decided_at = created_at - interval '1 second' WHERE id = %s",
                [request],
            )
        assert fetch(conn, "quota_requests", request)["status"] == "pending"
        # A loader may insert a decided request with its decision time.
        loaded = new_quota_request(
            conn, account, resource="members", status="approved", decided_at="2999-01-01"
        )
        assert fetch(conn, "quota_requests", loaded)["status"] == "approved"


def test_a_pending_request_is_approved_or_rejected(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        staff = new_user(conn)
        for status, resource in (("approved", "buckets"), ("rejected", "members")):
            request = new_quota_request(conn, account, resource=resource)
            _decide(conn, request, status, staff)
            row = fetch(conn, "quota_requests", request)
            assert (row["status"], row["decided_by"]) == (status, staff)
            assert row["decided_at"] is not None


def test_a_decision_is_final(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        staff = new_user(conn)
        for decided, others in (("approved", ("rejected", "pending")), ("rejected", ("approved",))):
            request = new_quota_request(conn, account, resource="buckets")
            _decide(conn, request, decided, staff)
            before = fetch(conn, "quota_requests", request)
            for status in others:
                with refused(errors.CheckViolation, TRANSITION) as info:
                    conn.execute(
                        "UPDATE quota_requests SET status = %s, decided_at = NULL WHERE id = %s",
                        [status, request],
                    )
                assert info.value.diag.message_primary == (
                    f"quota request status cannot change from {decided} to {status}"
                )
            assert fetch(conn, "quota_requests", request) == before


def test_what_was_decided_no_longer_changes(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        staff, other_staff = new_user(conn), new_user(conn)
        request = new_quota_request(conn, account)
        # Pending: the requester may still revise it.
        conn.execute("UPDATE quota_requests SET requested_limit = 300 WHERE id = %s", [request])
        _decide(conn, request, "approved", staff)
        before = fetch(conn, "quota_requests", request)
        for change in (
            "requested_limit = 10000",
            "current_limit = 0",
            "resource = 'members'",
            "reason = 'edited afterwards'",
            "decided_at = now() + interval '1 day'",
            f"decided_by = {other_staff}",
        ):
            with refused(errors.CheckViolation, TRANSITION) as info:
                conn.execute(
                    f"UPDATE quota_requests SET {change} WHERE id = %s",
                    [request],
                )
            assert info.value.diag.message_primary == (
                f"quota request {request} was already approved; a decided request cannot change"
            )
        assert fetch(conn, "quota_requests", request) == before


def test_decided_requests_outlive_their_requester_and_decider(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        member, staff = new_user(conn), new_user(conn)
        add_member(conn, account, member, "admin")
        request = new_quota_request(conn, account, requested_by=member)
        _decide(conn, request, "approved", staff)
        before = fetch(conn, "quota_requests", request)
        conn.execute("DELETE FROM account_members WHERE user_id = %s", [member])
        conn.execute("DELETE FROM users WHERE id = %s", [staff])
        after = fetch(conn, "quota_requests", request)
        assert {k: v for k, v in after.items() if k != "updated_at"} == {
            **{k: v for k, v in before.items() if k != "updated_at"},
            "requested_by": None,
            "decided_by": None,
        }
