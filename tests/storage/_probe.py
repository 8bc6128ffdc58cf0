"""The hostile-input probe of the storage layer: every public operation, every argument, bad values.

For each operation a fresh account is built through the API (so one operation's
accepted call cannot spoil the next one's), then each argument in turn gets each
bad value of its kind while the others keep good ones. A call ends one of four
ways, counted: refused with a documented typed error (`StorageError`), refused
with anything else (an *untyped* exception: `TypeError`, `psycopg.DataError`...),
accepted (a bad value that went through, like a float id PostgreSQL rounds), or
refused after writing (a *partial write*: row counts or the audit log changed).

A second pass acts on the account as a user of another account (the outsider,
owner of an account of their own) through every mutation, and counts those the
storage accepts (*crossed tenants*).

Run by `test_probe.py`; `python -m tests.storage._probe DSN` prints the figures.
"""

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from primedb.storage import (
    Actor,
    DatabaseStorage,
    StorageError,
    UsageSample,
)
from primedb.storage.validation import cnpj_check_digits

from ._helpers import TABLES

Thunk = Callable[[], Any]


def cnpj(n: int) -> str:
    """The n-th valid numeric CNPJ of the probe (bases 9000000000nn...)."""
    base = f"{90_000_000_000 + n:012d}"
    digits = cnpj_check_digits(base)
    assert digits is not None
    return base + digits


@dataclass(slots=True)
class Ground:
    """One fresh account and what its operations need: members, a bucket, a key, a token..."""

    owner: int
    admin: int
    member: int
    outsider: int
    account: int
    other_account: int
    bucket: int
    access_key_id: str
    token: str
    invitee_email: str
    request_id: int
    notification_id: int


def build(storage: DatabaseStorage, n: int) -> Ground:
    def user(tag: str) -> int:
        return storage.create_user(email=f"{tag}{n}@probe.com.br", name=f"{tag} {n}").id

    owner, admin, member, outsider = user("own"), user("adm"), user("mem"), user("out")
    account = storage.create_account(name=f"Probe {n}", cnpj=cnpj(2 * n), owner=owner).id
    storage.approve_account(account)
    storage.activate_account(account)
    other = storage.create_account(name=f"Other {n}", cnpj=cnpj(2 * n + 1), owner=outsider).id
    storage.approve_account(other)
    storage.activate_account(other)
    as_owner = Actor(user_id=owner)
    for uid, tag, role in ((admin, "adm", "admin"), (member, "mem", "member")):
        email = f"{tag}{n}@probe.com.br"
        invited = storage.invite_member(account, email=email, role=role, actor=as_owner)
        storage.accept_invitation(invited.token, actor=Actor(user_id=uid))
    invitee = f"new{n}@probe.com.br"
    token = storage.invite_member(account, email=invitee, role="member", actor=as_owner).token
    bucket = storage.create_bucket(account, name=f"probe-{n}", region="sa-east-1").id
    key = storage.create_access_key(account).key.access_key_id
    request = storage.request_quota_increase(
        account, resource="buckets", current_limit=10, requested_limit=20, actor=as_owner
    ).id
    note = storage.notify(owner, kind="system", title="hello", account_id=account).id
    return Ground(
        owner, admin, member, outsider, account, other, bucket, key, token, invitee, request, note
    )


# Kinds of argument, and the bad values each gets (thunks: some raise when made) --------


def _bad_ids(good: int) -> list[Thunk]:
    return [
        lambda: good + 0.4,  # PostgreSQL rounds it to `good`
        lambda: float(good),
        lambda: True,
        lambda: str(good),
        lambda: None,
        lambda: 2**70,
        lambda: -good,
        lambda: [good],
        lambda: b"1",
    ]


def _bad_texts(good: str) -> list[Thunk]:
    return [
        lambda: good + "\x00",
        lambda: good + "\ud800",
        lambda: good + "x" * 1_000_000,
        lambda: 5,
        lambda: None,
        lambda: good.encode(),
        lambda: [good],
        lambda: 1.5,
    ]


def _bad_others() -> list[Thunk]:
    return [lambda: 5, lambda: "junk\x00", lambda: object(), lambda: [object()], lambda: 2.5]


def _bad_actors(good: int) -> list[Thunk]:
    return [
        lambda: Actor(user_id=good + 0.4),  # type: ignore[arg-type]
        lambda: Actor(user_id=True),  # type: ignore[arg-type]
        lambda: Actor(user_id=str(good)),  # type: ignore[arg-type]
        lambda: Actor(user_id=good, ip=5),  # type: ignore[arg-type]
        lambda: Actor(user_id=good, ip="10.0.0.1\x00"),
        lambda: good,
        lambda: "admin",
        lambda: None,
    ]


