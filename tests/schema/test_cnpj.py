"""Rule 1: a CNPJ is valid (numeric or alphanumeric check digits), normalised and unique."""

import random

import psycopg
import pytest
from psycopg import errors

from ._helpers import cnpj_check_digits, connect, count, make_cnpj, new_user, one, refused

# The official example of the alphanumeric form (Receita Federal, July 2026).
OFFICIAL_ALPHANUMERIC = "12.ABC.345/01DE-35"


# Pure-function vectors share one database: a clone per case would cost more
# than the checks (the mismatches show up as a dict diff).
VECTORS = {
    "11222333000181": True,
    "11.222.333/0001-81": True,
    "11222333000182": False,
    "00000000000000": False,
    "11111111111111": False,
    OFFICIAL_ALPHANUMERIC: True,
    "12ABC34501DE35": True,
    "12abc34501de35": True,  # normalised to upper case first
    "12ABC34501DE36": False,
    "12ABC34501DE3A": False,  # check digits are numeric
    "1122233300018": False,  # 13 characters
    "112223330001811": False,  # 15 characters
    "11*222*333*0001*81": False,  # only . / - and spaces are punctuation
    "": False,
}


def test_cnpj_is_valid(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        rows = conn.execute(
            "SELECT v, cnpj_is_valid(v) FROM unnest(%s::text[]) AS v", [list(VECTORS)]
        ).fetchall()
    assert dict(rows) == VECTORS


def test_official_alphanumeric_example_has_check_digits_35(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        assert one(conn, "SELECT cnpj_check_digits('12ABC34501DE')") == "35"
        assert one(conn, "SELECT cnpj_normalize(%s)", [OFFICIAL_ALPHANUMERIC]) == "12ABC34501DE35"


def test_sql_check_digits_match_the_python_mirror(schema_dsn: str) -> None:
    rng = random.Random(7)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    bases = ["".join(rng.choice(alphabet) for _ in range(12)) for _ in range(300)]
    with connect(schema_dsn) as conn:
        rows = conn.execute(
            "SELECT b, cnpj_check_digits(b) FROM unnest(%s::text[]) AS b", [bases]
        ).fetchall()
    assert {b: d for b, d in rows} == {b: cnpj_check_digits(b) for b in bases}


def test_punctuated_cnpj_is_stored_bare(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn, conn.transaction():
        account = one(
            conn,
            "INSERT INTO accounts (name, cnpj) VALUES ('Acme', '12.abc.345/01de-35') RETURNING id",
        )
        conn.execute(
            "INSERT INTO account_members VALUES (%s, %s, 'owner')", [account, new_user(conn)]
        )
        assert one(conn, "SELECT cnpj FROM accounts WHERE id = %s", [account]) == "12ABC34501DE35"


def test_invalid_cnpj_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for cnpj in ("11222333000182", "00000000000000", "12ABC34501DE36", "abc"):
            with refused(errors.CheckViolation, "accounts_cnpj_valid"):
                conn.execute("INSERT INTO accounts (name, cnpj) VALUES ('Acme', %s)", [cnpj])
        assert count(conn, "accounts") == 0


def test_update_to_invalid_cnpj_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        with conn.transaction():
            account = one(
                conn,
                "INSERT INTO accounts (name, cnpj) VALUES ('Acme', '11222333000181') RETURNING id",
            )
            conn.execute(
                "INSERT INTO account_members VALUES (%s, %s, 'owner')", [account, new_user(conn)]
            )
        with refused(errors.CheckViolation, "accounts_cnpj_valid"):
            conn.execute("UPDATE accounts SET cnpj = '11222333000182' WHERE id = %s", [account])
        assert one(conn, "SELECT cnpj FROM accounts WHERE id = %s", [account]) == "11222333000181"


def test_same_cnpj_in_another_spelling_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        with conn.transaction():
            account = one(
                conn,
                "INSERT INTO accounts (name, cnpj) VALUES ('Acme', '11222333000181') RETURNING id",
            )
            conn.execute(
                "INSERT INTO account_members VALUES (%s, %s, 'owner')", [account, new_user(conn)]
            )
        with refused(errors.UniqueViolation, "accounts_cnpj_key"):
            conn.execute("INSERT INTO accounts (name, cnpj) VALUES ('Other', '11.222.333/0001-81')")
        assert one(conn, "SELECT array_agg(id) FROM accounts") == [account]


def test_distinct_valid_cnpjs_are_accepted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn, conn.transaction():
        user = new_user(conn)
        for cnpj in (make_cnpj(), make_cnpj(), "12ABC34501DE35"):
            account = one(
                conn, "INSERT INTO accounts (name, cnpj) VALUES ('A', %s) RETURNING id", [cnpj]
            )
            conn.execute("INSERT INTO account_members VALUES (%s, %s, 'owner')", [account, user])
    with connect(schema_dsn) as conn:
        assert count(conn, "accounts") == 3


def test_check_still_holds_when_the_normalising_trigger_is_off(schema_dsn: str) -> None:
    # session_replication_role = replica, or a disabled trigger, skips the
    # normalisation; the CHECK keeps the stored form canonical regardless.
    with connect(schema_dsn) as conn:
        conn.execute("ALTER TABLE accounts DISABLE TRIGGER accounts_cnpj_normalize")
        with refused(errors.CheckViolation, "accounts_cnpj_normalized"):
            conn.execute("INSERT INTO accounts (name, cnpj) VALUES ('Acme', '11.222.333/0001-81')")
        assert count(conn, "accounts") == 0


def test_cnpj_functions_are_immutable(schema_dsn: str) -> None:
    # IMMUTABLE lets CHECKs and indexes use them, and the Python side mirror them.
    with connect(schema_dsn) as conn:
        rows = conn.execute(
            "SELECT proname, provolatile FROM pg_proc WHERE proname LIKE 'cnpj\\_%%'"
        ).fetchall()
    assert dict(rows) == {"cnpj_normalize": "i", "cnpj_is_valid": "i", "cnpj_check_digits": "i"}


def test_error_names_the_rule_for_a_dba(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn, pytest.raises(psycopg.Error) as info:
        conn.execute("INSERT INTO accounts (name, cnpj) VALUES ('Acme', '11222333000182')")
    assert info.value.sqlstate == "23514"
    assert info.value.diag.table_name == "accounts"
    assert 'violates check constraint "accounts_cnpj_valid"' in str(info.value)
