"""Quota requests: asked by a member, decided once by staff."""

from primedb.storage import (
    Actor,
    Conflict,
    DatabaseStorage,
    Forbidden,
    NotFound,
    QuotaResource,
    QuotaStatus,
    RuleViolation,
    ValidationError,
)

from ._helpers import World, audit_actions, refused


def test_request_then_approve(storage: DatabaseStorage, world: World) -> None:
    request = storage.request_quota_increase(
        world.account.id,
        resource="buckets",
        current_limit=100,
        requested_limit=500,
        reason="new product line",
        actor=world.as_owner,
    )
    assert (request.status, request.requested_by, request.resource) == (
        QuotaStatus.PENDING,
        world.owner.id,
        QuotaResource.BUCKETS,
    )
    assert [r.id for r in storage.pending_quota_requests()] == [request.id]
    staff = storage.create_user(email="staff@primecloud.com.br", name="Staff")
    approved = storage.approve_quota_request(request.id, actor=Actor(user_id=staff.id, staff=True))
    assert approved.status is QuotaStatus.APPROVED
    assert (approved.decided_by, approved.decided_at is not None) == (staff.id, True)
    assert storage.pending_quota_requests() == ()
    assert [r.status for r in storage.quota_requests(world.account.id)] == ["approved"]
    assert audit_actions(world.dsn, world.account.id)[-2:] == [
        "quota_request.created",
        "quota_request.approved",
    ]


def test_a_decision_is_final(storage: DatabaseStorage, world: World) -> None:
    request = storage.request_quota_increase(
        world.account.id, resource="members", current_limit=5, requested_limit=10
    )
    assert storage.reject_quota_request(request.id).status is QuotaStatus.REJECTED
    for call in (
        lambda: storage.approve_quota_request(request.id),
        lambda: storage.reject_quota_request(request.id),
    ):
        error = refused(world.dsn, RuleViolation, call, field="status")
        assert str(error).endswith("was already rejected; open a new request")
    # After a decision, a new request for the same resource may be opened.
    again = storage.request_quota_increase(
        world.account.id, resource="members", current_limit=5, requested_limit=8
    )
    assert again.status is QuotaStatus.PENDING


def test_request_refusals_write_nothing(storage: DatabaseStorage, world: World) -> None:
    account = world.account.id
    storage.request_quota_increase(account, resource="buckets", current_limit=1, requested_limit=2)
    refused(
        world.dsn,
        Conflict,
        lambda: storage.request_quota_increase(
            account, resource="buckets", current_limit=1, requested_limit=3
        ),
        field="resource",
    )
    for current, requested, field in ((10, 10, "requested_limit"), (-1, 5, "current_limit")):
        refused(
            world.dsn,
            ValidationError,
            lambda current=current, requested=requested: storage.request_quota_increase(
                account, resource="access_keys", current_limit=current, requested_limit=requested
            ),
            field=field,
        )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.request_quota_increase(
            account, resource="cpu", current_limit=1, requested_limit=2
        ),
        field="resource",
    )
    refused(
        world.dsn,
        Forbidden,
        lambda: storage.request_quota_increase(
            account,
            resource="storage_bytes",
            current_limit=1,
            requested_limit=2,
            actor=Actor(user_id=world.outsider.id),
        ),
        field="actor",
    )
    refused(world.dsn, NotFound, lambda: storage.approve_quota_request(999), field="quota_request")
