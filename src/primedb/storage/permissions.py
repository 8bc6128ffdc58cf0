"""Who may do what to an account: the role matrix, the account statuses, and the one check.

Every mutation of an account's resources names its `Action` and calls
`authorize` before it writes anything. An action is allowed when both hold:

- the actor may: the service itself (`SYSTEM`, no user) and its staff (an
  `Actor` with `staff=True`) may do everything, as the platform's jobs and back
  office; any other user must be a member of the account with a role of
  `RULES[action].roles` (`None` there: any user, member or not, as for
  accepting an invitation, whose token is the authority);
- the account's status is one of `RULES[action].statuses` (nothing is done to a
  closed account; a suspended one keeps only what limits damage: removing
  members, disabling keys; resources need an approved or active account, as the
  authentication path's `AccessKeyCredential.usable` does).

`docs/glossary.md` shows the same matrix in words; `tests/storage/
test_permissions.py` proves every cell, accepted and refused. The account row
is locked while the decision stands (FOR SHARE, or FOR NO KEY UPDATE when the
action changes the account or its members, which then lock it that way
anyway), so a concurrent demotion or closure waits for the action, or the
action sees it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from primedb.storage.enums import AccountStatus, MemberRole
from primedb.storage.errors import AccountUnavailable, Forbidden, NotFound
from primedb.storage.models import Actor
from primedb.storage.tx import Tx

__all__ = [
    "RULES",
    "Action",
    "Rule",
    "authorize",
    "require_self",
    "require_service",
]


class Action(StrEnum):
    """What a mutation does to an account, as the matrix knows it."""

    ACCOUNT_REVIEW = "account.review"  # approve, activate, suspend, reactivate
    ACCOUNT_CLOSE = "account.close"
    MEMBER_INVITE = "member.invite"  # invite as admin, member or viewer
    MEMBER_JOIN = "member.join"  # accept an invitation
    MEMBER_MANAGE = "member.manage"  # change the role of, or remove, a non-owner
    OWNER_MANAGE = "owner.manage"  # invite or make an owner; change or remove an owner
    MEMBER_LEAVE = "member.leave"  # remove oneself
    BUCKET_WRITE = "bucket.write"  # create a bucket, change versioning or lifecycle rules
    KEY_ISSUE = "access_key.issue"  # create, rotate or reactivate an access key
    KEY_DISABLE = "access_key.disable"  # deactivate or revoke an access key
    QUOTA_REQUEST = "quota.request"
    QUOTA_DECIDE = "quota.decide"
    USAGE_RECORD = "usage.record"
    NOTIFY = "notification.send"


@dataclass(frozen=True, slots=True)
class Rule:
    """The roles that may take an action (None: any user) and the statuses it needs."""

    roles: frozenset[MemberRole] | None
    statuses: frozenset[AccountStatus]


_OWNER = frozenset({MemberRole.OWNER})
_MANAGERS = frozenset({MemberRole.OWNER, MemberRole.ADMIN})
_WRITERS = frozenset({MemberRole.OWNER, MemberRole.ADMIN, MemberRole.MEMBER})
_EVERY_ROLE = frozenset(MemberRole)
_SERVICE_ONLY: frozenset[MemberRole] = frozenset()

_ANY = frozenset(AccountStatus)
_OPEN = _ANY - {AccountStatus.CLOSED}
_NOT_HELD = frozenset({AccountStatus.PENDING, AccountStatus.APPROVED, AccountStatus.ACTIVE})
_IN_SERVICE = frozenset({AccountStatus.APPROVED, AccountStatus.ACTIVE})

RULES: Mapping[Action, Rule] = {
    # The state machine of accounts decides which status changes exist.
    Action.ACCOUNT_REVIEW: Rule(_SERVICE_ONLY, _ANY),
    Action.ACCOUNT_CLOSE: Rule(_OWNER, _ANY),
    Action.MEMBER_INVITE: Rule(_MANAGERS, _NOT_HELD),
    Action.MEMBER_JOIN: Rule(None, _NOT_HELD),
    Action.MEMBER_MANAGE: Rule(_MANAGERS, _OPEN),
    Action.OWNER_MANAGE: Rule(_OWNER, _OPEN),
    Action.MEMBER_LEAVE: Rule(_EVERY_ROLE, _OPEN),
    Action.BUCKET_WRITE: Rule(_WRITERS, _IN_SERVICE),
    Action.KEY_ISSUE: Rule(_MANAGERS, _IN_SERVICE),
    Action.KEY_DISABLE: Rule(_MANAGERS, _OPEN),
    Action.QUOTA_REQUEST: Rule(_MANAGERS, _IN_SERVICE),
    Action.QUOTA_DECIDE: Rule(_SERVICE_ONLY, _OPEN),
    Action.USAGE_RECORD: Rule(_SERVICE_ONLY, _OPEN),
    # A notice is about the account, not a change to it: "your account was closed" goes out.
    Action.NOTIFY: Rule(_SERVICE_ONLY, _ANY),
}


# Actions that change the account row or its members, which lock the account that way
# anyway: taking the weaker FOR SHARE first would make two of them deadlock on the upgrade.
_LOCKS_FOR_UPDATE = frozenset(
    {
        Action.ACCOUNT_REVIEW,
        Action.ACCOUNT_CLOSE,
        Action.MEMBER_INVITE,
        Action.MEMBER_JOIN,
        Action.MEMBER_MANAGE,
        Action.OWNER_MANAGE,
        Action.MEMBER_LEAVE,
    }
)


def _who(roles: frozenset[MemberRole] | None) -> str:
    if roles is None:
        return "any user"
    if not roles:
        return "the service only"
    return ", ".join(r.value for r in MemberRole if r in roles)


def _refuse_role(action: Action, actor: Actor, account_id: int, role: str | None) -> Forbidden:
    rule = RULES[action]
    held = f"is {role}" if role else "is not a member"
    return Forbidden(
        "actor",
        f"user {actor.user_id} {held} of account {account_id}; {action} is for {_who(rule.roles)}",
    )


def require_service(actor: Actor, action: Action) -> None:
    """Actions that belong to no account in particular (a notice without one)."""
    if not actor.is_service and RULES[action].roles is not None:
        raise Forbidden("actor", f"{action} is for {_who(RULES[action].roles)}")


def require_self(actor: Actor, user_id: int, what: str) -> None:
    """A user's own things (their inbox): the user, or the service."""
    if not actor.is_service and actor.user_id != user_id:
        raise Forbidden("actor", f"user {actor.user_id} may not {what} of user {user_id}")


def authorize(tx: Tx, action: Action, account_id: int) -> AccountStatus:
    """The account's status, once `tx.actor` may take `action` on it; else a typed refusal.

    `NotFound('account')` for an unknown account, `Forbidden('actor')` for an actor
    without the right, `AccountUnavailable('account')` for a status that does not
    allow the action.
    """
    rule = RULES[action]
    query = (
        "lock_account_for_actor_update" if action in _LOCKS_FOR_UPDATE else "lock_account_for_actor"
    )
    row = tx.first(query, account_id=account_id, user_id=tx.actor.user_id)
    if row is None:
        raise NotFound("account", f"no account {account_id}")
    status = AccountStatus(row["status"])
    role = row["role"]
    if not tx.actor.is_service and rule.roles is not None and role not in rule.roles:
        raise _refuse_role(action, tx.actor, account_id, role)
    if status not in rule.statuses:
        allowed = ", ".join(s.value for s in AccountStatus if s in rule.statuses)
        raise AccountUnavailable(
            "account",
            f"account {account_id} is {status}; {action} needs an account that is {allowed}",
        )
    return status
