"""Who owns what: the skeleton of a synthetic PrimeCloudProV2, before any row is encoded.

Sizes follow the scale (scale 1: about 10k accounts, 30k users, 40k
memberships, 50k buckets, 60k access keys, 2M audit logs, 1M notifications,
2M usage records). Accounts get Zipf weights, so a few hold most buckets,
keys, logs and usage. Ids are 1-based and dense: index i is id i + 1.

Everything is drawn from random streams keyed by (seed, stream name), and
every date is relative to the first day of the `as_of` month (UTC), so the
data depends on (scale, seed, as_of month) only.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt

from primedb.seed.distributions import pick, zipf_weights

__all__ = ["US_PER_DAY", "Ints", "Sizes", "World", "make_world", "month_start"]

Ints = npt.NDArray[np.int64]
US_PER_DAY = 86_400_000_000


@dataclass(frozen=True, slots=True)
class Sizes:
    accounts: int
    users: int
    memberships: int
    buckets: int
    access_keys: int
    audit_logs: int
    notifications: int
    usage_records: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def n(base: int, floor: int) -> int:
            return max(floor, round(base * scale))

        return cls(
            accounts=n(10_000, 20),
            users=n(30_000, 60),
            memberships=n(40_000, 80),
            buckets=n(50_000, 100),
            access_keys=n(60_000, 120),
            audit_logs=n(2_000_000, 2_000),
            notifications=n(1_000_000, 1_000),
            usage_records=n(2_000_000, 2_000),
        )


def month_start(moment: datetime | date) -> date:
    """The first day of the UTC month of `moment` (a naive datetime counts as UTC)."""
    if isinstance(moment, datetime):
        moment = (moment.astimezone(UTC) if moment.tzinfo else moment).date()
    return moment.replace(day=1)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _unix_us(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 1_000_000


@dataclass(slots=True)
class World:
    """Relationships shared by the table builders (arrays hold 0-based indexes)."""

    sizes: Sizes
    seed: int
    events_start_us: int  # audit logs, usage, notifications: the 12 months before as_of
    events_end_us: int
    entities_start_us: int  # accounts, users, buckets...: the year before that
    account_weights: npt.NDArray[np.float64] = field(init=False)
    user_weights: npt.NDArray[np.float64] = field(init=False)
    member_account: Ints = field(init=False)  # sorted by (account, user)
    member_user: Ints = field(init=False)
    member_is_owner: npt.NDArray[np.bool_] = field(init=False)
    member_first: Ints = field(init=False)  # per account: its first row in member_*
    member_count: Ints = field(init=False)  # per account: how many members
    bucket_account: Ints = field(init=False)  # sorted: an account's buckets are adjacent

    def rng(self, stream: str) -> np.random.Generator:
        """An independent generator per stream, so tables and blocks don't shift each other."""
        digest = hashlib.blake2b(stream.encode(), digest_size=8).digest()
        return np.random.default_rng([self.seed, int.from_bytes(digest, "big")])

    def build(self) -> "World":
        s = self.sizes
        rng = self.rng("world")
        self.account_weights = zipf_weights(s.accounts, rng)
        self.user_weights = zipf_weights(s.users, rng, exponent=0.9)
        self._memberships(rng)
        self.bucket_account = np.sort(pick(self.account_weights, s.buckets, rng))
        return self

    def _memberships(self, rng: np.random.Generator) -> None:
        s = self.sizes
        # Account a is owned by user a; the other memberships are drawn by weight
        # (twice as many as needed, since repeated pairs are dropped).
        owners = np.arange(s.accounts, dtype=np.int64)
        extra = max(0, s.memberships - s.accounts)
        accounts = pick(self.account_weights, extra * 2, rng)
        users = pick(self.user_weights, extra * 2, rng)
        pairs = np.concatenate([owners * s.users + owners, accounts * s.users + users])
        _, first = np.unique(pairs, return_index=True)
        keep = np.sort(first)[: s.memberships]  # owners first, then extras in draw order
        chosen = pairs[keep]
        order = np.argsort(chosen, kind="stable")  # by (account, user)
        self.member_account = chosen[order] // s.users
        self.member_user = chosen[order] % s.users
        self.member_is_owner = (keep < s.accounts)[order]
        self.member_count = np.bincount(self.member_account, minlength=s.accounts)
        self.member_first = np.cumsum(self.member_count) - self.member_count

    def members_of(self, accounts: Ints, rng: np.random.Generator) -> Ints:
        """A random member (user index) of each given account."""
        offsets = (rng.random(len(accounts)) * self.member_count[accounts]).astype(np.int64)
        members: Ints = self.member_user[self.member_first[accounts] + offsets]
        return members

    def created(self, stream: str, n: int) -> Ints:
        """Sorted creation times of `n` entities, over the year before the events."""
        rng = self.rng(stream + ".created")
        end = self.events_start_us - 60 * US_PER_DAY
        return np.sort(rng.integers(self.entities_start_us, end, size=n, dtype=np.int64))


def make_world(sizes: Sizes, seed: int, as_of: date) -> World:
    """The world of `seed` at `sizes`, with events in the 12 months before `as_of`'s month."""
    anchor = month_start(as_of)
    events_start = _months_before(anchor, 12)
    world = World(
        sizes=sizes,
        seed=seed,
        events_start_us=_unix_us(events_start),
        events_end_us=_unix_us(anchor),
        entities_start_us=_unix_us(_months_before(events_start, 12)),
    )
    return world.build()
