"""Members of an account and invitations to join one; the last owner is protected.

Every membership change locks the account row first (as the schema's deferred
owner check does at commit), so "is this the last owner?" is answered on the
state the change will see, and two changes to one account's members queue up
instead of racing. Invitations are locked after their account, in that order
everywhere, so an invite and an accept of the same invitation cannot deadlock.
The deferred constraint trigger accounts_owner_required stays the guarantee;
its error is translated to the same `RuleViolation` on the field `owner`.
"""

from datetime import UTC, datetime, timedelta

from primedb.storage import audit
from primedb.storage.accounts import lock_account, require_user
from primedb.storage.arguments import (
    EMAIL_MAX,
    TOKEN_MAX,
    require_id,
    require_text,
    require_timedelta,
)
from primedb.storage.credentials import hash_secret, new_invitation_token
from primedb.storage.enums import InvitationStatus, MemberRole
from primedb.storage.errors import Conflict, NotFound, RuleViolation, ValidationError
from primedb.storage.models import Invitation, Member, NewInvitation
from primedb.storage.permissions import Action, authorize
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import require_choice, validate_email

__all__ = [
    "MAX_INVITATION_LIFETIME",
    "accept_invitation",
    "change_role",
    "invite",
    "members_of_account",
    "pending_invitations",
    "remove_member",
]

# A policy of the service, not a rule of the schema (which only wants a future expiry).
MAX_INVITATION_LIFETIME = timedelta(days=30)


def _invitation(row: Row) -> Invitation:
    return Invitation(
        id=row["id"],
        account_id=row["account_id"],
        email=row["email"],
        role=MemberRole(row["role"]),
        status=InvitationStatus(row["status"]),
        invited_by=row["invited_by"],
        expires_at=row["expires_at"],
        accepted_at=row["accepted_at"],
        created_at=row["created_at"],
    )


def _member(tx: Tx, row: Row) -> Member:
    user = require_user(tx, row["user_id"])
    return Member(
        account_id=row["account_id"],
        user_id=row["user_id"],
        email=user.email,
        name=user.name,
        role=MemberRole(row["role"]),
        created_at=row["created_at"],
    )


def members_of_account(tx: Tx, account_id: int) -> tuple[Member, ...]:
    require_id(account_id, "account_id")
    return tuple(
        Member(
            account_id=r["account_id"],
            user_id=r["user_id"],
            email=r["email"],
            name=r["name"],
            role=MemberRole(r["role"]),
            created_at=r["created_at"],
        )
        for r in tx.all("members_of_account", account_id=account_id)
    )


def pending_invitations(tx: Tx, account_id: int) -> tuple[Invitation, ...]:
    require_id(account_id, "account_id")
    # The query takes the clock as a parameter (so that benchmarks get the same rows on the
    # same data whenever they run); accepting re-checks the expiry on the server's clock.
    now = datetime.now(UTC)
    rows = tx.all("pending_invitations", account_id=account_id, now=now)
    return tuple(_invitation(r) for r in rows)


def check_lifetime(expires_in: timedelta) -> None:
    """invitations_expires_after_created, within the service's longest lifetime."""
    require_timedelta(expires_in, "expires_in")
    if not timedelta(0) < expires_in <= MAX_INVITATION_LIFETIME:
        raise ValidationError(
            "expires_in", f"must be above 0 and at most {MAX_INVITATION_LIFETIME}, got {expires_in}"
        )


def invite(
    tx: Tx, account_id: int, *, email: str, role: MemberRole | str, expires_in: timedelta
) -> NewInvitation:
    """A pending invitation (or the pending one renewed); the token is returned once."""
    require_id(account_id, "account_id")
    validate_email(require_text(email, "email", max_length=EMAIL_MAX))
    wanted = require_choice(role, MemberRole, "role")
    check_lifetime(expires_in)
    authorize(tx, Action.MEMBER_INVITE, account_id)  # locks the account row
    if wanted == MemberRole.OWNER:
        authorize(tx, Action.OWNER_MANAGE, account_id)
    # invited_by names a member (invitations_invited_by_fkey); staff are not members, and
    # the audit row keeps their user id.
    inviter = None if tx.actor.staff else tx.actor.user_id
    existing = tx.first("user_by_email", email=email)
    if existing and tx.first("member_role", account_id=account_id, user_id=existing["id"]):
        raise Conflict("email", f"{email} is already a member of account {account_id}")
    token = new_invitation_token()
    row = tx.one(
        "upsert_invitation",
        account_id=account_id,
        email=email,
        role=wanted,
        token_hash=token.digest,
        invited_by=inviter,
        expires_in=expires_in,
    )
    invitation = _invitation(row)
    audit.record(
        tx,
        account_id=account_id,
        action="invitation.created" if row["inserted"] else "invitation.renewed",
        resource_type="invitation",
        resource_id=invitation.id,
        metadata={"email": email, "role": wanted, "expires_at": invitation.expires_at.isoformat()},
    )
    return NewInvitation(invitation=invitation, token=token.plaintext)


