"""Builders of the three big, append-only tables: audit logs, notifications, usage.

Rows are in time order over the 12 months before the anchor, as an
append-only table fills (ids follow time), with a growing rate. Each block
draws from its own stream, so any block can be built alone, and sorted
times let the loader send each block straight to its monthly partitions.
"""

from collections.abc import Sequence

import numpy as np

from primedb.seed import binary_copy as bc
from primedb.seed import vocab
from primedb.seed.binary_copy import Column
from primedb.seed.distributions import growing_times, pick
from primedb.seed.tables import Table, choice, ids
from primedb.seed.world import Ints, World

__all__ = ["audit_logs", "notifications", "usage_records"]

_ACTIONS = tuple(a for a, _ in vocab.AUDIT_EVENTS)
_RESOURCE_TYPES = tuple(sorted({r for _, r in vocab.AUDIT_EVENTS}))
_RESOURCE_OF = np.array([_RESOURCE_TYPES.index(r) for _, r in vocab.AUDIT_EVENTS])
_SYSTEM_KIND = vocab.NOTIFICATION_KINDS.index("system")


def _times(w: World, rng: np.random.Generator, start: int, stop: int, total: int) -> Ints:
    return growing_times(start, stop, total, w.events_start_us, w.events_end_us, rng)


def audit_logs(w: World) -> Table:
    n = w.sizes.audit_logs

    def build(start: int, stop: int) -> Sequence[Column]:
        rng = w.rng(f"audit_logs.{start}")
        size = stop - start
        account = pick(w.account_weights, size, rng)
        actor = w.members_of(account, rng)
        system = rng.random(size) < 0.08  # events without a human actor
        event = choice(rng, vocab.AUDIT_EVENT_P, size)
        resource = rng.integers(1, max(2, w.sizes.buckets), size)
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", account + 1),
            bc.int8("actor_user_id", actor + 1, nulls=system),
            bc.coded_text("action", event, _ACTIONS),
            bc.coded_text("resource_type", _RESOURCE_OF[event], _RESOURCE_TYPES),
            bc.fixed_text("resource_id", np.char.zfill(resource.astype("S10"), 10)),
            bc.coded_jsonb("metadata", rng.integers(0, len(vocab.AUDIT_METADATA), size),
                           vocab.AUDIT_METADATA),
            bc.inet4("ip", rng.integers(0x0B000000, 0xDF000000, size)),
            bc.timestamptz("created_at", _times(w, rng, start, stop, n)),
        ]  # fmt: skip

    return Table("audit_logs", n, build)


def notifications(w: World) -> Table:
    n = w.sizes.notifications
    span = w.events_end_us - w.events_start_us

    def build(start: int, stop: int) -> Sequence[Column]:
        rng = w.rng(f"notifications.{start}")
        size = stop - start
        account = pick(w.account_weights, size, rng)
        user = w.members_of(account, rng)
        created = _times(w, rng, start, stop, n)
        # Newer notifications are more often unread: the odds fall linearly with
        # age, 0.53 at the anchor, so about 30% are unread overall (rows are
        # denser in recent months: the mean of 1 - age is 0.57).
        age = (w.events_end_us - created) / span
        unread = rng.random(size) < 0.53 * (1 - age)
        kind = rng.integers(0, len(vocab.NOTIFICATION_KINDS), size)
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("user_id", user + 1),
            bc.int8("account_id", account + 1, nulls=kind == _SYSTEM_KIND),  # not about an account
            bc.coded_text("kind", kind, vocab.NOTIFICATION_KINDS),
            bc.coded_text("title", kind, vocab.NOTIFICATION_TITLES),
            bc.coded_text("body", rng.integers(0, len(vocab.NOTIFICATION_BODIES), size),
                          vocab.NOTIFICATION_BODIES),
            bc.boolean("read", ~unread),
            bc.timestamptz("created_at", created),
        ]  # fmt: skip

    return Table("notifications", n, build)


def usage_records(w: World) -> Table:
    n = w.sizes.usage_records
    buckets = len(w.bucket_account)

    def build(start: int, stop: int) -> Sequence[Column]:
        rng = w.rng(f"usage_records.{start}")
        size = stop - start
        # Every bucket meters alike, so an account's usage follows its bucket count
        # (already skewed: a few accounts hold most buckets).
        bucket = rng.integers(0, buckets, size, dtype=np.int64)
        metric = rng.integers(0, len(vocab.USAGE_METRICS), size)
        quantity = np.minimum(rng.lognormal(mean=12.0, sigma=3.0, size=size), 2.0**62)
        # A few rows outlived their bucket (deleted later: bucket_id SET NULL).
        orphan = rng.random(size) < 0.02
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", w.bucket_account[bucket] + 1),
            bc.int8("bucket_id", bucket + 1, nulls=orphan),
            bc.coded_text("metric", metric, vocab.USAGE_METRICS),
            bc.int8("quantity", quantity.astype(np.int64)),
            bc.timestamptz("recorded_at", _times(w, rng, start, stop, n)),
        ]

    return Table("usage_records", n, build)
