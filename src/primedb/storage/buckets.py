"""Buckets: creation with S3 naming rules, versioning changes, lifecycle rules replaced whole.

An unknown account is left to the foreign key buckets_account_id_fkey (translated
to `NotFound('account')`): asking first would cost a round trip on every create.
"""

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb

from primedb.storage import audit
from primedb.storage.arguments import REGION_MAX, require_id, require_text
from primedb.storage.enums import Versioning
from primedb.storage.errors import NotFound
from primedb.storage.models import Bucket
from primedb.storage.permissions import Action, authorize
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import (
    check_versioning_transition,
    require_choice,
    validate_bucket_name,
    validate_lifecycle_rules,
    validate_region,
)

__all__ = [
    "buckets_for_account",
    "buckets_with_lifecycle",
    "create_bucket",
    "replace_lifecycle_rules",
    "set_versioning",
]


def bucket_row(row: Row) -> Bucket:
    return Bucket(
        id=row["id"],
        account_id=row["account_id"],
        name=row["name"],
        region=row["region"],
        versioning=Versioning(row["versioning"]),
        lifecycle_rules=tuple(row["lifecycle_rules"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


_NAME_MAX = 63  # bucket_name_is_valid()


def buckets_for_account(tx: Tx, account_id: int) -> tuple[Bucket, ...]:
    require_id(account_id, "account_id")
    return tuple(bucket_row(r) for r in tx.all("buckets_for_account", account_id=account_id))


def buckets_with_lifecycle(tx: Tx, account_id: int) -> tuple[Bucket, ...]:
    require_id(account_id, "account_id")
    return tuple(bucket_row(r) for r in tx.all("buckets_with_lifecycle", account_id=account_id))


def create_bucket(
    tx: Tx,
    account_id: int,
    *,
    name: str,
    region: str,
    lifecycle_rules: Sequence[dict[str, Any]] = (),
) -> Bucket:
    require_id(account_id, "account_id")
    validate_bucket_name(require_text(name, "name", max_length=_NAME_MAX + 1))
    validate_region(require_text(region, "region", max_length=REGION_MAX))
    rules = validate_lifecycle_rules(lifecycle_rules)
    authorize(tx, Action.BUCKET_WRITE, account_id)
    bucket = bucket_row(
        tx.one(
            "insert_bucket",
            account_id=account_id,
            name=name,
            region=region,
            lifecycle_rules=Jsonb(rules),
        )
    )
    audit.record(
        tx,
        account_id=account_id,
        action="bucket.created",
        resource_type="bucket",
        resource_id=bucket.id,
        metadata={"name": name, "region": region, "lifecycle_rules": len(rules)},
    )
    return bucket


def _lock(tx: Tx, account_id: int, bucket_id: int) -> Bucket:
    row = tx.first("lock_bucket", account_id=account_id, bucket_id=bucket_id)
    if row is None:
        raise NotFound("bucket", f"no bucket {bucket_id} in account {account_id}")
    return bucket_row(row)


def set_versioning(tx: Tx, account_id: int, bucket_id: int, versioning: Versioning | str) -> Bucket:
    """unversioned -> enabled <-> suspended; never back to unversioned."""
    require_id(account_id, "account_id")
    require_id(bucket_id, "bucket_id")
    wanted = require_choice(versioning, Versioning, "versioning")
    authorize(tx, Action.BUCKET_WRITE, account_id)
    current = _lock(tx, account_id, bucket_id)
    check_versioning_transition(current.versioning, wanted)
    if current.versioning == wanted:
        return current
    row = tx.one(
        "update_bucket_versioning",
        account_id=account_id,
        bucket_id=bucket_id,
        versioning=wanted,
    )
    audit.record(
        tx,
        account_id=account_id,
        action="bucket.versioning_changed",
        resource_type="bucket",
        resource_id=bucket_id,
        metadata={"from": current.versioning, "to": wanted},
    )
    return bucket_row(row)


def replace_lifecycle_rules(
    tx: Tx, account_id: int, bucket_id: int, rules: Sequence[dict[str, Any]]
) -> Bucket:
    """The bucket's whole rule set becomes `rules` (S3's PutBucketLifecycleConfiguration)."""
    require_id(account_id, "account_id")
    require_id(bucket_id, "bucket_id")
    valid = validate_lifecycle_rules(rules)
    authorize(tx, Action.BUCKET_WRITE, account_id)
    row = tx.first(
        "update_bucket_lifecycle_rules",
        account_id=account_id,
        bucket_id=bucket_id,
        lifecycle_rules=Jsonb(valid),
    )
    if row is None:
        raise NotFound("bucket", f"no bucket {bucket_id} in account {account_id}")
    audit.record(
        tx,
        account_id=account_id,
        action="bucket.lifecycle_rules_replaced",
        resource_type="bucket",
        resource_id=bucket_id,
        metadata={"rules": len(valid), "enabled": sum(r["Status"] == "Enabled" for r in valid)},
    )
    return bucket_row(row)
