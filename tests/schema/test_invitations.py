"""Invitations: a 32-byte unique token hash, one pending invitation per e-mail and
account (case-insensitively), accepted_at set exactly when accepted, expiry
after creation."""

import hashlib

from psycopg import errors

from ._helpers import connect, count, fetch, new_account, new_invitation, refused


def test_the_token_hash_is_a_sha256_digest(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for size in (0, 16, 31, 33, 64):
            with refused(errors.CheckViolation, "invitations_token_hash_sha256"):
                new_invitation(conn, account, token_hash=bytes(size))
        digest = hashlib.sha256(b"the mailed token").digest()
        invitation = new_invitation(conn, account, token_hash=digest)
        assert bytes(fetch(conn, "invitations", invitation)["token_hash"]) == digest


def test_the_token_hash_is_unique_across_accounts(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        digest = hashlib.sha256(b"token").digest()
        new_invitation(conn, new_account(conn), token_hash=digest, status="revoked")
        with refused(errors.UniqueViolation, "invitations_token_hash_key"):
            new_invitation(conn, new_account(conn), token_hash=digest)
        assert count(conn, "invitations") == 1


def test_one_pending_invitation_per_email_and_account_ignoring_case(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account, other = new_account(conn), new_account(conn)
        first = new_invitation(conn, account, email="Ana.Silva@Example.com")
        for spelling in ("ana.silva@example.com", "ANA.SILVA@EXAMPLE.COM"):
            with refused(errors.UniqueViolation, "invitations_pending_email_key"):
                new_invitation(conn, account, email=spelling)
        new_invitation(conn, other, email="ana.silva@example.com")  # another account
        # Once the first is no longer pending, a new one may be sent; old ones pile up.
        conn.execute("UPDATE invitations SET status = 'expired' WHERE id = %s", [first])
        second = new_invitation(conn, account, email="ana.silva@example.com")
        conn.execute("UPDATE invitations SET status = 'revoked' WHERE id = %s", [second])
        new_invitation(conn, account, email="ANA.silva@example.com")
        assert count(conn, "invitations", "account_id = %s", [account]) == 3
        # Reopening an old one while another is pending is refused too.
        with refused(errors.UniqueViolation, "invitations_pending_email_key"):
            conn.execute("UPDATE invitations SET status = 'pending' WHERE id = %s", [first])


def test_accepted_at_is_set_exactly_when_accepted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        invitation = new_invitation(conn, account)
        with refused(errors.CheckViolation, "invitations_accepted_at_matches_status"):
            conn.execute("UPDATE invitations SET status = 'accepted' WHERE id = %s", [invitation])
        with refused(errors.CheckViolation, "invitations_accepted_at_matches_status"):
            new_invitation(conn, account, accepted_at="2026-11-01")  # still pending
        conn.execute(
            "UPDATE invitations SET status = 'accepted', accepted_at = now() WHERE id = %s",
            [invitation],
        )
        assert fetch(conn, "invitations", invitation)["status"] == "accepted"
        assert count(conn, "invitations") == 1


def test_an_invitation_expires_after_it_was_created(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        with refused(errors.CheckViolation, "invitations_expires_after_created"):
            new_invitation(
                conn, account, created_at="2026-11-10 00:00+00", expires_at="2026-11-10 00:00+00"
            )
        with refused(errors.CheckViolation, "invitations_expires_after_created"):
            new_invitation(conn, account, expires_at="2001-01-01")
        invitation = new_invitation(
            conn, account, created_at="2026-11-10 00:00+00", expires_at="2026-11-17 00:00+00"
        )
        with refused(errors.CheckViolation, "invitations_expires_after_created"):
            conn.execute(
                "UPDATE invitations SET expires_at = created_at WHERE id = %s", [invitation]
            )
        assert count(conn, "invitations") == 1


def test_the_invitee_email_has_an_email_shape(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for email in ("ana", "ana@", "@example.com", "ana@example", "ana silva@example.com"):
            with refused(errors.CheckViolation, "invitations_email_shape"):
                new_invitation(conn, account, email=email)
        assert count(conn, "invitations") == 0