def accept_invitation(tx: Tx, token: str) -> Member:
    """The acting user joins the account with the invited role."""
    user_id = tx.actor.user_id
    if user_id is None:
        raise ValidationError("actor", "accepting an invitation needs the accepting user")
    token_hash = hash_secret(require_text(token, "token", max_length=TOKEN_MAX))
    found = tx.first("invitation_by_token_hash", token_hash=token_hash)
    if found is None:
        raise NotFound("invitation", "no invitation has this token; ask for a new one")
    account_id = found["account_id"]
    # The account first, as everywhere (see the docstring); the token is the authority.
    authorize(tx, Action.MEMBER_JOIN, account_id)
    row = tx.first("lock_invitation", invitation_id=found["id"])
    if row is None:
        raise NotFound("invitation", "no invitation has this token; ask for a new one")
    if row["status"] != InvitationStatus.PENDING:
        raise RuleViolation("invitation", f"invitation {row['id']} is {row['status']}")
    if row["expired"]:
        raise RuleViolation(
            "invitation",
            f"invitation {row['id']} expired at {row['expires_at']}; ask for a new one",
        )
    user = require_user(tx, user_id)
    if user.email.lower() != row["email"].lower():
        raise RuleViolation("user_id", "the invitation was sent to another e-mail address")
    if tx.first("member_role", account_id=account_id, user_id=user_id):
        raise Conflict("user_id", f"user {user_id} is already a member of account {account_id}")
    member = tx.one("insert_member", account_id=account_id, user_id=user_id, role=row["role"])
    tx.one("update_invitation_accepted", invitation_id=row["id"])
    audit.record(
        tx,
        account_id=account_id,
        action="invitation.accepted",
        resource_type="invitation",
        resource_id=row["id"],
        metadata={"user_id": user_id, "role": row["role"]},
    )
    return _member(tx, member)


def _current(tx: Tx, account_id: int, user_id: int) -> Row:
    """The membership row, read after the account is locked."""
    lock_account(tx, account_id)
    row = tx.first("member_role", account_id=account_id, user_id=user_id)
    if row is None:
        raise NotFound("member", f"user {user_id} is not a member of account {account_id}")
    return row


def _refuse_last_owner(tx: Tx, account_id: int, user_id: int, role: MemberRole) -> None:
    if role != MemberRole.OWNER:
        return
    if tx.one("account_owner_count", account_id=account_id)["owners"] <= 1:
        raise RuleViolation(
            "owner",
            f"user {user_id} is the last owner of account {account_id}; make another member "
            "owner first",
        )


def change_role(tx: Tx, account_id: int, user_id: int, role: MemberRole | str) -> Member:
    """The member's new role; the same role again changes (and audits) nothing."""
    require_id(account_id, "account_id")
    require_id(user_id, "user_id")
    wanted = require_choice(role, MemberRole, "role")
    authorize(tx, Action.MEMBER_MANAGE, account_id)
    row = _current(tx, account_id, user_id)
    current = MemberRole(row["role"])
    if MemberRole.OWNER in (current, wanted) and wanted != current:
        authorize(tx, Action.OWNER_MANAGE, account_id)
    if wanted == current:
        return _member(tx, row)
    if wanted != MemberRole.OWNER:
        _refuse_last_owner(tx, account_id, user_id, current)
    row = tx.one("update_member_role", account_id=account_id, user_id=user_id, role=wanted)
    audit.record(
        tx,
        account_id=account_id,
        action="account_member.role_changed",
        resource_type="account_member",
        resource_id=user_id,
        metadata={"from": current, "to": wanted},
    )
    return _member(tx, row)


def remove_member(tx: Tx, account_id: int, user_id: int) -> None:
    """Remove a member (managers), or leave the account (anyone, the last owner excepted)."""
    require_id(account_id, "account_id")
    require_id(user_id, "user_id")
    leaving = tx.actor.user_id == user_id
    authorize(tx, Action.MEMBER_LEAVE if leaving else Action.MEMBER_MANAGE, account_id)
    current = MemberRole(_current(tx, account_id, user_id)["role"])
    if current == MemberRole.OWNER and not leaving:
        authorize(tx, Action.OWNER_MANAGE, account_id)
    _refuse_last_owner(tx, account_id, user_id, current)
    tx.one("delete_member", account_id=account_id, user_id=user_id)
    audit.record(
        tx,
        account_id=account_id,
        action="account_member.removed",
        resource_type="account_member",
        resource_id=user_id,
        metadata={"role": current},
    )
