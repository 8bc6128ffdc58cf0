"""Builders of the core tables: users, accounts, members, buckets, access keys.

A builder returns a `Table`: its name, its row count and a function giving the
columns of rows [start, stop). The loader calls it block by block (blocks of
`BLOCK_ROWS`, always the same boundaries), so a builder that draws per block
keys its random stream by the block's start and stays deterministic. Every
value satisfies the schema's rules by construction; the database still checks
each of them while loading.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from primedb.seed import binary_copy as bc
from primedb.seed import cnpj, vocab
from primedb.seed.binary_copy import Column
from primedb.seed.world import US_PER_DAY, Ints, World

__all__ = ["BLOCK_ROWS", "Table", "access_keys", "account_members", "accounts", "buckets", "users"]

# Rows per block. Part of what makes a seed reproducible: blocks draw from
# streams named by their first row, so changing this changes the data.
BLOCK_ROWS = 100_000

_B32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class Table:
    """A table to load: `build(start, stop)` gives the columns of rows [start, stop)."""

    name: str
    rows: int
    build: Callable[[int, int], Sequence[Column]]


def ids(start: int, stop: int) -> Ints:
    return np.arange(start + 1, stop + 1, dtype=np.int64)


def choice(rng: np.random.Generator, p: Sequence[float], size: int) -> Ints:
    """Codes 0..len(p)-1 drawn with probabilities p."""
    weights = np.asarray(p, dtype=np.float64)
    return rng.choice(len(p), size=size, p=weights / weights.sum()).astype(np.int64)


def padded(prefix: str, numbers: Ints, width: int, suffix: str = "") -> npt.NDArray[np.bytes_]:
    """prefix + number zero-padded to `width` digits + suffix, as one `S<n>` array."""
    digits = np.char.zfill(numbers.astype(f"S{width}"), width)
    joined: npt.NDArray[np.bytes_] = np.char.add(
        np.char.add(prefix.encode(), digits), suffix.encode()
    )
    return joined


def after(rng: np.random.Generator, base: Ints, max_days: int) -> Ints:
    """A time up to `max_days` after each of `base`."""
    return base + rng.integers(1, max_days * US_PER_DAY, size=len(base), dtype=np.int64)


def users(w: World) -> Table:
    created = w.created("users", w.sizes.users)

    def build(start: int, stop: int) -> Sequence[Column]:
        n = ids(start, stop)
        return [
            bc.int8("id", n),
            bc.fixed_text("email", padded("user", n, 7, "@example.com")),
            bc.fixed_text("name", padded("User ", n, 7)),
            bc.timestamptz("created_at", created[start:stop]),
            bc.timestamptz("updated_at", created[start:stop]),
        ]

    return Table("users", w.sizes.users, build)


def accounts(w: World) -> Table:
    n = w.sizes.accounts
    rng = w.rng("accounts")
    status = choice(rng, vocab.ACCOUNT_STATUS_P, n)
    alphanumeric = rng.random(n) < 0.1  # the CNPJ form of July 2026
    created = w.created("accounts", n)

    def build(start: int, stop: int) -> Sequence[Column]:
        i = ids(start, stop)
        return [
            bc.int8("id", i),
            bc.fixed_text("name", padded("Empresa ", i, 6, " Ltda")),
            bc.fixed_text("cnpj", cnpj.generate(i - 1, alphanumeric[start:stop])),
            bc.coded_text("status", status[start:stop], vocab.ACCOUNT_STATUSES),
            bc.timestamptz("created_at", created[start:stop]),
            bc.timestamptz("updated_at", created[start:stop]),
        ]

    return Table("accounts", n, build)


def account_members(w: World) -> Table:
    n = len(w.member_account)
    rng = w.rng("members")
    role = np.where(w.member_is_owner, vocab.OWNER, choice(rng, vocab.EXTRA_ROLE_P, n))
    created = w.created("members", n)

    def build(start: int, stop: int) -> Sequence[Column]:
        return [
            bc.int8("account_id", w.member_account[start:stop] + 1),
            bc.int8("user_id", w.member_user[start:stop] + 1),
            bc.coded_text("role", role[start:stop], vocab.ROLES),
            bc.timestamptz("created_at", created[start:stop]),
            bc.timestamptz("updated_at", created[start:stop]),
        ]

    return Table("account_members", n, build)


def buckets(w: World) -> Table:
    n = w.sizes.buckets
    rng = w.rng("buckets")
    region = rng.integers(0, len(vocab.REGIONS), n)
    versioning = choice(rng, vocab.VERSIONING_P, n)
    lifecycle = choice(rng, vocab.LIFECYCLE_P, n)
    created = w.created("buckets", n)

    def build(start: int, stop: int) -> Sequence[Column]:
        i = ids(start, stop)
        return [
            bc.int8("id", i),
            bc.int8("account_id", w.bucket_account[start:stop] + 1),
            bc.fixed_text("name", padded("bkt-", i, 8)),
            bc.coded_text("region", region[start:stop], vocab.REGIONS),
            bc.coded_text("versioning", versioning[start:stop], vocab.VERSIONING),
            bc.coded_jsonb("lifecycle_rules", lifecycle[start:stop], vocab.LIFECYCLE),
            bc.timestamptz("created_at", created[start:stop]),
            bc.timestamptz("updated_at", created[start:stop]),
        ]

    return Table("buckets", n, build)


def _access_key_ids(i: Ints) -> npt.NDArray[np.bytes_]:
    # An odd multiplier permutes 0..2**60-1, so ids map to distinct 12-character tails.
    mixed = (i.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) & np.uint64((1 << 60) - 1)
    shifts = np.arange(55, -1, -5, dtype=np.uint64)
    tail = _B32[((mixed[:, None] >> shifts) & np.uint64(31)).astype(np.intp)]
    head = np.tile(np.frombuffer(b"AKIAPCLD", dtype=np.uint8), (len(i), 1))
    return np.ascontiguousarray(np.concatenate([head, tail], axis=1)).view("S20").ravel()


def _sealed(secrets: npt.NDArray[np.bytes_]) -> npt.NDArray[np.bytes_]:
    """Sealed secrets start with a version byte 0x01, so they never look like text."""
    raw = np.frombuffer(secrets.tobytes(), dtype=np.uint8).reshape(len(secrets), -1).copy()
    raw[:, 0] = 1
    return raw.view(f"S{raw.shape[1]}").ravel()


def access_keys(w: World) -> Table:
    n = w.sizes.access_keys
    rng = w.rng("access_keys")
    # Keys go where the buckets are: the accounts that store most hold most keys.
    account = np.sort(w.bucket_account[rng.integers(0, len(w.bucket_account), n)])
    status = choice(rng, vocab.KEY_STATUS_P, n)
    created = w.created("access_keys", n)
    rotated = after(rng, created, 30)
    revoked = after(rng, rotated, 30)
    used = after(rng, created, 300)
    never_rotated = (status != vocab.KEY_REVOKED) & (rng.random(n) < 0.6)
    never_used = rng.random(n) < 0.2
    secrets = _sealed(np.frombuffer(rng.bytes(60 * n), dtype="S60"))

    def build(start: int, stop: int) -> Sequence[Column]:
        part = slice(start, stop)
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", account[part] + 1),
            bc.fixed_text("access_key_id", _access_key_ids(ids(start, stop))),
            bc.fixed_bytea("secret_ciphertext", secrets[part]),
            bc.coded_text("secret_kek_id", np.zeros(stop - start), ("seed-kek-1",)),
            bc.coded_text("status", status[part], vocab.KEY_STATUSES),
            bc.timestamptz("created_at", created[part]),
            bc.timestamptz("updated_at", created[part]),
            bc.timestamptz("rotated_at", rotated[part], nulls=never_rotated[part]),
            bc.timestamptz("revoked_at", revoked[part], nulls=status[part] != vocab.KEY_REVOKED),
            bc.timestamptz("last_used_at", used[part], nulls=never_used[part]),
        ]

    return Table("access_keys", n, build)
