"""Rule 6: versioning goes unversioned -> enabled <-> suspended, never back to unversioned."""

from psycopg import errors

from ._helpers import Conn, connect, new_account, new_bucket, one, refused

RULE = "buckets_versioning_transition"


def _versioning(conn: Conn, bucket: int) -> str:
    return one(conn, "SELECT versioning FROM buckets WHERE id = %s", [bucket])


def test_allowed_changes(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        bucket = new_bucket(conn, new_account(conn))
        assert _versioning(conn, bucket) == "unversioned"
        for state in ("enabled", "suspended", "enabled", "suspended"):
            conn.execute("UPDATE buckets SET versioning = %s WHERE id = %s", [state, bucket])
            assert _versioning(conn, bucket) == state


def test_never_back_to_unversioned(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for state in ("enabled", "suspended"):
            bucket = new_bucket(conn, account, versioning=state)  # any state on INSERT
            with refused(errors.CheckViolation, RULE) as info:
                conn.execute(
                    "UPDATE buckets SET versioning = 'unversioned' WHERE id = %s", [bucket]
                )
            assert info.value.diag.message_primary == (
                f"bucket versioning cannot change from {state} to unversioned"
            )
            assert _versioning(conn, bucket) == state


def test_unversioned_cannot_jump_to_suspended(schema_dsn: str) -> None:
    # Suspending needs versioning to have been enabled first.
    with connect(schema_dsn) as conn:
        bucket = new_bucket(conn, new_account(conn))
        with refused(errors.CheckViolation, RULE):
            conn.execute("UPDATE buckets SET versioning = 'suspended' WHERE id = %s", [bucket])
        assert _versioning(conn, bucket) == "unversioned"
        with refused(errors.CheckViolation, "buckets_versioning_valid"):
            conn.execute("UPDATE buckets SET versioning = 'disabled' WHERE id = %s", [bucket])
        assert _versioning(conn, bucket) == "unversioned"
