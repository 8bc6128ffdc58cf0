"""Access keys: made with a secret shown once, rotated under the same id, revoked for good.

The secret is sealed by a `SecretBox` (AES-256-GCM) with the access key id as
associated data, and only the sealed bytes reach the database. A revoked key
is final: it is neither reactivated nor rotated (access_keys_revoked_is_final).
Keys are never deleted. An unknown account is left to the foreign key
access_keys_account_id_fkey (translated to `NotFound('account')`).
"""

from primedb.storage import audit
from primedb.storage.arguments import ACCESS_KEY_ID_MAX, require_id, require_text
from primedb.storage.credentials import new_access_key_id, new_access_key_secret
from primedb.storage.enums import AccessKeyStatus, AccountStatus
from primedb.storage.errors import NotFound, RuleViolation
from primedb.storage.models import AccessKey, AccessKeyCredential, NewAccessKey
from primedb.storage.permissions import Action, authorize
from primedb.storage.secretbox import SecretBox
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import require_choice

__all__ = [
    "access_keys_for_account",
    "change_status",
    "create_access_key",
    "lookup_access_key",
    "refuse_revoked",
    "rotate_access_key",
]

_STATUS_ACTIONS = {
    AccessKeyStatus.ACTIVE: "access_key.activated",
    AccessKeyStatus.INACTIVE: "access_key.deactivated",
    AccessKeyStatus.REVOKED: "access_key.revoked",
}


def key_row(row: Row) -> AccessKey:
    return AccessKey(
        id=row["id"],
        account_id=row["account_id"],
        access_key_id=row["access_key_id"],
        status=AccessKeyStatus(row["status"]),
        created_at=row["created_at"],
        rotated_at=row["rotated_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )


def _key_id(access_key_id: object) -> str:
    return require_text(access_key_id, "access_key_id", max_length=ACCESS_KEY_ID_MAX)


def access_keys_for_account(tx: Tx, account_id: int) -> tuple[AccessKey, ...]:
    require_id(account_id, "account_id")
    return tuple(key_row(r) for r in tx.all("access_keys_for_account", account_id=account_id))


def create_access_key(tx: Tx, box: SecretBox, account_id: int) -> NewAccessKey:
    """A new active key; its secret is in the result only."""
    require_id(account_id, "account_id")
    authorize(tx, Action.KEY_ISSUE, account_id)
    access_key_id = new_access_key_id()
    secret = new_access_key_secret()
    sealed, kek_id = box.seal(secret, access_key_id)
    key = key_row(
        tx.one(
            "insert_access_key",
            account_id=account_id,
            access_key_id=access_key_id,
            secret_ciphertext=sealed,
            secret_kek_id=kek_id,
        )
    )
    audit.record(
        tx,
        account_id=account_id,
        action="access_key.created",
        resource_type="access_key",
        resource_id=access_key_id,
    )
    return NewAccessKey(key=key, secret=secret)


def refuse_revoked(key: AccessKey) -> None:
    """access_keys_revoked_is_final, said before the UPDATE."""
    if key.status == AccessKeyStatus.REVOKED:
        raise RuleViolation(
            "status",
            f"access key {key.access_key_id} is revoked; revoked keys cannot be reactivated or "
            "rotated; create a new access key",
        )


def _lock_live(tx: Tx, account_id: int, access_key_id: str) -> AccessKey:
    row = tx.first("lock_access_key", account_id=account_id, access_key_id=access_key_id)
    if row is None:
        raise NotFound("access_key", f"no access key {access_key_id} in account {account_id}")
    key = key_row(row)
    refuse_revoked(key)
    return key


def rotate_access_key(tx: Tx, box: SecretBox, account_id: int, access_key_id: str) -> NewAccessKey:
    """A new secret for the same access key id; the old secret stops working at commit."""
    require_id(account_id, "account_id")
    _key_id(access_key_id)
    authorize(tx, Action.KEY_ISSUE, account_id)
    _lock_live(tx, account_id, access_key_id)
    secret = new_access_key_secret()
    sealed, kek_id = box.seal(secret, access_key_id)
    key = key_row(
        tx.one(
            "update_access_key_secret",
            account_id=account_id,
            access_key_id=access_key_id,
            secret_ciphertext=sealed,
            secret_kek_id=kek_id,
        )
    )
    audit.record(
        tx,
        account_id=account_id,
        action="access_key.rotated",
        resource_type="access_key",
        resource_id=access_key_id,
        metadata={"secret_kek_id": kek_id},
    )
    return NewAccessKey(key=key, secret=secret)


def change_status(
    tx: Tx, account_id: int, access_key_id: str, status: AccessKeyStatus | str
) -> AccessKey:
    """active <-> inactive, or -> revoked (final); the same status again changes nothing."""
    require_id(account_id, "account_id")
    _key_id(access_key_id)
    wanted = require_choice(status, AccessKeyStatus, "status")
    issuing = wanted == AccessKeyStatus.ACTIVE
    authorize(tx, Action.KEY_ISSUE if issuing else Action.KEY_DISABLE, account_id)
    current = _lock_live(tx, account_id, access_key_id)
    if current.status == wanted:
        return current
    row = tx.one(
        "update_access_key_status",
        account_id=account_id,
        access_key_id=access_key_id,
        status=wanted,
    )
    audit.record(
        tx,
        account_id=account_id,
        action=_STATUS_ACTIONS[wanted],
        resource_type="access_key",
        resource_id=access_key_id,
        metadata={"from": current.status, "to": wanted},
    )
    return key_row(row)


def lookup_access_key(tx: Tx, box: SecretBox, access_key_id: str) -> AccessKeyCredential | None:
    """What request signing needs, the secret unsealed; None for an unknown key id."""
    _key_id(access_key_id)
    row = tx.first("access_key_lookup", access_key_id=access_key_id)
    if row is None:
        return None
    return AccessKeyCredential(
        access_key_id=row["access_key_id"],
        key_id=row["id"],
        account_id=row["account_id"],
        key_status=AccessKeyStatus(row["status"]),
        account_status=AccountStatus(row["account_status"]),
        secret=box.open(row["secret_ciphertext"], row["secret_kek_id"], row["access_key_id"]),
    )
