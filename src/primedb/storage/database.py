"""`DatabaseStorage`: the storage layer's one entry point, on a psycopg connection pool.

The Python counterpart of the playbook's `IStorage`/`DatabaseStorage`: one
method per operation, each one unit of work run by `run_transaction` (one
transaction, retried a bounded number of times on serialization failures and
deadlocks, database errors translated into the storage error types). The
methods hold no logic of their own; the area modules (`accounts`, `members`,
`buckets`, ...) do, inside the transaction they are given.

Isolation is chosen per operation. An operation that reads, decides, then
writes runs at SERIALIZABLE (and also locks the row it decides on, so that a
conflict usually waits rather than fails). One that only inserts, or whose
UPDATE re-checks its own condition, runs at READ COMMITTED: the constraints
decide there, and SERIALIZABLE would only add retries. Reads run READ ONLY at
READ COMMITTED: each is one statement, so one snapshot.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from primedb.storage import (
    access_keys,
    accounts,
    audit,
    buckets,
    members,
    notifications,
    quotas,
    usage,
)
from primedb.storage.enums import (
    AccessKeyStatus,
    AccountStatus,
    MemberRole,
    NotificationKind,
    QuotaResource,
    QuotaStatus,
    Versioning,
)
from primedb.storage.models import (
    SYSTEM,
    AccessKey,
    AccessKeyCredential,
    Account,
    Actor,
    AuditEntry,
    Bucket,
    BucketDailyUsage,
    Invitation,
    Member,
    NewAccessKey,
    NewInvitation,
    NewUser,
    Notification,
    Page,
    QuotaRequest,
    UsageSample,
    User,
    UserAccount,
)
from primedb.storage.transactions import Isolation
from primedb.storage.units import UnitsOfWork

__all__ = ["DEFAULT_INVITATION_LIFETIME", "DatabaseStorage"]

DEFAULT_INVITATION_LIFETIME = timedelta(days=7)
_DECIDE = Isolation.SERIALIZABLE
_APPEND = Isolation.READ_COMMITTED


class DatabaseStorage(UnitsOfWork):
    """PrimeCloudProV2's data access: accounts, members, buckets, keys, usage, inbox, audit.

    Make one with `DatabaseStorage.open(dsn, box=...)` (it owns its pool) or
    `DatabaseStorage(pool, box=...)` (the pool stays the caller's).
    """

    # Users and accounts ---------------------------------------------------------

    def create_user(self, *, email: str, name: str) -> User:
        return self._write(
            "create_user",
            lambda tx: accounts.create_user(tx, email=email, name=name),
            SYSTEM,
            _APPEND,
        )

    def create_account(
        self, *, name: str, cnpj: str, owner: int | NewUser, actor: Actor = SYSTEM
    ) -> Account:
        """A pending account and its owner (a user id, or a `NewUser` made with it)."""
        return self._write(
            "create_account",
            lambda tx: accounts.create_account(tx, name=name, cnpj=cnpj, owner=owner),
            actor,
        )

    def get_account(self, account_id: int) -> Account | None:
        return self._read("get_account", lambda tx: accounts.get_account(tx, account_id))

    def accounts_for_user(self, user_id: int) -> tuple[UserAccount, ...]:
        return self._read("accounts_for_user", lambda tx: accounts.accounts_for_user(tx, user_id))

    def set_account_status(
        self, account_id: int, status: AccountStatus | str, *, actor: Actor = SYSTEM
    ) -> Account:
        """Move the account along pending -> approved -> active <-> suspended -> closed."""
        return self._write(
            "set_account_status", lambda tx: accounts.change_status(tx, account_id, status), actor
        )

    def approve_account(self, account_id: int, *, actor: Actor = SYSTEM) -> Account:
        return self.set_account_status(account_id, AccountStatus.APPROVED, actor=actor)

    def activate_account(self, account_id: int, *, actor: Actor = SYSTEM) -> Account:
        return self.set_account_status(account_id, AccountStatus.ACTIVE, actor=actor)

    def suspend_account(self, account_id: int, *, actor: Actor = SYSTEM) -> Account:
        return self.set_account_status(account_id, AccountStatus.SUSPENDED, actor=actor)

    def close_account(self, account_id: int, *, actor: Actor = SYSTEM) -> Account:
        return self.set_account_status(account_id, AccountStatus.CLOSED, actor=actor)

    # Members and invitations ----------------------------------------------------

    def invite_member(
        self,
        account_id: int,
        *,
        email: str,
        role: MemberRole | str,
        expires_in: timedelta = DEFAULT_INVITATION_LIFETIME,
        actor: Actor = SYSTEM,
    ) -> NewInvitation:
        """A pending invitation; its token is in the result only (the database keeps a hash)."""
        return self._write(
            "invite_member",
            lambda tx: members.invite(
                tx, account_id, email=email, role=role, expires_in=expires_in
            ),
            actor,
        )

    def accept_invitation(self, token: str, *, actor: Actor) -> Member:
        """`actor.user_id` joins the invitation's account with the invited role."""
        return self._write(
            "accept_invitation", lambda tx: members.accept_invitation(tx, token), actor
        )

    def change_member_role(
        self, account_id: int, user_id: int, role: MemberRole | str, *, actor: Actor = SYSTEM
    ) -> Member:
        return self._write(
            "change_member_role",
            lambda tx: members.change_role(tx, account_id, user_id, role),
            actor,
        )

    def remove_member(self, account_id: int, user_id: int, *, actor: Actor = SYSTEM) -> None:
        """Refused for the account's last owner."""
        self._write(
            "remove_member", lambda tx: members.remove_member(tx, account_id, user_id), actor
        )

    def members(self, account_id: int) -> tuple[Member, ...]:
        return self._read("members", lambda tx: members.members_of_account(tx, account_id))

    def pending_invitations(self, account_id: int) -> tuple[Invitation, ...]:
        return self._read(
            "pending_invitations", lambda tx: members.pending_invitations(tx, account_id)
        )

    # Buckets ---------------------------------------------------------------------

    def create_bucket(
        self,
        account_id: int,
        *,
        name: str,
        region: str,
        lifecycle_rules: Sequence[dict[str, Any]] = (),
        actor: Actor = SYSTEM,
    ) -> Bucket:
        return self._write(
            "create_bucket",
            lambda tx: buckets.create_bucket(
                tx, account_id, name=name, region=region, lifecycle_rules=lifecycle_rules
            ),
            actor,
        )

    def set_bucket_versioning(
        self,
        account_id: int,
        bucket_id: int,
        versioning: Versioning | str,
        *,
        actor: Actor = SYSTEM,
    ) -> Bucket:
        return self._write(
            "set_bucket_versioning",
            lambda tx: buckets.set_versioning(tx, account_id, bucket_id, versioning),
            actor,
        )

    def replace_lifecycle_rules(
        self,
        account_id: int,
        bucket_id: int,
        rules: Sequence[dict[str, Any]],
        *,
        actor: Actor = SYSTEM,
    ) -> Bucket:
        return self._write(
            "replace_lifecycle_rules",
            lambda tx: buckets.replace_lifecycle_rules(tx, account_id, bucket_id, rules),
            actor,
            _APPEND,  # a whole-document replace: the last writer wins, as in S3
        )

    def buckets(self, account_id: int) -> tuple[Bucket, ...]:
        return self._read("buckets", lambda tx: buckets.buckets_for_account(tx, account_id))

    def buckets_with_lifecycle(self, account_id: int) -> tuple[Bucket, ...]:
        return self._read(
            "buckets_with_lifecycle", lambda tx: buckets.buckets_with_lifecycle(tx, account_id)
        )

    # Access keys -------------------------------------------------------------------

    def create_access_key(self, account_id: int, *, actor: Actor = SYSTEM) -> NewAccessKey:
        """A new key; the secret is in the result only (the database keeps it sealed)."""
        return self._write(
            "create_access_key",
            lambda tx: access_keys.create_access_key(tx, self.box, account_id),
            actor,
            _APPEND,
        )

    def rotate_access_key(
        self, account_id: int, access_key_id: str, *, actor: Actor = SYSTEM
    ) -> NewAccessKey:
        """A new secret under the same `access_key_id`."""
        return self._write(
            "rotate_access_key",
            lambda tx: access_keys.rotate_access_key(tx, self.box, account_id, access_key_id),
            actor,
        )

    def set_access_key_status(
        self,
        account_id: int,
        access_key_id: str,
        status: AccessKeyStatus | str,
        *,
        actor: Actor = SYSTEM,
    ) -> AccessKey:
        return self._write(
            "set_access_key_status",
            lambda tx: access_keys.change_status(tx, account_id, access_key_id, status),
            actor,
        )

    def activate_access_key(
        self, account_id: int, access_key_id: str, *, actor: Actor = SYSTEM
    ) -> AccessKey:
        return self.set_access_key_status(
            account_id, access_key_id, AccessKeyStatus.ACTIVE, actor=actor
        )

    def deactivate_access_key(
        self, account_id: int, access_key_id: str, *, actor: Actor = SYSTEM
    ) -> AccessKey:
        return self.set_access_key_status(
            account_id, access_key_id, AccessKeyStatus.INACTIVE, actor=actor
        )

    def revoke_access_key(
        self, account_id: int, access_key_id: str, *, actor: Actor = SYSTEM
    ) -> AccessKey:
        """Final: a revoked key is never reactivated nor rotated."""
        return self.set_access_key_status(
            account_id, access_key_id, AccessKeyStatus.REVOKED, actor=actor
        )

    def access_keys(self, account_id: int) -> tuple[AccessKey, ...]:
        return self._read(
            "access_keys", lambda tx: access_keys.access_keys_for_account(tx, account_id)
        )

    def lookup_access_key(self, access_key_id: str) -> AccessKeyCredential | None:
        """The authentication hot path: a key, its account's status and its unsealed secret."""
        return self._read(
            "lookup_access_key",
            lambda tx: access_keys.lookup_access_key(tx, self.box, access_key_id),
        )

    # Usage and quotas ---------------------------------------------------------------

    def record_usage(
        self, account_id: int, samples: Sequence[UsageSample], *, actor: Actor = SYSTEM
    ) -> int:
        """Record a batch (all or nothing); how many samples were recorded."""
        return self._write(
            "record_usage", lambda tx: usage.record_usage(tx, account_id, samples), actor, _APPEND
        )

    def usage_by_bucket_by_day(
        self, account_id: int, *, from_at: datetime, to_at: datetime
    ) -> tuple[BucketDailyUsage, ...]:
        return self._read(
            "usage_by_bucket_by_day",
            lambda tx: usage.usage_by_bucket_by_day(tx, account_id, from_at=from_at, to_at=to_at),
        )

    def request_quota_increase(
        self,
        account_id: int,
        *,
        resource: QuotaResource | str,
        current_limit: int,
        requested_limit: int,
        reason: str = "",
        actor: Actor = SYSTEM,
    ) -> QuotaRequest:
        return self._write(
            "request_quota_increase",
            lambda tx: quotas.request_quota_increase(
                tx,
                account_id,
                resource=resource,
                current_limit=current_limit,
                requested_limit=requested_limit,
                reason=reason,
            ),
            actor,
        )

    def approve_quota_request(self, request_id: int, *, actor: Actor = SYSTEM) -> QuotaRequest:
        return self._write(
            "approve_quota_request",
            lambda tx: quotas.decide_quota_request(tx, request_id, QuotaStatus.APPROVED),
            actor,
        )

    def reject_quota_request(self, request_id: int, *, actor: Actor = SYSTEM) -> QuotaRequest:
        return self._write(
            "reject_quota_request",
            lambda tx: quotas.decide_quota_request(tx, request_id, QuotaStatus.REJECTED),
            actor,
        )

    def pending_quota_requests(self, *, page_size: int = 50) -> tuple[QuotaRequest, ...]:
        return self._read(
            "pending_quota_requests",
            lambda tx: quotas.pending_quota_requests(tx, page_size=page_size),
        )

    def quota_requests(self, account_id: int) -> tuple[QuotaRequest, ...]:
        return self._read(
            "quota_requests", lambda tx: quotas.quota_requests_for_account(tx, account_id)
        )

    # Notifications ------------------------------------------------------------------

    def notify(
        self,
        user_id: int,
        *,
        kind: NotificationKind | str,
        title: str,
        body: str = "",
        account_id: int | None = None,
        actor: Actor = SYSTEM,
    ) -> Notification:
        return self._write(
            "notify",
            lambda tx: notifications.notify(
                tx, user_id, kind=kind, title=title, body=body, account_id=account_id
            ),
            actor,
            _APPEND,
        )

    def mark_notifications_read(
        self, user_id: int, ids: Sequence[int] | None = None, *, actor: Actor = SYSTEM
    ) -> int:
        """Mark `ids` (None: all) of the user's notifications read; how many changed."""
        return self._write(
            "mark_notifications_read",
            lambda tx: notifications.mark_read(tx, user_id, ids),
            actor,
            _APPEND,  # the UPDATE re-checks `NOT read` on the row it changes
        )

    def notifications(self, user_id: int, *, page_size: int = 20) -> tuple[Notification, ...]:
        """The inbox: unread first, then newest first."""
        return self._read(
            "notifications",
            lambda tx: notifications.notifications_for_user(tx, user_id, page_size=page_size),
        )

    def unread_notifications(self, user_id: int) -> int:
        return self._read(
            "unread_notifications", lambda tx: notifications.unread_count(tx, user_id)
        )

    # Audit log --------------------------------------------------------------------------

    def audit_log(
        self, account_id: int, *, cursor: str | None = None, page_size: int = 50
    ) -> Page[AuditEntry]:
        """A page of the account's audit log, newest first; pass `next_cursor` for the next."""
        return self._read(
            "audit_log",
            lambda tx: audit.audit_page(tx, account_id, cursor=cursor, page_size=page_size),
        )
