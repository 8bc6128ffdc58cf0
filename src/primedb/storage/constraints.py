"""Database errors translated into the storage error types, by constraint name.

The schema names every constraint, and its rule triggers raise SQLSTATE 23xxx
with CONSTRAINT set to the rule's name (`raise_rule_violation`), so one table
maps each name to the error type and the field a caller knows: the same type
and field that the Python mirror of the rule (`validation`) raises. The reason
is ours for CHECKs (whose own message only says "violates check constraint")
and the database's for rule triggers (whose message already says what went
wrong, and whose hint is the way out). A name missing from the table still
becomes a typed error, by SQLSTATE class; so does a data exception (class 22,
such as a number out of range), as a `ValidationError`.
"""

import re
from dataclasses import dataclass

import psycopg

from primedb.storage.errors import (
    Conflict,
    NotFound,
    RuleViolation,
    StorageError,
    ValidationError,
)

__all__ = ["CONSTRAINTS", "Translation", "translate"]


@dataclass(frozen=True, slots=True)
class Translation:
    kind: type[StorageError]
    field: str
    reason: str | None = None  # None: the database's message (and hint) is the reason
    strip: str = ""  # a prefix of the database's message that the Python side does not say


def _v(field: str, reason: str) -> Translation:
    return Translation(ValidationError, field, reason)


CONSTRAINTS: dict[str, Translation] = {
    # users
    "users_email_shape": _v("email", "not an e-mail address"),
    "users_name_not_blank": _v("name", "must not be blank"),
    "users_name_length": _v("name", "longer than 200 characters"),
    "users_email_lower_key": Translation(Conflict, "email", "a user with this e-mail exists"),
    # accounts
    "accounts_name_not_blank": _v("name", "must not be blank"),
    "accounts_name_length": _v("name", "longer than 200 characters"),
    "accounts_status_valid": _v("status", "not an account status"),
    "accounts_cnpj_normalized": _v("cnpj", "not in normal form"),
    "accounts_cnpj_valid": _v("cnpj", "wrong shape or check digits"),
    "accounts_cnpj_key": Translation(Conflict, "cnpj", "an account with this CNPJ exists"),
    "accounts_status_transition": Translation(RuleViolation, "status"),
    "accounts_owner_required": Translation(
        RuleViolation, "owner", "an account must keep at least one owner"
    ),
    # account_members
    "account_members_pkey": Translation(Conflict, "user_id", "already a member of the account"),
    "account_members_role_valid": _v("role", "not a member role"),
    "account_members_account_id_fkey": Translation(NotFound, "account", "no such account"),
    "account_members_user_id_fkey": Translation(NotFound, "user", "no such user"),
    # invitations
    "invitations_email_shape": _v("email", "not an e-mail address"),
    "invitations_role_valid": _v("role", "not a member role"),
    "invitations_token_hash_key": Translation(Conflict, "token", "token already issued"),
    "invitations_expires_after_created": _v("expires_in", "must be in the future"),
    "invitations_account_id_fkey": Translation(NotFound, "account", "no such account"),
    "invitations_status_valid": _v("status", "not an invitation status"),
    "invitations_invited_by_fkey": Translation(
        RuleViolation, "invited_by", "the inviter must be a member of the account"
    ),
    "invitations_pending_email_key": Translation(
        Conflict, "email", "already has a pending invitation to this account"
    ),
    # buckets
    "buckets_account_id_name_key": Translation(
        Conflict, "name", "the account already has a bucket with this name"
    ),
    "buckets_name_valid": _v("name", "not a valid bucket name"),
    "buckets_region_shape": _v("region", "not a region such as 'sa-east-1'"),
    "buckets_region_length": _v("region", "longer than 32 characters"),
    "buckets_versioning_valid": _v("versioning", "not a versioning state"),
    "buckets_lifecycle_rules_valid": Translation(
        ValidationError, "lifecycle_rules", strip="invalid bucket lifecycle rules: "
    ),
    "buckets_account_id_fkey": Translation(NotFound, "account", "no such account"),
    "buckets_versioning_transition": Translation(RuleViolation, "versioning"),
    # access_keys
    "access_keys_access_key_id_key": Translation(
        Conflict, "access_key_id", "access key id already in use"
    ),
    "access_keys_access_key_id_shape": _v("access_key_id", "not 16-128 of A-Z and 0-9"),
    "access_keys_account_id_fkey": Translation(NotFound, "account", "no such account"),
    "access_keys_status_valid": _v("status", "not an access key status"),
    # The secret columns are written from a SecretBox, never from input: a refusal
    # here is a SecretBox that does not seal (a bug), said in plain words.
    "access_keys_secret_ciphertext_length": _v("secret", "sealed secret of the wrong length"),
    "access_keys_secret_not_plaintext": _v("secret", "looks like a plaintext secret"),
    "access_keys_secret_kek_id_not_blank": _v("secret_kek_id", "must not be blank"),
    "access_keys_secret_kek_id_length": _v("secret_kek_id", "longer than 64 characters"),
    "access_keys_access_key_id_immutable": Translation(RuleViolation, "access_key_id"),
    "access_keys_revoked_is_final": Translation(RuleViolation, "status"),
    "access_keys_no_delete": Translation(RuleViolation, "access_key"),
    # usage_records
    "usage_records_metric_valid": _v("metric", "not a usage metric"),
    "usage_records_quantity_not_negative": _v("quantity", "must not be negative"),
    "usage_records_account_id_fkey": Translation(NotFound, "account", "no such account"),
    "usage_records_bucket_fkey": Translation(
        NotFound, "bucket_id", "no such bucket in this account"
    ),
    # quota_requests
    "quota_requests_resource_valid": _v("resource", "not a quota resource"),
    "quota_requests_current_limit_not_negative": _v("current_limit", "must not be negative"),
    "quota_requests_requested_limit_increases": _v(
        "requested_limit", "must be above the current limit"
    ),
    "quota_requests_account_id_fkey": Translation(NotFound, "account", "no such account"),
    "quota_requests_requested_by_fkey": Translation(
        RuleViolation, "requested_by", "the requester must be a member of the account"
    ),
    "quota_requests_decided_by_fkey": Translation(NotFound, "decided_by", "no such user"),
    "quota_requests_one_pending_per_resource": Translation(
        Conflict, "resource", "a request for this resource is already pending"
    ),
    "quota_requests_status_transition": Translation(RuleViolation, "status"),
    "quota_requests_status_valid": _v("status", "not a quota request status"),
    "quota_requests_reason_length": _v("reason", "longer than 2000 characters"),
    # notifications
    "notifications_kind_valid": _v("kind", "not a notification kind"),
    "notifications_title_length": _v("title", "must have 1 to 200 characters"),
    "notifications_body_length": _v("body", "longer than 4000 characters"),
    "notifications_user_id_fkey": Translation(NotFound, "user", "no such user"),
    "notifications_account_id_fkey": Translation(NotFound, "account", "no such account"),
    # audit_logs
    "audit_logs_action_shape": _v("action", "not a dotted lower-case action name"),
    "audit_logs_resource_type_valid": _v("resource_type", "not an audited resource type"),
    "audit_logs_actor_user_id_fkey": Translation(NotFound, "actor", "no such user"),
    "audit_logs_resource_id_length": _v("resource_id", "must have 1 to 1024 characters"),
    "audit_logs_metadata_object": _v("metadata", "must be a JSON object"),
    "audit_logs_append_only": Translation(RuleViolation, "audit_log"),
}

