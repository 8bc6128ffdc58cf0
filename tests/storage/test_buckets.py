"""Buckets: S3 names, versioning that never goes back, lifecycle rules replaced whole."""

from typing import Any

import pytest

from primedb.storage import (
    Conflict,
    DatabaseStorage,
    NotFound,
    RuleViolation,
    ValidationError,
    Versioning,
)

from ._helpers import CNPJS, World, audit_actions, fetch, refused

ARCHIVE: list[dict[str, Any]] = [
    {
        "ID": "archive-logs",
        "Status": "Enabled",
        "Filter": {"Prefix": "logs/"},
        "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}],
        "Expiration": {"Days": 365},
    },
    {
        "ID": "old-versions",
        "Status": "Disabled",
        "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
    },
]


def test_bucket_is_created_with_rules_and_listed(storage: DatabaseStorage, world: World) -> None:
    bucket = storage.create_bucket(
        world.account.id, name="acme-archive", region="sa-east-1", lifecycle_rules=ARCHIVE
    )
    assert bucket.versioning is Versioning.UNVERSIONED
    assert list(bucket.lifecycle_rules) == ARCHIVE
    assert [b.name for b in storage.buckets(world.account.id)] == ["acme-archive", "acme-logs"]
    assert [b.id for b in storage.buckets_with_lifecycle(world.account.id)] == [bucket.id]
    assert audit_actions(world.dsn, world.account.id)[-1] == "bucket.created"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("ab", "3 to 63 characters"),
        ("My-Bucket", "use lower-case letters"),
        ("logs..archive", "two adjacent dots"),
        ("192.168.5.4", "shaped like an IP address"),
        ("-logs", "starting and ending with a letter or digit"),
    ],
)
def test_bad_bucket_names_are_refused(
    storage: DatabaseStorage, world: World, name: str, reason: str
) -> None:
    error = refused(
        world.dsn,
        ValidationError,
        lambda: storage.create_bucket(world.account.id, name=name, region="sa-east-1"),
        field="name",
    )
    assert reason in str(error)


def test_bucket_refusals(storage: DatabaseStorage, world: World) -> None:
    account = world.account.id
    refused(
        world.dsn,
        Conflict,
        lambda: storage.create_bucket(account, name="acme-logs", region="us-east-1"),
        field="name",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.create_bucket(account, name="acme-new", region="Brazil"),
        field="region",
    )
    refused(
        world.dsn,
        NotFound,
        lambda: storage.create_bucket(999_999, name="acme-new", region="sa-east-1"),
        field="account",
    )
    bad = [{"ID": "x", "Status": "Enabled"}]
    error = refused(
        world.dsn,
        ValidationError,
        lambda: storage.create_bucket(
            account, name="acme-new", region="sa-east-1", lifecycle_rules=bad
        ),
        field="lifecycle_rules",
    )
    assert "rule [0]: needs an action" in str(error)


def test_the_same_name_in_another_account_is_fine(storage: DatabaseStorage, world: World) -> None:
    other = storage.create_account(name="Other", cnpj=CNPJS[1], owner=world.outsider.id)
    storage.approve_account(other.id)
    assert storage.create_bucket(other.id, name="acme-logs", region="sa-east-1").name == "acme-logs"


def test_versioning_goes_forward_and_never_back(storage: DatabaseStorage, world: World) -> None:
    account, bucket = world.account.id, world.bucket.id
    refused(
        world.dsn,
        RuleViolation,
        lambda: storage.set_bucket_versioning(account, bucket, "suspended"),
        field="versioning",
    )
    assert (
        storage.set_bucket_versioning(account, bucket, "enabled").versioning is Versioning.ENABLED
    )
    assert storage.set_bucket_versioning(account, bucket, "suspended").versioning == "suspended"
    assert storage.set_bucket_versioning(account, bucket, "suspended").versioning == "suspended"
    assert storage.set_bucket_versioning(account, bucket, "enabled").versioning == "enabled"
    error = refused(
        world.dsn,
        RuleViolation,
        lambda: storage.set_bucket_versioning(account, bucket, Versioning.UNVERSIONED),
        field="versioning",
    )
    assert "never back to unversioned" in str(error)
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.set_bucket_versioning(account, bucket, "on"),
        field="versioning",
    )
    assert audit_actions(world.dsn, account).count("bucket.versioning_changed") == 3


def test_a_bucket_is_found_only_in_its_own_account(storage: DatabaseStorage, world: World) -> None:
    other = storage.create_account(name="Other", cnpj=CNPJS[1], owner=world.outsider.id)
    storage.approve_account(other.id)
    for call in (
        lambda: storage.set_bucket_versioning(other.id, world.bucket.id, "enabled"),
        lambda: storage.replace_lifecycle_rules(other.id, world.bucket.id, ARCHIVE),
    ):
        refused(world.dsn, NotFound, call, field="bucket")


def test_lifecycle_rules_are_replaced_whole(storage: DatabaseStorage, world: World) -> None:
    account, bucket = world.account.id, world.bucket.id
    assert storage.buckets_with_lifecycle(account) == ()
    storage.replace_lifecycle_rules(account, bucket, ARCHIVE)
    assert [b.id for b in storage.buckets_with_lifecycle(account)] == [bucket]
    replaced = storage.replace_lifecycle_rules(account, bucket, ARCHIVE[1:])
    assert list(replaced.lifecycle_rules) == ARCHIVE[1:]
    assert storage.buckets_with_lifecycle(account) == ()  # the one left is disabled
    ((metadata,),) = fetch(
        world.dsn,
        "SELECT metadata FROM audit_logs WHERE action = 'bucket.lifecycle_rules_replaced' "
        "ORDER BY id DESC LIMIT 1",
    )
    assert metadata == {"rules": 1, "enabled": 0}
    duplicate_ids = [ARCHIVE[0], {**ARCHIVE[1], "ID": "archive-logs"}]
    error = refused(
        world.dsn,
        ValidationError,
        lambda: storage.replace_lifecycle_rules(account, bucket, duplicate_ids),
        field="lifecycle_rules",
    )
    assert str(error) == (
        "invalid lifecycle_rules: rule [1]: ID archive-logs is used by an earlier rule"
    )
