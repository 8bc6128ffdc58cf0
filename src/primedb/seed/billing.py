"""Builders of the account-side tables: products, subscriptions, orders, invoices,
invitations and quota requests (small tables, one row per business event)."""

from collections.abc import Sequence

import numpy as np

from primedb.seed import binary_copy as bc
from primedb.seed import vocab
from primedb.seed.binary_copy import Column
from primedb.seed.distributions import pick
from primedb.seed.tables import Table, after, choice, ids, padded
from primedb.seed.world import US_PER_DAY, World

_PRICES = np.array([p for _, _, p in vocab.PRODUCTS], dtype=np.int64)


def products(w: World) -> Table:
    n = len(vocab.PRODUCTS)
    created = np.full(n, w.entities_start_us, dtype=np.int64)

    def build(start: int, stop: int) -> Sequence[Column]:
        codes = np.arange(start, stop)
        return [
            bc.int8("id", ids(start, stop)),
            bc.coded_text("sku", codes, [s for s, _, _ in vocab.PRODUCTS]),
            bc.coded_text("name", codes, [m for _, m, _ in vocab.PRODUCTS]),
            bc.int8("price_cents", _PRICES[start:stop]),
            bc.coded_text("currency", np.zeros(stop - start), ("BRL",)),
            bc.boolean("active", codes != n - 1),
            bc.timestamptz("created_at", created[start:stop]),
            bc.timestamptz("updated_at", created[start:stop]),
        ]

    return Table("products", n, build)


class Subscriptions:
    """One or two subscriptions per account, to distinct products."""

    def __init__(self, w: World) -> None:
        rng = w.rng("subscriptions")
        accounts = np.arange(w.sizes.accounts, dtype=np.int64)
        second = accounts[rng.random(len(accounts)) < 0.2]
        self.account = np.sort(np.concatenate([accounts, second]))
        first_of = np.r_[True, self.account[1:] != self.account[:-1]]
        base = rng.integers(0, len(vocab.PRODUCTS), w.sizes.accounts)[self.account]
        self.product = (base + np.where(first_of, 0, 3)) % len(vocab.PRODUCTS)
        self.status = choice(rng, vocab.SUBSCRIPTION_STATUS_P, len(self.account))
        self.started = w.created("subscriptions", len(self.account))
        self.ended = after(rng, self.started, 200)
        self.months = rng.integers(1, 13, len(self.account))


def subscriptions(w: World, subs: Subscriptions) -> Table:
    def build(start: int, stop: int) -> Sequence[Column]:
        part = slice(start, stop)
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", subs.account[part] + 1),
            bc.int8("product_id", subs.product[part] + 1),
            bc.coded_text("status", subs.status[part], vocab.SUBSCRIPTION_STATUSES),
            bc.timestamptz("started_at", subs.started[part]),
            bc.timestamptz("ended_at", subs.ended[part], nulls=subs.status[part] != 3),
            bc.timestamptz("created_at", subs.started[part]),
            bc.timestamptz("updated_at", subs.started[part]),
        ]

    return Table("subscriptions", len(subs.account), build)


def orders(w: World, subs: Subscriptions) -> Table:
    rng = w.rng("orders")
    chosen = np.sort(rng.integers(0, len(subs.account), 2 * w.sizes.accounts))
    quantity = rng.integers(1, 6, len(chosen))
    status = choice(rng, vocab.ORDER_STATUS_P, len(chosen))
    created = after(rng, subs.started[chosen], 300)

    def build(start: int, stop: int) -> Sequence[Column]:
        part = slice(start, stop)
        sub = chosen[part]
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", subs.account[sub] + 1),
            bc.int8("product_id", subs.product[sub] + 1),
            bc.int8("subscription_id", sub + 1),
            bc.int4("quantity", quantity[part]),
            bc.int8("total_cents", quantity[part] * _PRICES[subs.product[sub]]),
            bc.coded_text("status", status[part], vocab.ORDER_STATUSES),
            bc.timestamptz("created_at", created[part]),
            bc.timestamptz("updated_at", created[part]),
        ]

    return Table("orders", len(chosen), build)