@dataclass(frozen=True, slots=True)
class Arg:
    name: str
    kind: str  # id, text, actor, other
    good: Callable[[Ground], Any]
    optional: bool = False  # None is a good value


def _id(name: str, good: Callable[[Ground], Any], optional: bool = False) -> Arg:
    return Arg(name, "id", good, optional)


def _text(name: str, good: Callable[[Ground], Any], optional: bool = False) -> Arg:
    return Arg(name, "text", good, optional)


def _other(name: str, good: Callable[[Ground], Any], optional: bool = False) -> Arg:
    return Arg(name, "other", good, optional)


def _actor(good: Callable[[Ground], int] = lambda g: g.owner) -> Arg:
    return Arg("actor", "actor", good)


ACC = _id("account_id", lambda g: g.account)
KEY = _text("access_key_id", lambda g: g.access_key_id)
NOW = datetime.now(UTC)

# Every public operation of DatabaseStorage, with good values for each argument.
OPERATIONS: dict[str, tuple[Arg, ...]] = {
    "create_user": (_text("email", lambda g: "fresh@probe.com.br"), _text("name", lambda g: "F")),
    "create_account": (
        _text("name", lambda g: "Fresh"),
        _text("cnpj", lambda g: cnpj(10_000 + g.account)),
        _other("owner", lambda g: g.owner),
        _actor(),
    ),
    "get_account": (ACC,),
    "accounts_for_user": (_id("user_id", lambda g: g.owner),),
    "set_account_status": (ACC, _text("status", lambda g: "suspended"), _actor()),
    "approve_account": (ACC, _actor()),
    "activate_account": (ACC, _actor()),
    "suspend_account": (ACC, _actor()),
    "close_account": (ACC, _actor()),
    "invite_member": (
        ACC,
        _text("email", lambda g: "guest@probe.com.br"),
        _text("role", lambda g: "member"),
        _other("expires_in", lambda g: timedelta(days=1)),
        _actor(),
    ),
    "accept_invitation": (_text("token", lambda g: g.token), _actor(lambda g: g.outsider)),
    "change_member_role": (
        ACC,
        _id("user_id", lambda g: g.member),
        _text("role", lambda g: "viewer"),
        _actor(),
    ),
    "remove_member": (ACC, _id("user_id", lambda g: g.member), _actor()),
    "members": (ACC,),
    "pending_invitations": (ACC,),
    "create_bucket": (
        ACC,
        _text("name", lambda g: "fresh-bucket"),
        _text("region", lambda g: "sa-east-1"),
        _other("lifecycle_rules", lambda g: ()),
        _actor(),
    ),
    "set_bucket_versioning": (
        ACC,
        _id("bucket_id", lambda g: g.bucket),
        _text("versioning", lambda g: "enabled"),
        _actor(),
    ),
    "replace_lifecycle_rules": (
        ACC,
        _id("bucket_id", lambda g: g.bucket),
        _other("rules", lambda g: [{"ID": "a", "Status": "Enabled", "Expiration": {"Days": 3}}]),
        _actor(),
    ),
    "buckets": (ACC,),
    "buckets_with_lifecycle": (ACC,),
    "create_access_key": (ACC, _actor()),
    "rotate_access_key": (ACC, KEY, _actor()),
    "set_access_key_status": (ACC, KEY, _text("status", lambda g: "inactive"), _actor()),
    "activate_access_key": (ACC, KEY, _actor()),
    "deactivate_access_key": (ACC, KEY, _actor()),
    "revoke_access_key": (ACC, KEY, _actor()),
    "access_keys": (ACC,),
    "lookup_access_key": (KEY,),
    "record_usage": (
        ACC,
        _other(
            "samples",
            lambda g: [UsageSample(metric="requests_get", quantity=3, bucket_id=g.bucket)],
        ),
        Arg("actor", "actor", lambda g: None),  # metering is the service's
    ),
    "usage_by_bucket_by_day": (
        ACC,
        _other("from_at", lambda g: NOW - timedelta(days=2)),
        _other("to_at", lambda g: NOW),
    ),
    "request_quota_increase": (
        ACC,
        _text("resource", lambda g: "members"),
        _id("current_limit", lambda g: 5),
        _id("requested_limit", lambda g: 9),
        _text("reason", lambda g: "growth"),
        _actor(),
    ),
    "approve_quota_request": (
        _id("request_id", lambda g: g.request_id),
        Arg("actor", "actor", lambda g: None),
    ),
    "reject_quota_request": (
        _id("request_id", lambda g: g.request_id),
        Arg("actor", "actor", lambda g: None),
    ),
    "pending_quota_requests": (_id("page_size", lambda g: 10),),
    "quota_requests": (ACC,),
    "notify": (
        _id("user_id", lambda g: g.owner),
        _text("kind", lambda g: "billing"),
        _text("title", lambda g: "Invoice"),
        _text("body", lambda g: "due"),
        _id("account_id", lambda g: g.account, optional=True),
        Arg("actor", "actor", lambda g: None),
    ),
    "mark_notifications_read": (
        _id("user_id", lambda g: g.owner),
        _other("ids", lambda g: [g.notification_id], optional=True),
        Arg("actor", "actor", lambda g: g.owner),
    ),
    "notifications": (_id("user_id", lambda g: g.owner), _id("page_size", lambda g: 10)),
    "unread_notifications": (_id("user_id", lambda g: g.owner),),
    "audit_log": (
        ACC,
        _text("cursor", lambda g: None, optional=True),
        _id("page_size", lambda g: 10),
    ),
}

