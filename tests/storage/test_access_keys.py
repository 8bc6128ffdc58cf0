"""Access keys: the secret shown once and stored sealed, rotation under the same id, revocation."""

import pytest

from primedb.storage import (
    AccessKeyStatus,
    AccountStatus,
    AesGcmKeyring,
    DatabaseStorage,
    NotFound,
    RuleViolation,
    ValidationError,
)

from ._helpers import CNPJS, World, audit_actions, fetch, refused


def _stored(world: World, access_key_id: str) -> tuple[bytes, str, str]:
    ((sealed, kek, row),) = fetch(
        world.dsn,
        "SELECT secret_ciphertext, secret_kek_id, k::text FROM access_keys k "
        "WHERE access_key_id = %s",
        (access_key_id,),
    )
    return bytes(sealed), kek, row


def test_secret_is_returned_once_and_only_stored_sealed(
    storage: DatabaseStorage, world: World
) -> None:
    new = storage.create_access_key(world.account.id, actor=world.as_owner)
    assert new.key.status is AccessKeyStatus.ACTIVE
    assert new.key.access_key_id.startswith("PCPK") and len(new.key.access_key_id) == 20
    assert len(new.secret) == 40 and new.secret not in repr(new)
    sealed, kek, row = _stored(world, new.key.access_key_id)
    assert kek == "test-kek-1"
    assert new.secret.encode() not in sealed and new.secret not in row
    credential = storage.lookup_access_key(new.key.access_key_id)
    assert credential is not None
    assert credential.secret == new.secret
    assert (credential.account_id, credential.account_status) == (
        world.account.id,
        AccountStatus.ACTIVE,
    )
    assert credential.usable
    assert [k.access_key_id for k in storage.access_keys(world.account.id)] == [
        new.key.access_key_id
    ]
    assert audit_actions(world.dsn, world.account.id)[-1] == "access_key.created"


def test_the_sealed_secret_is_bound_to_its_key_id(
    storage: DatabaseStorage, world: World, keyring: AesGcmKeyring
) -> None:
    first = storage.create_access_key(world.account.id)
    second = storage.create_access_key(world.account.id)
    sealed, kek, _ = _stored(world, first.key.access_key_id)
    assert keyring.open(sealed, kek, first.key.access_key_id) == first.secret
    with pytest.raises(ValidationError, match="does not open"):
        keyring.open(sealed, kek, second.key.access_key_id)
    with pytest.raises(ValidationError, match="not in the keyring"):
        keyring.open(sealed, "retired-kek", first.key.access_key_id)


def test_rotation_keeps_the_id_and_replaces_the_secret(
    storage: DatabaseStorage, world: World
) -> None:
    new = storage.create_access_key(world.account.id)
    rotated = storage.rotate_access_key(world.account.id, new.key.access_key_id)
    assert rotated.key.access_key_id == new.key.access_key_id
    assert rotated.key.id == new.key.id
    assert rotated.secret != new.secret
    assert rotated.key.rotated_at is not None
    credential = storage.lookup_access_key(new.key.access_key_id)
    assert credential is not None and credential.secret == rotated.secret
    assert audit_actions(world.dsn, world.account.id)[-1] == "access_key.rotated"


def test_deactivate_activate_and_revoke_for_good(storage: DatabaseStorage, world: World) -> None:
    account = world.account.id
    key_id = storage.create_access_key(account).key.access_key_id
    assert storage.deactivate_access_key(account, key_id).status is AccessKeyStatus.INACTIVE
    credential = storage.lookup_access_key(key_id)
    assert credential is not None and not credential.usable
    assert storage.activate_access_key(account, key_id).status is AccessKeyStatus.ACTIVE
    revoked = storage.revoke_access_key(account, key_id)
    assert revoked.status is AccessKeyStatus.REVOKED and revoked.revoked_at is not None
    for call in (
        lambda: storage.activate_access_key(account, key_id),
        lambda: storage.rotate_access_key(account, key_id),
        lambda: storage.revoke_access_key(account, key_id),
    ):
        error = refused(world.dsn, RuleViolation, call, field="status")
        assert str(error).endswith("create a new access key")
    assert audit_actions(world.dsn, account)[-3:] == [
        "access_key.deactivated",
        "access_key.activated",
        "access_key.revoked",
    ]


def test_a_suspended_account_makes_its_keys_unusable(
    storage: DatabaseStorage, world: World
) -> None:
    key_id = storage.create_access_key(world.account.id).key.access_key_id
    storage.suspend_account(world.account.id)
    credential = storage.lookup_access_key(key_id)
    assert credential is not None
    assert credential.key_status is AccessKeyStatus.ACTIVE and not credential.usable


def test_key_refusals_write_nothing(storage: DatabaseStorage, world: World) -> None:
    key_id = storage.create_access_key(world.account.id).key.access_key_id
    other = storage.create_account(name="Other", cnpj=CNPJS[1], owner=world.outsider.id)
    storage.approve_account(other.id)
    refused(world.dsn, NotFound, lambda: storage.create_access_key(999_999), field="account")
    # Tenant isolation: another account cannot touch the key, even knowing its id.
    for call in (
        lambda: storage.rotate_access_key(other.id, key_id),
        lambda: storage.revoke_access_key(other.id, key_id),
        lambda: storage.deactivate_access_key(world.account.id, "PCPKNOSUCHKEY00000"),
    ):
        refused(world.dsn, NotFound, call, field="access_key")
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.set_access_key_status(world.account.id, key_id, "deleted"),
        field="status",
    )
    assert storage.lookup_access_key("PCPKNOSUCHKEY00000") is None
