"""The translation table names real constraints, and covers those that input can break."""

import psycopg
import pytest

from primedb.storage import Conflict, NotFound, RuleViolation, ValidationError
from primedb.storage.constraints import CONSTRAINTS, translate

# Every name the schema gives to a rule, with its table: constraints, unique indexes,
# and triggers (rule triggers raise their own name as the constraint).
RULE_NAMES = """
SELECT c.conname, r.relname FROM pg_catalog.pg_constraint c
JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
WHERE n.nspname = 'public' AND NOT r.relispartition AND c.contype <> 't'
UNION
SELECT i.relname, t.relname FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND x.indisunique AND NOT t.relispartition
UNION
SELECT t.tgname, r.relname FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class r ON r.oid = t.tgrelid
WHERE NOT t.tgisinternal AND NOT r.relispartition
"""

# The tables the storage layer writes, and the constraints there that no input of
# its callers can break (primary keys of identities, columns the storage layer or a
# trigger fills itself, triggers that are not rules).
STORAGE_TABLES = (
    "users",
    "accounts",
    "account_members",
    "invitations",
    "buckets",
    "access_keys",
    "usage_records",
    "quota_requests",
    "notifications",
    "audit_logs",
)
NOT_FROM_INPUT = {
    *(f"{t}_pkey" for t in STORAGE_TABLES if t != "account_members"),
    *(f"{t}_set_updated_at" for t in STORAGE_TABLES),
    "accounts_cnpj_normalize",  # normalises, refuses nothing
    "account_members_owner_deleted",  # these two raise accounts_owner_required
    "account_members_owner_demoted",
    "buckets_lifecycle_rules_explain",  # raises buckets_lifecycle_rules_valid
    "buckets_account_id_id_key",  # target of a foreign key; ids are identities
    "access_keys_stamp",
    "access_keys_revoked_at_matches_status",  # stamped by access_keys_stamp
    "access_keys_rotated_after_created",
    "invitations_accepted_at_matches_status",  # set together by one UPDATE
    "invitations_token_hash_sha256",  # the storage layer hashes
    "quota_requests_decided_at_matches_status",
    "quota_requests_decided_after_created",
    "access_keys_no_truncate",  # TRUNCATE is no storage operation
    "audit_logs_no_truncate",
    "audit_logs_default_no_truncate",
}


def _names(dsn: str) -> dict[str, str]:
    """Rule name -> table, for the storage tables."""
    with psycopg.connect(dsn) as conn:
        return dict(conn.execute(RULE_NAMES).fetchall())


def test_every_translated_name_exists_in_the_schema(schema_dsn: str) -> None:
    names = _names(schema_dsn)
    assert sorted(set(CONSTRAINTS) - set(names)) == []


def test_every_rule_that_input_can_break_is_translated(schema_dsn: str) -> None:
    names = _names(schema_dsn)
    relevant = {n for n, t in names.items() if t in STORAGE_TABLES} - NOT_FROM_INPUT
    assert sorted(relevant - set(CONSTRAINTS)) == []


def _error(dsn: str, statement: str) -> psycopg.Error:
    with psycopg.connect(dsn) as conn, pytest.raises(psycopg.Error) as caught:
        conn.execute(statement)
    return caught.value


def test_raw_violations_translate_by_name_class_and_key(schema_dsn: str) -> None:
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("INSERT INTO users (email, name) VALUES ('a@b.co', 'A')")
    duplicate = translate(
        _error(schema_dsn, "INSERT INTO users (email, name) VALUES ('A@b.co', 'B')")
    )
    assert isinstance(duplicate, Conflict) and duplicate.field == "email"
    assert str(duplicate) == "email conflicts: a user with this e-mail exists (lower(email)=a@b.co)"
    missing = translate(
        _error(
            schema_dsn, "INSERT INTO notifications (user_id, kind, title) VALUES (9, 'system', 't')"
        )
    )
    assert isinstance(missing, NotFound)
    assert str(missing) == "user not found: no such user (user_id=9)"
    shape = translate(_error(schema_dsn, "INSERT INTO users (email, name) VALUES ('nope', 'A')"))
    assert (
        isinstance(shape, ValidationError) and str(shape) == "invalid email: not an e-mail address"
    )
    # A rule trigger's own words, with its hint as the way out.
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("INSERT INTO accounts (id, name, cnpj) VALUES (1, 'A', '11222333000181')")
        conn.execute("INSERT INTO account_members VALUES (1, 1, 'owner')")
    with psycopg.connect(schema_dsn) as conn:
        conn.execute(
            "INSERT INTO audit_logs (account_id, action, resource_type) "
            "VALUES (1, 'a.b', 'account')"
        )
    append_only = translate(_error(schema_dsn, "DELETE FROM audit_logs"))
    assert isinstance(append_only, RuleViolation) and append_only.field == "audit_log"
    assert str(append_only).endswith(
        "; old events go away with their partition: drop_partitions_older_than()"
    )
    # Not an integrity error: not ours to translate.
    assert translate(_error(schema_dsn, "SELECT * FROM no_such_table")) is None
    # A data exception is bad input.
    overflow = translate(_error(schema_dsn, "SELECT 2147483648::int"))
    assert isinstance(overflow, ValidationError)