MUTATIONS = tuple(name for name, args in OPERATIONS.items() if any(a.kind == "actor" for a in args))


def _good(arg: Arg, ground: Ground) -> Any:
    value = arg.good(ground)
    if arg.kind == "actor":
        return Actor() if value is None else Actor(user_id=value)
    return value


def _bad(arg: Arg, ground: Ground) -> list[Thunk]:
    value = arg.good(ground)
    if arg.kind == "id":
        bad = _bad_ids(value if isinstance(value, int) else 1)
    elif arg.kind == "text":
        bad = _bad_texts(value if isinstance(value, str) else "abc")
    elif arg.kind == "actor":
        bad = _bad_actors(value if isinstance(value, int) else 1)
    else:
        bad = _bad_others()
    if arg.optional:
        return [b for b in bad if b() is not None]
    return bad


def snapshot(conn: psycopg.Connection[Any]) -> tuple[Any, ...]:
    """Rows of every table, and the newest audit row: what a refused call must leave alone."""
    counts = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES)
    rows = conn.execute(counts).fetchall()
    last = conn.execute("SELECT max(id) FROM audit_logs").fetchone()
    return (tuple(rows), last)


@dataclass(slots=True)
class Figures:
    calls: int = 0
    typed: int = 0
    untyped: int = 0
    accepted: int = 0
    partial_writes: int = 0
    crossed: int = 0
    untyped_kinds: Counter[str] = field(default_factory=Counter)
    accepted_calls: list[str] = field(default_factory=list)
    crossed_calls: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in self.untyped_kinds.most_common())
        return (
            f"{self.calls} calls: {self.typed} typed refusals, {self.untyped} untyped "
            f"exceptions ({kinds or 'none'}), {self.accepted} bad values accepted, "
            f"{self.partial_writes} partial writes; {self.crossed} of {len(MUTATIONS) - 1} "
            "mutations accepted from a user of another account"
        )


def run(storage: DatabaseStorage, dsn: str, *, start: int = 1) -> Figures:
    figures = Figures()
    serial = start * 1000
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name, args in OPERATIONS.items():
            for arg in args:
                serial += 1
                ground = build(storage, serial)
                for bad in _bad(arg, ground):
                    kwargs = {a.name: _good(a, ground) for a in args if a is not arg}
                    label = f"{name}({arg.name}=...)"
                    before = snapshot(conn)
                    figures.calls += 1
                    try:
                        kwargs[arg.name] = bad()
                        getattr(storage, name)(**kwargs)
                    except StorageError:
                        figures.typed += 1
                        changed = snapshot(conn) != before
                    except Exception as exc:  # the probe counts what escapes
                        figures.untyped += 1
                        figures.untyped_kinds[type(exc).__name__] += 1
                        changed = snapshot(conn) != before
                    else:
                        figures.accepted += 1
                        figures.accepted_calls.append(label)
                        continue
                    if changed:
                        figures.partial_writes += 1
        # Crossed tenants: the outsider (owner of another account) acts on this one.
        for name in MUTATIONS:
            serial += 1
            ground = build(storage, serial)
            args = OPERATIONS[name]
            kwargs = {a.name: _good(a, ground) for a in args}
            kwargs["actor"] = Actor(user_id=ground.outsider)
            if name == "accept_invitation":
                continue  # the token is the authority there, not membership
            if name == "create_account":
                kwargs["owner"] = ground.owner  # an account made for someone else
            try:
                getattr(storage, name)(**kwargs)
            except StorageError:
                continue
            figures.crossed += 1
            figures.crossed_calls.append(name)
    return figures


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    from primedb.storage import AesGcmKeyring

    with DatabaseStorage.open(sys.argv[1], box=AesGcmKeyring.generate()) as opened:
        result = run(opened, sys.argv[1])
    print(result.as_text())
    print("accepted:", ", ".join(sorted(set(result.accepted_calls))))
    print("crossed:", ", ".join(result.crossed_calls))