# By SQLSTATE, for a constraint the table does not name.
_BY_SQLSTATE: dict[str, type[StorageError]] = {
    "23505": Conflict,  # unique_violation
    "23P01": Conflict,  # exclusion_violation
    "23503": NotFound,  # foreign_key_violation
    "23514": ValidationError,  # check_violation
    "23502": ValidationError,  # not_null_violation
    "23001": RuleViolation,  # restrict_violation
}

# "Key (account_id, bucket_id)=(1, 99) is not present in table ..." / "... already exists."
_KEY_DETAIL = re.compile(
    r"^Key \((?P<columns>.+?)\)=\((?P<values>.*)\) (?:is not present|already exists)"
)


def _key(detail: str | None) -> str:
    """` (account_id=1, bucket_id=2)` from a unique or foreign-key violation's detail."""
    match = _KEY_DETAIL.match(detail or "")
    if not match:
        return ""
    columns, values = match["columns"].split(", "), match["values"].split(", ")
    if len(columns) != len(values):  # a value holding ", ": keep the database's form
        return f" (({match['columns']})=({match['values']}))"
    return " (" + ", ".join(f"{c}={v}" for c, v in zip(columns, values, strict=True)) + ")"


def _database_reason(diag: psycopg.errors.Diagnostic, strip: str) -> str:
    message = (diag.message_primary or "").strip().removeprefix(strip)
    hint = (diag.message_hint or "").strip()
    return f"{message}; {hint}" if hint else message


def translate(exc: psycopg.Error) -> StorageError | None:
    """The storage error for an integrity or data error, or None for any other error."""
    sqlstate = exc.sqlstate or ""
    diag = exc.diag
    if sqlstate.startswith("22"):  # data exception: a value the column type cannot hold
        return ValidationError(diag.column_name or "value", _database_reason(diag, ""))
    if not sqlstate.startswith("23"):
        return None
    name = diag.constraint_name or ""
    if known := CONSTRAINTS.get(name):
        if known.reason is None:
            return known.kind(known.field, _database_reason(diag, known.strip))
        return known.kind(known.field, known.reason + _key(diag.message_detail))
    kind = _BY_SQLSTATE.get(sqlstate, RuleViolation)
    field = name or diag.column_name or diag.table_name or "value"
    return kind(field, _database_reason(diag, "") or str(exc))
