"""Metering: usage recorded in batches, and read back per bucket per day.

A batch is one INSERT of unnested arrays (`insert_usage_records`): one round
trip and one statement however many samples, and all of them or none. Each
sample is checked first, and a refusal names its position. Whether each bucket
belongs to the account is left to the tenant-consistent foreign key
usage_records_bucket_fkey (translated to `NotFound('bucket_id')`). The batch
writes one audit row, with its totals, not one per sample.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from primedb.storage import audit
from primedb.storage.arguments import require_id, require_optional_id, shown
from primedb.storage.enums import UsageMetric
from primedb.storage.errors import ValidationError
from primedb.storage.models import BucketDailyUsage, UsageSample
from primedb.storage.permissions import Action, authorize
from primedb.storage.tx import Tx
from primedb.storage.validation import require_aware, require_choice, require_quantity

__all__ = ["MAX_BATCH", "record_usage", "usage_by_bucket_by_day"]

MAX_BATCH = 10_000  # samples per call: bounds one statement's memory and lock time


def _checked(samples: Sequence[UsageSample]) -> list[UsageSample]:
    checked: list[UsageSample] = []
    for pos, sample in enumerate(samples):
        if not isinstance(sample, UsageSample):
            raise ValidationError(
                "samples", f"samples[{pos}]: {shown(sample)} is not a UsageSample"
            )
        try:
            metric = require_choice(sample.metric, UsageMetric, "metric")
            require_quantity(sample.quantity, "quantity")
            require_optional_id(sample.bucket_id, "bucket_id")
            if sample.recorded_at is not None:
                require_aware(sample.recorded_at, "recorded_at")
        except ValidationError as exc:
            raise ValidationError(exc.field, f"samples[{pos}]: {exc.reason}") from None
        checked.append(
            UsageSample(
                metric=metric,
                quantity=sample.quantity,
                bucket_id=sample.bucket_id,
                recorded_at=sample.recorded_at,
            )
        )
    return checked


def record_usage(tx: Tx, account_id: int, samples: Sequence[UsageSample]) -> int:
    """Record every sample of the batch, or none; how many were recorded."""
    require_id(account_id, "account_id")
    if not isinstance(samples, list | tuple):
        raise ValidationError("samples", f"{shown(samples)} is not a list of UsageSample")
    if len(samples) > MAX_BATCH:
        raise ValidationError(
            "samples", f"at most {MAX_BATCH} per batch, got {len(samples)}; split the batch"
        )
    checked = _checked(samples)
    authorize(tx, Action.USAGE_RECORD, account_id)
    if not checked:
        return 0
    rows = tx.all(
        "insert_usage_records",
        account_id=account_id,
        bucket_ids=[s.bucket_id for s in checked],
        metrics=[str(s.metric) for s in checked],
        quantities=[s.quantity for s in checked],
        recorded_ats=[s.recorded_at for s in checked],
    )
    totals: Counter[str] = Counter()
    for s in checked:
        totals[str(s.metric)] += s.quantity
    audit.record(
        tx,
        account_id=account_id,
        action="usage_record.recorded",
        resource_type="usage_record",
        resource_id=None,
        metadata={
            "records": len(rows),
            "buckets": len({s.bucket_id for s in checked if s.bucket_id is not None}),
            "totals": dict(sorted(totals.items())),
        },
    )
    return len(rows)


def usage_by_bucket_by_day(
    tx: Tx, account_id: int, *, from_at: datetime, to_at: datetime
) -> tuple[BucketDailyUsage, ...]:
    """The account's usage per bucket, UTC day and metric over [from_at, to_at)."""
    require_id(account_id, "account_id")
    require_aware(from_at, "from_at")
    require_aware(to_at, "to_at")
    if not from_at < to_at:
        raise ValidationError("to_at", "must be after from_at")
    rows = tx.all("usage_by_bucket_by_day", account_id=account_id, from_at=from_at, to_at=to_at)
    return tuple(
        BucketDailyUsage(
            bucket_id=r["bucket_id"],
            bucket_name=r["bucket_name"],
            day=r["day"],
            metric=UsageMetric(r["metric"]),
            quantity=int(r["quantity"]),  # sum(bigint) is numeric
        )
        for r in rows
    )
