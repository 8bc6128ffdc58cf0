"""Rule 7: access keys belong to an account, are revoked (never reactivated, never
deleted), keep their access_key_id when rotated, and never hold a plaintext secret."""

from typing import Any

from psycopg import errors

from ._helpers import (
    OTHER_SECRET,
    SECRET,
    Conn,
    connect,
    count,
    new_access_key,
    new_account,
    refused,
)


def _key(conn: Conn, key: int) -> dict[str, Any]:
    cur = conn.execute("SELECT * FROM access_keys WHERE id = %s", [key])
    row = cur.fetchone()
    assert row is not None and cur.description is not None
    return {c.name: v for c, v in zip(cur.description, row, strict=True)}


def test_key_needs_an_existing_account(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        with refused(errors.ForeignKeyViolation, "access_keys_account_id_fkey"):
            new_access_key(conn, 424242)
        assert count(conn, "access_keys") == 0


def test_active_and_inactive_alternate_and_revoking_stamps_revoked_at(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        key = new_access_key(conn, new_account(conn))
        assert _key(conn, key)["status"] == "active"
        for status in ("inactive", "active", "inactive", "revoked"):
            conn.execute("UPDATE access_keys SET status = %s WHERE id = %s", [status, key])
        row = _key(conn, key)
        assert row["status"] == "revoked"
        assert row["revoked_at"] is not None


def test_revoked_key_never_comes_back(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        key = new_access_key(conn, new_account(conn))
        conn.execute("UPDATE access_keys SET status = 'revoked' WHERE id = %s", [key])
        before = _key(conn, key)
        attempts = [
            ("UPDATE access_keys SET status = 'active' WHERE id = %s", [key]),
            ("UPDATE access_keys SET status = 'inactive' WHERE id = %s", [key]),
            ("UPDATE access_keys SET secret_ciphertext = %s WHERE id = %s", [OTHER_SECRET, key]),
        ]
        for query, params in attempts:
            with refused(errors.CheckViolation, "access_keys_revoked_is_final"):
                conn.execute(query, params)
        assert _key(conn, key) == before


def test_rotation_keeps_the_key_id_and_stamps_rotated_at(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        key = new_access_key(conn, new_account(conn))
        before = _key(conn, key)
        assert before["rotated_at"] is None
        conn.execute(
            "UPDATE access_keys SET secret_ciphertext = %s, secret_kek_id = 'kek-2' WHERE id = %s",
            [OTHER_SECRET, key],
        )
        after = _key(conn, key)
        assert after["access_key_id"] == before["access_key_id"]
        assert bytes(after["secret_ciphertext"]) == OTHER_SECRET
        assert after["rotated_at"] is not None


def test_access_key_id_is_immutable(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        key = new_access_key(conn, new_account(conn))
        before = _key(conn, key)
        with refused(errors.CheckViolation, "access_keys_access_key_id_immutable"):
            conn.execute(
                "UPDATE access_keys SET access_key_id = 'PCPKCHANGED00000000' WHERE id = %s", [key]
            )
        assert _key(conn, key) == before


def test_keys_are_never_deleted_but_go_with_their_account(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        key = new_access_key(conn, account)
        conn.execute("UPDATE access_keys SET status = 'revoked' WHERE id = %s", [key])
        with refused(errors.RestrictViolation, "access_keys_no_delete") as info:
            conn.execute("DELETE FROM access_keys WHERE id = %s", [key])
        assert info.value.diag.message_hint == "set status to 'revoked' instead"
        assert count(conn, "access_keys") == 1
        conn.execute("DELETE FROM accounts WHERE id = %s", [account])
        assert count(conn, "access_keys") == 0


def test_secret_material_is_never_plaintext(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        plaintext = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" + b"1234"  # 44 printable bytes
        with refused(errors.CheckViolation, "access_keys_secret_not_plaintext"):
            new_access_key(conn, account, secret_ciphertext=plaintext)
        with refused(errors.CheckViolation, "access_keys_secret_ciphertext_length"):
            new_access_key(conn, account, secret_ciphertext=SECRET[:20])
        assert count(conn, "access_keys") == 0


def test_key_shape_uniqueness_and_status_rules(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        new_access_key(conn, account, access_key_id="PCPK0000000000000001")
        with refused(errors.UniqueViolation, "access_keys_access_key_id_key"):
            new_access_key(conn, new_account(conn), access_key_id="PCPK0000000000000001")
        with refused(errors.CheckViolation, "access_keys_access_key_id_shape"):
            new_access_key(conn, account, access_key_id="pcpk-lower-case-0001")
        with refused(errors.CheckViolation, "access_keys_status_valid"):
            new_access_key(conn, account, status="deleted")
        with refused(errors.CheckViolation, "access_keys_revoked_at_matches_status"):
            new_access_key(conn, account, status="revoked")  # revoked needs revoked_at
        assert count(conn, "access_keys") == 1
