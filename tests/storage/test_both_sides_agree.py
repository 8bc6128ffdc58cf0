"""The same bad input gets the same error type and field from Python and from the database.

Each case runs a storage operation twice: once as shipped (the Python mirror of
the rule refuses before any statement), once with that mirror switched off by
monkeypatch, so the statement reaches PostgreSQL and its constraint or rule
trigger refuses (translated by `primedb.storage.constraints`). Both times the
database must be left unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from primedb.storage import (
    DatabaseStorage,
    RuleViolation,
    StorageError,
    UsageSample,
    ValidationError,
    access_keys,
    accounts,
    buckets,
    members,
    notifications,
    quotas,
    usage,
)

from ._helpers import CNPJS, World, refused


def _identity(value: Any, *_args: Any, **_kwargs: Any) -> Any:
    return value


def _nothing(*_args: Any, **_kwargs: Any) -> None:
    return None


@dataclass(frozen=True)
class Case:
    id: str
    module: object
    mirror: str  # the function of `module` that checks the rule in Python
    replacement: Callable[..., Any]
    call: Callable[[DatabaseStorage, World, Any], object]
    error: type[StorageError]
    field: str
    same_reason: bool = False  # the two sides word the reason alike (the database adds a hint)
    # Run before each refused call, outside the row count: its result is the call's third argument.
    prepare: Callable[[DatabaseStorage, World], Any] = lambda _s, _w: None


def _revoked_key(storage: DatabaseStorage, world: World) -> str:
    key_id = storage.create_access_key(world.account.id).key.access_key_id
    storage.revoke_access_key(world.account.id, key_id)
    return key_id


def _decided_request(storage: DatabaseStorage, world: World) -> int:
    request = storage.request_quota_increase(
        world.account.id, resource="buckets", current_limit=1, requested_limit=2
    )
    return storage.approve_quota_request(request.id).id


CASES = [
    Case(
        "cnpj check digits",
        accounts,
        "validate_cnpj",
        _identity,
        lambda s, w, _: s.create_account(name="X", cnpj="11.222.333/0001-82", owner=w.owner.id),
        ValidationError,
        "cnpj",
    ),
    Case(
        "blank account name",
        accounts,
        "require_not_blank",
        _identity,
        lambda s, w, _: s.create_account(name=" ", cnpj=CNPJS[1], owner=w.owner.id),
        ValidationError,
        "name",
    ),
    Case(
        "user e-mail shape",
        accounts,
        "validate_email",
        _identity,
        lambda s, w, _: s.create_user(email="ana at acme", name="Ana"),
        ValidationError,
        "email",
    ),
    Case(
        "account transition",
        accounts,
        "check_account_transition",
        _nothing,
        lambda s, w, _: s.approve_account(w.account.id),  # active -> approved
        RuleViolation,
        "status",
    ),
    Case(
        "bucket name",
        buckets,
        "validate_bucket_name",
        _identity,
        lambda s, w, _: s.create_bucket(w.account.id, name="Bad_Name", region="sa-east-1"),
        ValidationError,
        "name",
    ),
    Case(
        "bucket region",
        buckets,
        "validate_region",
        _identity,
        lambda s, w, _: s.create_bucket(w.account.id, name="fine-name", region="SA_EAST"),
        ValidationError,
        "region",
    ),
    Case(
        "lifecycle rules",
        buckets,
        "validate_lifecycle_rules",
        lambda rules, *_a, **_k: list(rules),
        lambda s, w, _: s.replace_lifecycle_rules(
            w.account.id,
            w.bucket.id,
            [
                {
                    "ID": "a",
                    "Status": "Enabled",
                    "Transitions": [{"Days": 30, "StorageClass": "TAPE"}],
                }
            ],
        ),
        ValidationError,
        "lifecycle_rules",
        same_reason=True,
    ),
    Case(
        "versioning back to unversioned",
        buckets,
        "check_versioning_transition",
        _nothing,
        lambda s, w, _: s.set_bucket_versioning(w.account.id, w.bucket.id, "unversioned"),
        RuleViolation,
        "versioning",
        prepare=lambda s, w: s.set_bucket_versioning(w.account.id, w.bucket.id, "enabled"),
    ),
    Case(
        "member role",
        members,
        "require_choice",
        _identity,
        lambda s, w, _: s.change_member_role(w.account.id, w.admin.id, "superuser"),
        ValidationError,
        "role",
    ),
    Case(
        "demoting the last owner",
        members,
        "_refuse_last_owner",
        _nothing,
        lambda s, w, _: s.change_member_role(w.account.id, w.owner.id, "member"),
        RuleViolation,
        "owner",
    ),
    Case(
        "removing the last owner",
        members,
        "_refuse_last_owner",
        _nothing,
        lambda s, w, _: s.remove_member(w.account.id, w.owner.id),
        RuleViolation,
        "owner",
    ),
    Case(
        "invitation in the past",
        members,
        "check_lifetime",
        _nothing,
        lambda s, w, _: s.invite_member(
            w.account.id, email="d@acme.com.br", role="viewer", expires_in=timedelta(hours=-1)
        ),
        ValidationError,
        "expires_in",
    ),
    Case(
        "rotating a revoked key",
        access_keys,
        "refuse_revoked",
        _nothing,
        lambda s, w, key_id: s.rotate_access_key(w.account.id, key_id),
        RuleViolation,
        "status",
        prepare=_revoked_key,
    ),
    Case(
        "reactivating a revoked key",
        access_keys,
        "refuse_revoked",
        _nothing,
        lambda s, w, key_id: s.activate_access_key(w.account.id, key_id),
        RuleViolation,
        "status",
        prepare=_revoked_key,
    ),
    Case(
        "usage metric",
        usage,
        "require_choice",
        _identity,
        lambda s, w, _: s.record_usage(w.account.id, [UsageSample(metric="cpu", quantity=1)]),
        ValidationError,
        "metric",
    ),
    Case(
        "negative usage",
        usage,
        "require_quantity",
        _identity,
        lambda s, w, _: s.record_usage(
            w.account.id, [UsageSample(metric="requests_get", quantity=-5)]
        ),
        ValidationError,
        "quantity",
    ),
    Case(
        "quota limit that does not increase",
        quotas,
        "check_limits",
        _nothing,
        lambda s, w, _: s.request_quota_increase(
            w.account.id, resource="buckets", current_limit=10, requested_limit=10
        ),
        ValidationError,
        "requested_limit",
    ),
    Case(
        "quota resource",
        quotas,
        "require_choice",
        _identity,
        lambda s, w, _: s.request_quota_increase(
            w.account.id, resource="gpus", current_limit=1, requested_limit=2
        ),
        ValidationError,
        "resource",
    ),
    Case(
        "deciding twice",
        quotas,
        "refuse_decided",
        _nothing,
        lambda s, w, request_id: s.reject_quota_request(request_id),
        RuleViolation,
        "status",
        prepare=_decided_request,
    ),
    Case(
        "notification kind",
        notifications,
        "require_choice",
        _identity,
        lambda s, w, _: s.notify(w.admin.id, kind="promo", title="Sale"),
        ValidationError,
        "kind",
    ),
    Case(
        "notification title too long",
        notifications,
        "require_not_blank",
        _identity,
        lambda s, w, _: s.notify(w.admin.id, kind="system", title="x" * 201),
        ValidationError,
        "title",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_python_and_database_refuse_alike(
    case: Case, storage: DatabaseStorage, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def attempt() -> StorageError:
        prepared = case.prepare(storage, world)
        return refused(
            world.dsn, case.error, lambda: case.call(storage, world, prepared), field=case.field
        )

    in_python = attempt()
    assert hasattr(case.module, case.mirror)
    monkeypatch.setattr(case.module, case.mirror, case.replacement)
    in_database = attempt()
    assert type(in_python) is type(in_database)
    assert in_python.__cause__ is None  # refused before any statement reached the database
    assert isinstance(in_database.__cause__, psycopg.Error)  # refused by PostgreSQL
    if case.same_reason:
        assert in_database.reason.startswith(in_python.reason + "; see ")
