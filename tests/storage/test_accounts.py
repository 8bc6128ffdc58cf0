"""Users and accounts: an account is created with its owner, and follows its state machine."""

import pytest

from primedb.storage import (
    AccountStatus,
    Actor,
    Conflict,
    DatabaseStorage,
    MemberRole,
    NewUser,
    NotFound,
    RuleViolation,
    ValidationError,
)

from ._helpers import CNPJS, World, audit_actions, fetch, refused


def test_account_is_created_pending_with_its_owner_and_an_audit_row(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    owner = storage.create_user(email="ana@acme.com.br", name="Ana")
    account = storage.create_account(
        name="Acme", cnpj="11.222.333/0001-81", owner=owner.id, actor=Actor(user_id=owner.id)
    )
    assert account.status is AccountStatus.PENDING
    assert account.cnpj == "11222333000181"  # stored in normal form
    (mine,) = storage.accounts_for_user(owner.id)
    assert (mine.id, mine.role, mine.member_count) == (account.id, MemberRole.OWNER, 1)
    rows = fetch(
        schema_dsn,
        "SELECT action, actor_user_id, resource_type, resource_id, metadata FROM audit_logs",
    )
    assert rows == [
        (
            "account.created",
            owner.id,
            "account",
            str(account.id),
            {"cnpj": "11222333000181", "owner_user_id": owner.id},
        )
    ]


def test_account_and_a_new_owner_are_created_together(storage: DatabaseStorage) -> None:
    account = storage.create_account(
        name="Acme", cnpj=CNPJS[2], owner=NewUser(email="ana@acme.com.br", name="Ana")
    )
    (member,) = storage.members(account.id)
    assert (member.email, member.role) == ("ana@acme.com.br", MemberRole.OWNER)


def test_alphanumeric_cnpj_is_accepted_and_upper_cased(storage: DatabaseStorage) -> None:
    owner = storage.create_user(email="ana@acme.com.br", name="Ana")
    account = storage.create_account(name="Acme", cnpj="12.abc.345/01de-35", owner=owner.id)
    assert account.cnpj == "12ABC34501DE35"


@pytest.mark.parametrize(
    ("cnpj", "reason"),
    [
        ("11222333000182", "has wrong check digits"),
        ("11111111111111", "repeats one digit"),
        ("1122233300018", "is not 12 letters or digits followed by 2 check digits"),
        ("12ABC34501DEAB", "is not 12 letters or digits followed by 2 check digits"),
    ],
)
def test_bad_cnpj_is_refused_naming_the_reason(
    storage: DatabaseStorage, schema_dsn: str, cnpj: str, reason: str
) -> None:
    owner = storage.create_user(email="ana@acme.com.br", name="Ana")
    error = refused(
        schema_dsn,
        ValidationError,
        lambda: storage.create_account(name="Acme", cnpj=cnpj, owner=owner.id),
        field="cnpj",
    )
    assert reason in str(error)
    assert str(error).startswith("invalid cnpj: ")


def test_taken_cnpj_conflicts_and_the_new_owner_is_not_left_behind(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    owner = storage.create_user(email="ana@acme.com.br", name="Ana")
    storage.create_account(name="Acme", cnpj=CNPJS[0], owner=owner.id)
    error = refused(
        schema_dsn,
        Conflict,
        lambda: storage.create_account(
            name="Acme again",
            cnpj="11.222.333/0001-81",
            owner=NewUser(email="bob@acme.com.br", name="Bob"),
        ),
        field="cnpj",
    )
    assert "cnpj=11222333000181" in str(error)
    assert fetch(schema_dsn, "SELECT count(*) FROM users WHERE email = 'bob@acme.com.br'") == [(0,)]


def test_unknown_owner_and_blank_name_are_refused(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    refused(
        schema_dsn,
        NotFound,
        lambda: storage.create_account(name="Acme", cnpj=CNPJS[0], owner=424242),
        field="owner",
    )
    refused(
        schema_dsn,
        ValidationError,
        lambda: storage.create_account(name="   ", cnpj=CNPJS[0], owner=424242),
        field="name",
    )


def test_duplicate_user_email_conflicts_case_insensitively(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    storage.create_user(email="ana@acme.com.br", name="Ana")
    refused(
        schema_dsn,
        Conflict,
        lambda: storage.create_user(email="ANA@acme.com.br", name="Ana 2"),
        field="email",
    )
    refused(
        schema_dsn,
        ValidationError,
        lambda: storage.create_user(email="not an address", name="X"),
        field="email",
    )


def test_status_follows_the_state_machine_with_one_audit_row_each(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    owner = storage.create_user(email="ana@acme.com.br", name="Ana")
    account = storage.create_account(name="Acme", cnpj=CNPJS[0], owner=owner.id)
    assert storage.approve_account(account.id).status is AccountStatus.APPROVED
    assert storage.activate_account(account.id).status is AccountStatus.ACTIVE
    assert storage.suspend_account(account.id).status is AccountStatus.SUSPENDED
    assert storage.activate_account(account.id).status is AccountStatus.ACTIVE
    assert storage.activate_account(account.id).status is AccountStatus.ACTIVE  # no change
    assert storage.close_account(account.id).status is AccountStatus.CLOSED
    assert audit_actions(schema_dsn, account.id) == [
        "account.created",
        "account.approved",
        "account.activated",
        "account.suspended",
        "account.activated",
        "account.closed",
    ]
    assert storage.get_account(account.id) is not None
    assert storage.get_account(account.id + 1000) is None


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), AccountStatus.ACTIVE),  # pending -> active skips approval
        ((), AccountStatus.SUSPENDED),
        ((AccountStatus.CLOSED,), AccountStatus.ACTIVE),  # closed is final
        ((AccountStatus.APPROVED, AccountStatus.ACTIVE), AccountStatus.PENDING),
    ],
)
def test_illegal_transitions_are_refused(
    storage: DatabaseStorage,
    schema_dsn: str,
    path: tuple[AccountStatus, ...],
    target: AccountStatus,
) -> None:
    owner = storage.create_user(email="ana@acme.com.br", name="Ana")
    account = storage.create_account(name="Acme", cnpj=CNPJS[0], owner=owner.id)
    for status in path:
        storage.set_account_status(account.id, status)
    error = refused(
        schema_dsn,
        RuleViolation,
        lambda: storage.set_account_status(account.id, target),
        field="status",
    )
    assert f"cannot change from {path[-1] if path else 'pending'} to {target}" in str(error)


def test_status_change_of_unknown_account_or_to_unknown_status(
    storage: DatabaseStorage, world: World
) -> None:
    refused(world.dsn, NotFound, lambda: storage.approve_account(999_999), field="account")
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.set_account_status(world.account.id, "deleted"),
        field="status",
    )
