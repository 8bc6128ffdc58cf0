"""Metering: batches recorded whole or not at all, and read back per bucket per day."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from primedb.storage import (
    Actor,
    DatabaseStorage,
    NotFound,
    UsageMetric,
    UsageSample,
    ValidationError,
)
from primedb.storage.usage import MAX_BATCH

from ._helpers import CNPJS, World, fetch, refused

DAY = datetime(2026, 1, 1, tzinfo=UTC)


def _yesterday_at(hour: int) -> datetime:
    today = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today - timedelta(days=1)


def test_a_batch_is_one_statement_and_one_audit_row(storage: DatabaseStorage, world: World) -> None:
    account, bucket = world.account.id, world.bucket.id
    yesterday = _yesterday_at(10)
    samples = [
        UsageSample(metric="storage_bytes", quantity=1000, bucket_id=bucket, recorded_at=yesterday),
        UsageSample(
            metric=UsageMetric.STORAGE_BYTES,
            quantity=500,
            bucket_id=bucket,
            recorded_at=yesterday + timedelta(hours=2),
        ),
        UsageSample(metric="requests_get", quantity=7, bucket_id=bucket, recorded_at=yesterday),
        UsageSample(metric="egress_bytes", quantity=3, bucket_id=None),  # now, no bucket
    ]
    metering = Actor(ip="10.1.2.3")  # the metering job: the service, from its own address
    assert storage.record_usage(account, samples, actor=metering) == 4
    assert fetch(world.dsn, "SELECT count(*) FROM usage_records") == [(4,)]
    ((metadata,),) = fetch(
        world.dsn, "SELECT metadata FROM audit_logs WHERE action = 'usage_record.recorded'"
    )
    assert metadata == {
        "records": 4,
        "buckets": 1,
        "totals": {"egress_bytes": 3, "requests_get": 7, "storage_bytes": 1500},
    }
    days = storage.usage_by_bucket_by_day(
        account, from_at=yesterday - timedelta(days=1), to_at=yesterday + timedelta(days=1)
    )
    assert [(d.bucket_name, d.day, d.metric, d.quantity) for d in days] == [
        ("acme-logs", yesterday.date(), UsageMetric.REQUESTS_GET, 7),
        ("acme-logs", yesterday.date(), UsageMetric.STORAGE_BYTES, 1500),
    ]
    assert storage.record_usage(account, []) == 0


def test_days_are_utc_days(storage: DatabaseStorage, world: World) -> None:
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    brt = late.astimezone(ZoneInfo("America/Sao_Paulo"))  # 20:30 the same day in Brasília
    storage.record_usage(
        world.account.id,
        [
            UsageSample(
                metric="object_count", quantity=2, bucket_id=world.bucket.id, recorded_at=brt
            )
        ],
    )
    (usage,) = storage.usage_by_bucket_by_day(
        world.account.id, from_at=late - timedelta(days=1), to_at=late + timedelta(days=1)
    )
    assert usage.day == date(2026, 3, 1)


def test_a_bad_sample_refuses_the_whole_batch_naming_its_position(
    storage: DatabaseStorage, world: World
) -> None:
    good = UsageSample(metric="requests_put", quantity=1, bucket_id=world.bucket.id)
    cases = [
        (UsageSample(metric="cpu_seconds", quantity=1), "metric"),
        (UsageSample(metric="requests_put", quantity=-1), "quantity"),
        (UsageSample(metric="requests_put", quantity=2**63), "quantity"),
        (
            UsageSample(metric="requests_put", quantity=1, recorded_at=datetime(2026, 1, 1)),
            "recorded_at",
        ),
    ]
    for bad, field in cases:
        error = refused(
            world.dsn,
            ValidationError,
            lambda bad=bad: storage.record_usage(world.account.id, [good, good, bad]),
            field=field,
        )
        assert "samples[2]: " in str(error)
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.record_usage(world.account.id, [good] * (MAX_BATCH + 1)),
        field="samples",
    )


def test_a_bucket_of_another_account_refuses_the_batch(
    storage: DatabaseStorage, world: World
) -> None:
    other = storage.create_account(name="Other", cnpj=CNPJS[1], owner=world.outsider.id)
    storage.approve_account(other.id)
    foreign = storage.create_bucket(other.id, name="other-data", region="sa-east-1")
    samples = [
        UsageSample(metric="requests_put", quantity=1, bucket_id=world.bucket.id),
        UsageSample(metric="requests_put", quantity=1, bucket_id=foreign.id),
    ]
    error = refused(
        world.dsn,
        NotFound,
        lambda: storage.record_usage(world.account.id, samples),
        field="bucket_id",
    )
    assert f"(account_id={world.account.id}, bucket_id={foreign.id})" in str(error)
    refused(
        world.dsn,
        NotFound,
        lambda: storage.record_usage(999_999, samples[:1]),
        field="account",
    )


def test_usage_range_is_checked(storage: DatabaseStorage, world: World) -> None:
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.usage_by_bucket_by_day(world.account.id, from_at=DAY, to_at=DAY),
        field="to_at",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.usage_by_bucket_by_day(
            world.account.id, from_at=DAY.replace(tzinfo=None), to_at=DAY + timedelta(days=1)
        ),
        field="from_at",
    )
