"""Users and accounts: creating an account with its owner, and its status changes.

Each function is one unit of work inside a transaction (`Tx`); `DatabaseStorage`
decides the transaction and its retries. Status changes lock the account row
first, so the transition is decided on the status that will be changed.
"""

from primedb.storage import audit
from primedb.storage.arguments import EMAIL_MAX, NAME_MAX, require_id, require_text
from primedb.storage.enums import AccountStatus, MemberRole
from primedb.storage.errors import Forbidden, NotFound
from primedb.storage.models import Account, NewUser, User, UserAccount
from primedb.storage.permissions import Action, authorize
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import (
    check_account_transition,
    require_choice,
    require_not_blank,
    validate_cnpj,
    validate_email,
)

__all__ = [
    "STATUS_ACTIONS",
    "account_row",
    "accounts_for_user",
    "change_status",
    "create_account",
    "create_user",
    "get_account",
    "lock_account",
    "require_user",
    "user_row",
]

# The audit action of each target status.
STATUS_ACTIONS = {
    AccountStatus.APPROVED: "account.approved",
    AccountStatus.ACTIVE: "account.activated",
    AccountStatus.SUSPENDED: "account.suspended",
    AccountStatus.CLOSED: "account.closed",
}


def account_row(row: Row) -> Account:
    return Account(
        id=row["id"],
        name=row["name"],
        cnpj=row["cnpj"],
        status=AccountStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def user_row(row: Row) -> User:
    return User(id=row["id"], email=row["email"], name=row["name"], created_at=row["created_at"])


_CNPJ_MAX = 32  # room for any punctuation around 14 characters


def create_user(tx: Tx, *, email: str, name: str) -> User:
    """A new user. Users are global (no account), so there is no audit row to write."""
    validate_email(require_text(email, "email", max_length=EMAIL_MAX))
    require_not_blank(require_text(name, "name", max_length=NAME_MAX), "name")
    return user_row(tx.one("insert_user", email=email, name=name))


def require_user(tx: Tx, user_id: int, field: str = "user") -> User:
    require_id(user_id, field)
    row = tx.first("user_by_id", user_id=user_id)
    if row is None:
        raise NotFound(field, f"no user {user_id}")
    return user_row(row)


def create_account(tx: Tx, *, name: str, cnpj: str, owner: int | NewUser) -> Account:
    """A pending account and its first owner (an existing user, or one made here).

    A user creates accounts that they own; the service creates them for anyone.
    """
    require_not_blank(require_text(name, "name", max_length=NAME_MAX), "name")
    normal = validate_cnpj(require_text(cnpj, "cnpj", max_length=_CNPJ_MAX))
    if not isinstance(owner, NewUser):
        require_id(owner, "owner")
    actor = tx.actor
    if not actor.is_service and (isinstance(owner, NewUser) or owner != actor.user_id):
        raise Forbidden("actor", f"user {actor.user_id} may create only accounts that they own")
    if isinstance(owner, NewUser):
        owner_id = create_user(tx, email=owner.email, name=owner.name).id
    else:
        owner_id = require_user(tx, owner, "owner").id
    account = account_row(tx.one("insert_account", name=name, cnpj=normal))
    tx.one("insert_member", account_id=account.id, user_id=owner_id, role=MemberRole.OWNER)
    audit.record(
        tx,
        account_id=account.id,
        action="account.created",
        resource_type="account",
        resource_id=account.id,
        metadata={"cnpj": account.cnpj, "owner_user_id": owner_id},
    )
    return account


def get_account(tx: Tx, account_id: int) -> Account | None:
    require_id(account_id, "account_id")
    row = tx.first("account_by_id", account_id=account_id)
    return None if row is None else account_row(row)


def accounts_for_user(tx: Tx, user_id: int) -> tuple[UserAccount, ...]:
    require_id(user_id, "user_id")
    return tuple(
        UserAccount(
            id=r["id"],
            name=r["name"],
            cnpj=r["cnpj"],
            status=AccountStatus(r["status"]),
            role=MemberRole(r["role"]),
            member_count=r["member_count"],
        )
        for r in tx.all("accounts_for_user", user_id=user_id)
    )


def lock_account(tx: Tx, account_id: int) -> Account:
    row = tx.first("lock_account", account_id=account_id)
    if row is None:
        raise NotFound("account", f"no account {account_id}")
    return account_row(row)


def change_status(tx: Tx, account_id: int, target: AccountStatus | str) -> Account:
    """Move the account along its state machine; the same status again changes nothing."""
    require_id(account_id, "account_id")
    wanted = require_choice(target, AccountStatus, "status")
    closing = wanted == AccountStatus.CLOSED
    authorize(tx, Action.ACCOUNT_CLOSE if closing else Action.ACCOUNT_REVIEW, account_id)
    current = lock_account(tx, account_id)
    check_account_transition(current.status, wanted)
    if current.status == wanted:
        return current
    updated = account_row(tx.one("update_account_status", account_id=account_id, status=wanted))
    audit.record(
        tx,
        account_id=account_id,
        action=STATUS_ACTIONS[wanted],
        resource_type="account",
        resource_id=account_id,
        metadata={"from": current.status, "to": wanted},
    )
    return updated
