"""Members and invitations: tokens shown once and stored hashed, the last owner protected."""

import hashlib
from datetime import timedelta

import pytest

from primedb.storage import (
    Actor,
    Conflict,
    DatabaseStorage,
    Forbidden,
    InvitationStatus,
    MemberRole,
    NotFound,
    RuleViolation,
    ValidationError,
)

from ._helpers import World, audit_actions, fetch, refused


def test_invitation_token_is_returned_once_and_stored_as_its_sha256(
    storage: DatabaseStorage, world: World
) -> None:
    new = storage.invite_member(
        world.account.id,
        email="dora@acme.com.br",
        role="viewer",
        expires_in=timedelta(days=3),
        actor=world.as_owner,
    )
    assert len(new.token) >= 43 and new.token not in repr(new)
    ((token_hash, invited_by, lifetime, as_text),) = fetch(
        world.dsn,
        "SELECT token_hash, invited_by, expires_at - created_at, i::text FROM invitations i "
        "WHERE id = %s",
        (new.invitation.id,),
    )
    assert bytes(token_hash) == hashlib.sha256(new.token.encode()).digest()
    assert new.token not in as_text  # the row holds no trace of the plaintext
    assert invited_by == world.owner.id
    assert lifetime == timedelta(days=3)
    (pending,) = storage.pending_invitations(world.account.id)
    assert (pending.email, pending.role, pending.status) == (
        "dora@acme.com.br",
        MemberRole.VIEWER,
        InvitationStatus.PENDING,
    )


def test_inviting_again_renews_the_pending_invitation_and_its_token(
    storage: DatabaseStorage, world: World
) -> None:
    first = storage.invite_member(world.account.id, email="dora@acme.com.br", role="viewer")
    second = storage.invite_member(world.account.id, email="DORA@acme.com.br", role="member")
    assert second.invitation.id == first.invitation.id
    assert second.invitation.role is MemberRole.MEMBER
    assert audit_actions(world.dsn, world.account.id)[-2:] == [
        "invitation.created",
        "invitation.renewed",
    ]
    dora = storage.create_user(email="dora@acme.com.br", name="Dora")
    refused(
        world.dsn,
        NotFound,
        lambda: storage.accept_invitation(first.token, actor=Actor(user_id=dora.id)),
        field="invitation",
    )
    member = storage.accept_invitation(second.token, actor=Actor(user_id=dora.id))
    assert (member.user_id, member.role) == (dora.id, MemberRole.MEMBER)
    assert storage.pending_invitations(world.account.id) == ()


def test_accepting_makes_a_member_once(storage: DatabaseStorage, world: World) -> None:
    new = storage.invite_member(world.account.id, email=world.outsider.email, role="member")
    carla = Actor(user_id=world.outsider.id)
    storage.accept_invitation(new.token, actor=carla)
    ((status, accepted),) = fetch(
        world.dsn,
        "SELECT status, accepted_at IS NOT NULL FROM invitations WHERE id = %s",
        (new.invitation.id,),
    )
    assert (status, accepted) == ("accepted", True)
    assert {m.user_id for m in storage.members(world.account.id)} == {
        world.owner.id,
        world.admin.id,
        world.outsider.id,
    }
    error = refused(
        world.dsn,
        RuleViolation,
        lambda: storage.accept_invitation(new.token, actor=carla),
        field="invitation",
    )
    assert "is accepted" in str(error)


def test_invitation_refusals_write_nothing(storage: DatabaseStorage, world: World) -> None:
    account = world.account.id
    refused(
        world.dsn,
        Conflict,
        lambda: storage.invite_member(account, email=world.admin.email, role="viewer"),
        field="email",
    )
    refused(
        world.dsn,
        Forbidden,
        lambda: storage.invite_member(
            account, email="x@y.com.br", role="viewer", actor=Actor(user_id=world.outsider.id)
        ),
        field="actor",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.invite_member(account, email="x@y.com.br", role="superuser"),
        field="role",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.invite_member(account, email="nobody", role="viewer"),
        field="email",
    )
    for lifetime in (timedelta(0), timedelta(days=-1), timedelta(days=31)):
        refused(
            world.dsn,
            ValidationError,
            lambda lifetime=lifetime: storage.invite_member(
                account, email="x@y.com.br", role="viewer", expires_in=lifetime
            ),
            field="expires_in",
        )
    refused(
        world.dsn,
        NotFound,
        lambda: storage.invite_member(999_999, email="x@y.com.br", role="viewer"),
        field="account",
    )


def test_accept_refusals_write_nothing(storage: DatabaseStorage, world: World) -> None:
    new = storage.invite_member(world.account.id, email=world.outsider.email, role="member")
    refused(
        world.dsn,
        NotFound,
        lambda: storage.accept_invitation("forged", actor=Actor(user_id=world.outsider.id)),
        field="invitation",
    )
    refused(
        world.dsn,
        RuleViolation,  # the token reached someone else
        lambda: storage.accept_invitation(new.token, actor=Actor(user_id=world.owner.id)),
        field="user_id",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.accept_invitation(new.token, actor=Actor()),
        field="actor",
    )
    with_past = "UPDATE invitations SET created_at = now() - interval '2 days', "
    fetch(world.dsn, with_past + "expires_at = now() - interval '1 day' RETURNING id")
    error = refused(
        world.dsn,
        RuleViolation,
        lambda: storage.accept_invitation(new.token, actor=Actor(user_id=world.outsider.id)),
        field="invitation",
    )
    assert "expired" in str(error)


def test_roles_change_and_members_leave_with_audit_rows(
    storage: DatabaseStorage, world: World
) -> None:
    account = world.account.id
    promoted = storage.change_member_role(account, world.admin.id, "owner", actor=world.as_owner)
    assert promoted.role is MemberRole.OWNER
    # Two owners now: the first may step down, and then leave.
    assert storage.change_member_role(account, world.owner.id, MemberRole.VIEWER).role == "viewer"
    storage.change_member_role(account, world.owner.id, "viewer")  # the same role: no row
    storage.remove_member(account, world.owner.id)
    assert [m.user_id for m in storage.members(account)] == [world.admin.id]
    assert audit_actions(world.dsn, account)[-3:] == [
        "account_member.role_changed",
        "account_member.role_changed",
        "account_member.removed",
    ]


def test_the_last_owner_is_protected(storage: DatabaseStorage, world: World) -> None:
    account = world.account.id
    for call in (
        lambda: storage.change_member_role(account, world.owner.id, "admin"),
        lambda: storage.remove_member(account, world.owner.id),
    ):
        error = refused(world.dsn, RuleViolation, call, field="owner")
        assert "last owner" in str(error) and str(error).endswith("make another member owner first")


@pytest.mark.parametrize("operation", ["change", "remove"])
def test_non_members_and_bad_roles_are_refused(
    storage: DatabaseStorage, world: World, operation: str
) -> None:
    account = world.account.id
    if operation == "change":
        refused(
            world.dsn,
            NotFound,
            lambda: storage.change_member_role(account, world.outsider.id, "admin"),
            field="member",
        )
        refused(
            world.dsn,
            ValidationError,
            lambda: storage.change_member_role(account, world.admin.id, "root"),
            field="role",
        )
    else:
        refused(
            world.dsn,
            NotFound,
            lambda: storage.remove_member(account, world.outsider.id),
            field="member",
        )