def invoices(w: World, subs: Subscriptions) -> Table:
    rng = w.rng("invoices")
    sub = np.repeat(np.arange(len(subs.account)), subs.months)
    month = np.concatenate([np.arange(m) for m in subs.months]) if len(sub) else sub
    # Monthly periods counted back from the anchor month, in days since the Unix epoch.
    end_day = w.events_end_us // US_PER_DAY
    period_start = end_day - (month + 1) * 30
    status = choice(rng, vocab.INVOICE_STATUS_P, len(sub))
    due = (period_start + 40) * US_PER_DAY

    def build(start: int, stop: int) -> Sequence[Column]:
        part = slice(start, stop)
        s = sub[part]
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", subs.account[s] + 1),
            bc.int8("subscription_id", s + 1),
            bc.date("period_start", period_start[part]),
            bc.date("period_end", period_start[part] + 30),
            bc.int8("amount_cents", _PRICES[subs.product[s]]),
            bc.coded_text("status", status[part], vocab.INVOICE_STATUSES),
            bc.timestamptz("due_at", due[part]),
            bc.timestamptz("paid_at", due[part] - US_PER_DAY, nulls=status[part] != 0),
            bc.timestamptz("created_at", (period_start[part] + 30) * US_PER_DAY),
            bc.timestamptz("updated_at", (period_start[part] + 30) * US_PER_DAY),
        ]

    return Table("invoices", len(sub), build)


def invitations(w: World) -> Table:
    rng = w.rng("invitations")
    n = max(1, w.sizes.accounts // 2)
    account = np.sort(pick(w.account_weights, n, rng))  # busy accounts invite more
    role = rng.integers(0, vocab.OWNER, n)  # admin, member or viewer, never owner
    status = choice(rng, vocab.INVITATION_STATUS_P, n)
    pending = status == vocab.INVITATION_PENDING
    # Pending invitations are recent and still open through the as_of month;
    # the others were sent in the past and expired a week later.
    recent = w.events_end_us - rng.integers(1, 14 * US_PER_DAY, n, dtype=np.int64)
    created = np.where(pending, recent, w.created("invitations", n))
    expires = created + np.where(pending, 45, 7) * US_PER_DAY
    tokens = np.frombuffer(rng.bytes(32 * n), dtype="S32").copy()

    def build(start: int, stop: int) -> Sequence[Column]:
        part = slice(start, stop)
        i = ids(start, stop)
        return [
            bc.int8("id", i),
            bc.int8("account_id", account[part] + 1),
            bc.fixed_text("email", padded("invitee", i, 7, "@example.org")),
            bc.coded_text("role", role[part], vocab.ROLES),
            bc.fixed_bytea("token_hash", tokens[part]),
            bc.coded_text("status", status[part], vocab.INVITATION_STATUSES),
            bc.int8("invited_by", account[part] + 1),  # the account's first owner
            bc.timestamptz("expires_at", expires[part]),
            bc.timestamptz("accepted_at", created[part] + US_PER_DAY, nulls=status[part] != 1),
            bc.timestamptz("created_at", created[part]),
            bc.timestamptz("updated_at", created[part]),
        ]

    return Table("invitations", n, build)


def quota_requests(w: World) -> Table:
    rng = w.rng("quota_requests")
    wanted = rng.integers(0, 3, w.sizes.accounts)  # 0 to 2 requests per account
    account = np.repeat(np.arange(w.sizes.accounts, dtype=np.int64), wanted)
    nth = np.concatenate([np.arange(k) for k in wanted]) if len(account) else account
    resource = (account + nth) % len(vocab.QUOTA_RESOURCES)  # distinct per account
    status = choice(rng, vocab.QUOTA_STATUS_P, len(account))
    current = rng.integers(1, 100, len(account)) * 10
    created = w.created("quota_requests", len(account))

    def build(start: int, stop: int) -> Sequence[Column]:
        part = slice(start, stop)
        pending = status[part] == 0
        return [
            bc.int8("id", ids(start, stop)),
            bc.int8("account_id", account[part] + 1),
            bc.int8("requested_by", account[part] + 1),
            bc.coded_text("resource", resource[part], vocab.QUOTA_RESOURCES),
            bc.int8("current_limit", current[part]),
            bc.int8("requested_limit", current[part] * 2),
            bc.coded_text("status", status[part], vocab.QUOTA_STATUSES),
            bc.int8("decided_by", account[part] + 1, nulls=pending),
            bc.timestamptz("decided_at", created[part] + US_PER_DAY, nulls=pending),
            bc.timestamptz("created_at", created[part]),
            bc.timestamptz("updated_at", created[part]),
        ]

    return Table("quota_requests", len(account), build)
