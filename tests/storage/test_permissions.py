"""The role matrix, cell by cell: each action tried by each kind of actor, and in each status.

The expected tables are written out here (as in docs/glossary.md), not read from
`permissions.RULES`, so a change to the matrix is a change to this file too. An
accepted cell must succeed; a refused one must be `Forbidden` (or
`AccountUnavailable`) and write nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

import psycopg
import pytest

from primedb.storage import (
    AccountStatus,
    AccountUnavailable,
    Actor,
    DatabaseStorage,
    Forbidden,
    StorageError,
    UsageSample,
)
from primedb.storage.permissions import RULES, Action
from primedb.storage.validation import cnpj_check_digits

from ._helpers import refused

_serial = count(1)


def _cnpj(n: int) -> str:
    base = f"{70_000_000_000 + n:012d}"
    digits = cnpj_check_digits(base)
    assert digits is not None
    return base + digits


@dataclass(frozen=True, slots=True)
class Team:
    """An active account with one user of each role, an outsider, staff, and resources."""

    account: int
    users: dict[str, int]
    spare: int  # a viewer that MEMBER_MANAGE and OWNER_MANAGE act on
    access_key_id: str
    request_id: int


def _team(storage: DatabaseStorage) -> Team:
    n = next(_serial)

    def user(tag: str) -> int:
        return storage.create_user(email=f"{tag}{n}@team.com.br", name=tag).id

    users = {t: user(t) for t in ("owner", "coowner", "admin", "member", "viewer", "outsider")}
    users["staff"] = user("staff")
    spare = user("spare")
    account = storage.create_account(name=f"Team {n}", cnpj=_cnpj(n), owner=users["owner"]).id
    storage.approve_account(account)
    storage.activate_account(account)
    for tag, role in (
        ("coowner", "owner"),
        ("admin", "admin"),
        ("member", "member"),
        ("viewer", "viewer"),
        ("spare", "viewer"),
    ):
        uid = spare if tag == "spare" else users[tag]
        token = storage.invite_member(account, email=f"{tag}{n}@team.com.br", role=role).token
        storage.accept_invitation(token, actor=Actor(user_id=uid))
    key = storage.create_access_key(account).key.access_key_id
    request = storage.request_quota_increase(
        account, resource="buckets", current_limit=1, requested_limit=2
    ).id
    return Team(account, users, spare, key, request)


def _actor(team: Team, who: str) -> Actor:
    if who == "service":
        return Actor()
    return Actor(user_id=team.users[who], staff=who == "staff")


# One representative operation per action.
OPERATIONS: dict[Action, Callable[[DatabaseStorage, Team, Actor], object]] = {
    Action.ACCOUNT_REVIEW: lambda s, t, a: s.suspend_account(t.account, actor=a),
    Action.ACCOUNT_CLOSE: lambda s, t, a: s.close_account(t.account, actor=a),
    Action.MEMBER_INVITE: lambda s, t, a: s.invite_member(
        t.account, email="new@team.com.br", role="viewer", actor=a
    ),
    Action.MEMBER_MANAGE: lambda s, t, a: s.change_member_role(
        t.account, t.spare, "member", actor=a
    ),
    Action.OWNER_MANAGE: lambda s, t, a: s.change_member_role(t.account, t.spare, "owner", actor=a),
    Action.MEMBER_LEAVE: lambda s, t, a: s.remove_member(
        t.account, t.spare if a.is_service else a.user_id, actor=a
    ),
    Action.BUCKET_WRITE: lambda s, t, a: s.create_bucket(
        t.account, name="team-data", region="sa-east-1", actor=a
    ),
    Action.KEY_ISSUE: lambda s, t, a: s.create_access_key(t.account, actor=a),
    Action.KEY_DISABLE: lambda s, t, a: s.deactivate_access_key(
        t.account, t.access_key_id, actor=a
    ),
    Action.QUOTA_REQUEST: lambda s, t, a: s.request_quota_increase(
        t.account, resource="members", current_limit=1, requested_limit=2, actor=a
    ),
    Action.QUOTA_DECIDE: lambda s, t, a: s.approve_quota_request(t.request_id, actor=a),
    Action.USAGE_RECORD: lambda s, t, a: s.record_usage(
        t.account, [UsageSample(metric="requests_get", quantity=1)], actor=a
    ),
    Action.NOTIFY: lambda s, t, a: s.notify(
        t.users["owner"], kind="system", title="hi", account_id=t.account, actor=a
    ),
}

WHO = ("owner", "admin", "member", "viewer", "outsider", "staff", "service")

# The matrix of docs/glossary.md: x accepted, - refused (Forbidden).
#                                       owner admin member viewer outsider staff service
MATRIX: dict[Action, str] = {
    Action.ACCOUNT_REVIEW: "-----xx",
    Action.ACCOUNT_CLOSE: "x----xx",
    Action.MEMBER_INVITE: "xx---xx",
    Action.MEMBER_MANAGE: "xx---xx",
    Action.OWNER_MANAGE: "x----xx",
    Action.MEMBER_LEAVE: "xxxx-xx",
    Action.BUCKET_WRITE: "xxx--xx",
    Action.KEY_ISSUE: "xx---xx",
    Action.KEY_DISABLE: "xx---xx",
    Action.QUOTA_REQUEST: "xx---xx",
    Action.QUOTA_DECIDE: "-----xx",
    Action.USAGE_RECORD: "-----xx",
    Action.NOTIFY: "-----xx",
}


def test_every_action_has_a_row_and_an_operation() -> None:
    assert set(MATRIX) == set(OPERATIONS) == set(RULES) - {Action.MEMBER_JOIN}


def _counts(dsn: str) -> tuple[int, ...]:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM audit_logs), (SELECT count(*) FROM account_members),"
            " (SELECT count(*) FROM buckets), (SELECT count(*) FROM access_keys)"
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize("action", list(MATRIX), ids=str)
def test_each_cell_of_the_matrix(storage: DatabaseStorage, schema_dsn: str, action: Action) -> None:
    for who, cell in zip(WHO, MATRIX[action], strict=True):
        team = _team(storage)  # a fresh account per cell: an accepted cell changes it
        actor = _actor(team, who)
        call = OPERATIONS[action]
        if cell == "x":
            call(storage, team, actor)
        else:
            before = _counts(schema_dsn)
            with pytest.raises(Forbidden) as caught:
                call(storage, team, actor)
            assert caught.value.field == "actor", (action, who)
            assert _counts(schema_dsn) == before, (action, who)


# The statuses each action needs: x allowed, - AccountUnavailable. The status changes
# themselves (review, close) follow the account state machine instead (test_accounts.py).
#                                       pending approved active suspended closed
STATUSES: dict[Action, str] = {
    Action.MEMBER_INVITE: "xxx--",
    Action.MEMBER_MANAGE: "xxxx-",
    Action.OWNER_MANAGE: "xxxx-",
    Action.MEMBER_LEAVE: "xxxx-",
    Action.BUCKET_WRITE: "-xx--",
    Action.KEY_ISSUE: "-xx--",
    Action.KEY_DISABLE: "xxxx-",
    Action.QUOTA_REQUEST: "-xx--",
    Action.QUOTA_DECIDE: "xxxx-",
    Action.USAGE_RECORD: "xxxx-",
    Action.NOTIFY: "xxxxx",
}
ORDER = (
    AccountStatus.PENDING,
    AccountStatus.APPROVED,
    AccountStatus.ACTIVE,
    AccountStatus.SUSPENDED,
    AccountStatus.CLOSED,
)


def _force_status(dsn: str, account: int, status: AccountStatus) -> None:
    """Put the account in any status, past the state machine (a superuser's test shortcut)."""
    with psycopg.connect(dsn) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE accounts SET status = %s WHERE id = %s", (status, account))


@pytest.mark.parametrize("action", list(STATUSES), ids=str)
def test_each_status_cell(storage: DatabaseStorage, schema_dsn: str, action: Action) -> None:
    for status, cell in zip(ORDER, STATUSES[action], strict=True):
        team = _team(storage)
        _force_status(schema_dsn, team.account, status)
        call = OPERATIONS[action]
        # The owner where a member may act (so both checks run), else the service.
        who = "owner" if MATRIX[action][0] == "x" else "service"
        actor = _actor(team, who)
        if who == "owner" and action is Action.MEMBER_LEAVE:
            actor = Actor(user_id=team.users["coowner"])
        if cell == "x":
            call(storage, team, actor)
        else:
            error = refused(
                schema_dsn,
                AccountUnavailable,
                lambda c=call, t=team, a=actor: c(storage, t, a),  # type: ignore[misc]
            )
            assert error.field == "account" and str(status) in error.reason, (action, status)


def test_a_user_creates_only_accounts_they_own(storage: DatabaseStorage) -> None:
    team = _team(storage)
    outsider = Actor(user_id=team.users["outsider"])
    with pytest.raises(Forbidden):
        storage.create_account(
            name="Mine", cnpj=_cnpj(90_000), owner=team.users["owner"], actor=outsider
        )
    own = storage.create_account(
        name="Mine", cnpj=_cnpj(90_001), owner=team.users["outsider"], actor=outsider
    )
    assert [m.user_id for m in storage.members(own.id)] == [team.users["outsider"]]


def test_only_the_user_marks_their_inbox_read(storage: DatabaseStorage) -> None:
    team = _team(storage)
    owner = team.users["owner"]
    storage.notify(owner, kind="system", title="hi")
    with pytest.raises(Forbidden):
        storage.mark_notifications_read(owner, actor=Actor(user_id=team.users["admin"]))
    assert storage.mark_notifications_read(owner, actor=Actor(user_id=owner)) == 1


def test_an_admin_cannot_touch_an_owner(storage: DatabaseStorage) -> None:
    team = _team(storage)
    admin = Actor(user_id=team.users["admin"])
    for call in (
        lambda: storage.change_member_role(
            team.account, team.users["coowner"], "admin", actor=admin
        ),
        lambda: storage.remove_member(team.account, team.users["coowner"], actor=admin),
        lambda: storage.invite_member(
            team.account, email="boss@team.com.br", role="owner", actor=admin
        ),
        lambda: storage.change_member_role(team.account, team.users["admin"], "owner", actor=admin),
    ):
        with pytest.raises(Forbidden):
            call()


def test_an_invitation_to_a_suspended_account_cannot_be_accepted(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    team = _team(storage)
    token = storage.invite_member(team.account, email="late@team.com.br", role="member").token
    late = storage.create_user(email="late@team.com.br", name="Late")
    storage.suspend_account(team.account)
    error: StorageError = refused(
        schema_dsn,
        AccountUnavailable,
        lambda: storage.accept_invitation(token, actor=Actor(user_id=late.id)),
    )
    assert "suspended" in error.reason
