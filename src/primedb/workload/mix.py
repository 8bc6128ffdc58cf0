"""The operations of the workload and how often each runs: an application's day, compressed.

Reads dominate, as they do in front of an object store: the access-key lookup
every S3 request makes, inbox counters, listings and audit pages. Writes are
metering batches, notifications and the occasional quota request or bucket,
some of which the database refuses (a second pending quota request, a bucket
name already taken), as it would in production: those refusals are part of
what the error panels should show.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from primedb.storage import (
    Actor,
    DatabaseStorage,
    NotificationKind,
    QuotaResource,
    UsageMetric,
    UsageSample,
)
from primedb.workload.entities import Entities

__all__ = ["MIX", "Step", "pick"]

Action = Callable[[DatabaseStorage, Entities, random.Random], object]


@dataclass(frozen=True, slots=True)
class Step:
    """One kind of operation: its name in the summary, its weight, and what it does."""

    name: str
    weight: int
    run: Action
    writes: bool = False


def _audit_pages(storage: DatabaseStorage, e: Entities, rng: random.Random) -> object:
    account_id, _owner = e.account(rng)
    page = storage.audit_log(account_id, page_size=50)
    if page.next_cursor and rng.random() < 0.3:  # some people read on
        storage.audit_log(account_id, cursor=page.next_cursor, page_size=50)
    return page


def _usage_report(storage: DatabaseStorage, e: Entities, rng: random.Random) -> object:
    account_id, _owner = e.account(rng)
    now = datetime.now(UTC)
    return storage.usage_by_bucket_by_day(account_id, from_at=now - timedelta(days=30), to_at=now)


def _record_usage(storage: DatabaseStorage, e: Entities, rng: random.Random) -> object:
    account_id, bucket_id = e.bucket(rng)
    samples = [
        UsageSample(metric=metric, quantity=rng.randint(1, 10_000), bucket_id=bucket_id)
        for metric in rng.sample(list(UsageMetric), k=3)
    ]
    return storage.record_usage(account_id, samples)


def _notify(storage: DatabaseStorage, e: Entities, rng: random.Random) -> object:
    return storage.notify(
        e.user(rng), kind=rng.choice(list(NotificationKind)), title="Workload notice"
    )


def _quota_request(storage: DatabaseStorage, e: Entities, rng: random.Random) -> object:
    account_id, owner = e.account(rng)
    return storage.request_quota_increase(
        account_id,
        resource=rng.choice(list(QuotaResource)),
        current_limit=100,
        requested_limit=100 + rng.randint(1, 900),
        reason="workload",
        actor=Actor(user_id=owner),
    )


def _create_bucket(storage: DatabaseStorage, e: Entities, rng: random.Random) -> object:
    account_id, owner = e.account(rng)
    # A small name space: now and then the name is taken, and the database says so.
    name = f"workload-{rng.randint(1, 200)}"
    return storage.create_bucket(
        account_id, name=name, region="sa-east-1", actor=Actor(user_id=owner)
    )


MIX: tuple[Step, ...] = (
    Step("lookup_access_key", 30, lambda s, e, r: s.lookup_access_key(e.access_key(r))),
    Step("unread_notifications", 10, lambda s, e, r: s.unread_notifications(e.user(r))),
    Step("notifications", 8, lambda s, e, r: s.notifications(e.user(r))),
    Step("audit_log", 8, _audit_pages),
    Step("buckets", 8, lambda s, e, r: s.buckets(e.account(r)[0])),
    Step("get_account", 5, lambda s, e, r: s.get_account(e.account(r)[0])),
    Step("access_keys", 5, lambda s, e, r: s.access_keys(e.account(r)[0])),
    Step("members", 5, lambda s, e, r: s.members(e.account(r)[0])),
    Step("accounts_for_user", 4, lambda s, e, r: s.accounts_for_user(e.account(r)[1])),
    Step("usage_by_bucket_by_day", 4, _usage_report),
    Step("quota_requests", 2, lambda s, e, r: s.quota_requests(e.account(r)[0])),
    Step("pending_quota_requests", 1, lambda s, e, r: s.pending_quota_requests()),
    Step("record_usage", 6, _record_usage, writes=True),
    Step("notify", 3, _notify, writes=True),
    Step(
        "mark_notifications_read",
        2,
        lambda s, e, r: s.mark_notifications_read(e.user(r)),
        writes=True,
    ),
    Step("request_quota_increase", 1, _quota_request, writes=True),
    Step("create_bucket", 1, _create_bucket, writes=True),
)

_WEIGHTS = [step.weight for step in MIX]


def pick(rng: random.Random) -> Step:
    """The next operation, drawn by weight."""
    return rng.choices(MIX, weights=_WEIGHTS)[0]
