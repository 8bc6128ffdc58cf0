"""Quota requests: a member asks for a higher limit, staff approve or reject it once.

The rules mirror the schema: the requested limit is above the current one
(quota_requests_requested_limit_increases), the requester is a member of the
account (quota_requests_requested_by_fkey), one pending request per account
and resource (quota_requests_one_pending_per_resource, left to the unique index:
asking first would race), and a decision is final
(quota_requests_status_transition). The request row is locked before it is
decided, so two staff members deciding at once queue up and the second is
refused with the first one's decision.
"""

from primedb.storage import audit
from primedb.storage.arguments import REASON_MAX, require_id, require_text
from primedb.storage.enums import QuotaResource, QuotaStatus
from primedb.storage.errors import NotFound, RuleViolation, ValidationError
from primedb.storage.models import QuotaRequest
from primedb.storage.permissions import Action, authorize
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import require_choice, require_page_size, require_quantity

__all__ = [
    "check_limits",
    "decide_quota_request",
    "pending_quota_requests",
    "quota_requests_for_account",
    "refuse_decided",
    "request_quota_increase",
]


def quota_row(row: Row) -> QuotaRequest:
    return QuotaRequest(
        id=row["id"],
        account_id=row["account_id"],
        requested_by=row["requested_by"],
        resource=QuotaResource(row["resource"]),
        current_limit=row["current_limit"],
        requested_limit=row["requested_limit"],
        status=QuotaStatus(row["status"]),
        reason=row["reason"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        created_at=row["created_at"],
    )


def check_limits(current_limit: int, requested_limit: int) -> None:
    """quota_requests_current_limit_not_negative, quota_requests_requested_limit_increases."""
    require_quantity(current_limit, "current_limit")
    require_quantity(requested_limit, "requested_limit")
    if requested_limit <= current_limit:
        raise ValidationError(
            "requested_limit",
            f"must be above the current limit {current_limit}, got {requested_limit}",
        )


def refuse_decided(request: QuotaRequest) -> None:
    """quota_requests_status_transition, said before the UPDATE."""
    if request.status != QuotaStatus.PENDING:
        raise RuleViolation(
            "status",
            f"quota request {request.id} was already {request.status}; open a new request",
        )


def request_quota_increase(
    tx: Tx,
    account_id: int,
    *,
    resource: QuotaResource | str,
    current_limit: int,
    requested_limit: int,
    reason: str = "",
) -> QuotaRequest:
    """A pending request, made by the acting user (an owner or admin) or the service."""
    require_id(account_id, "account_id")
    wanted = require_choice(resource, QuotaResource, "resource")
    check_limits(current_limit, requested_limit)
    require_text(reason, "reason", max_length=REASON_MAX)
    authorize(tx, Action.QUOTA_REQUEST, account_id)
    requester = None if tx.actor.staff else tx.actor.user_id  # as invited_by (members.invite)
    request = quota_row(
        tx.one(
            "insert_quota_request",
            account_id=account_id,
            requested_by=requester,
            resource=wanted,
            current_limit=current_limit,
            requested_limit=requested_limit,
            reason=reason,
        )
    )
    audit.record(
        tx,
        account_id=account_id,
        action="quota_request.created",
        resource_type="quota_request",
        resource_id=request.id,
        metadata={"resource": wanted, "from": current_limit, "to": requested_limit},
    )
    return request


_DECISION_ACTIONS = {
    QuotaStatus.APPROVED: "quota_request.approved",
    QuotaStatus.REJECTED: "quota_request.rejected",
}


def decide_quota_request(tx: Tx, request_id: int, decision: QuotaStatus | str) -> QuotaRequest:
    """Approve or reject a pending request, as the service (staff)."""
    require_id(request_id, "request_id")
    wanted = require_choice(decision, QuotaStatus, "status")
    if wanted not in _DECISION_ACTIONS:
        raise ValidationError("status", "a decision is approved or rejected")
    row = tx.first("lock_quota_request", request_id=request_id)
    if row is None:
        raise NotFound("quota_request", f"no quota request {request_id}")
    authorize(tx, Action.QUOTA_DECIDE, row["account_id"])
    refuse_decided(quota_row(row))
    decided = quota_row(
        tx.one(
            "update_quota_request_decision",
            request_id=request_id,
            status=wanted,
            decided_by=tx.actor.user_id,
        )
    )
    audit.record(
        tx,
        account_id=decided.account_id,
        action=_DECISION_ACTIONS[wanted],
        resource_type="quota_request",
        resource_id=request_id,
        metadata={"resource": decided.resource, "to": decided.requested_limit},
    )
    return decided


def pending_quota_requests(tx: Tx, *, page_size: int) -> tuple[QuotaRequest, ...]:
    """The staff queue, oldest first."""
    require_page_size(page_size)
    rows = tx.all("pending_quota_requests", page_size=page_size)
    return tuple(quota_row(r) for r in rows)


def quota_requests_for_account(tx: Tx, account_id: int) -> tuple[QuotaRequest, ...]:
    require_id(account_id, "account_id")
    return tuple(quota_row(r) for r in tx.all("quota_requests_for_account", account_id=account_id))
