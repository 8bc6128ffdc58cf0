"""What the storage layer returns: frozen, slotted dataclasses, one per kind of row.

Secrets shown once (`NewAccessKey.secret`, `NewInvitation.token`) are hidden
from `repr`, so they never land in a log line or a traceback by accident.
"""

import ipaddress
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from primedb.storage.arguments import require_optional_id, require_text, shown
from primedb.storage.enums import (
    AccessKeyStatus,
    AccountStatus,
    InvitationStatus,
    MemberRole,
    NotificationKind,
    QuotaResource,
    QuotaStatus,
    UsageMetric,
    Versioning,
)
from primedb.storage.errors import ValidationError

__all__ = [
    "SYSTEM",
    "AccessKey",
    "AccessKeyCredential",
    "Account",
    "Actor",
    "AuditEntry",
    "Bucket",
    "BucketDailyUsage",
    "Invitation",
    "Member",
    "NewAccessKey",
    "NewInvitation",
    "NewUser",
    "Notification",
    "Page",
    "QuotaRequest",
    "UsageSample",
    "User",
    "UserAccount",
]

T = TypeVar("T")

_IP_MAX = 45  # the longest IPv6 text form (IPv4-mapped)


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who performs a mutation, for its audit row: a user (None: the system) and an IP.

    `staff` marks a user of the platform's own staff (the back office has
    authenticated them as such): they act as the service does
    (`primedb.storage.permissions`), under their own user id.
    """

    user_id: int | None = None
    ip: str | None = None
    staff: bool = False

    @property
    def is_service(self) -> bool:
        """The service itself or its staff: not bound by account membership."""
        return self.user_id is None or self.staff

    def __post_init__(self) -> None:
        # An actor is checked when made, so a float user id is never rounded into the
        # audit row, and audit_logs.ip (inet) never refuses what passed here.
        require_optional_id(self.user_id, "actor.user_id")
        if type(self.staff) is not bool:
            raise ValidationError("actor.staff", f"{shown(self.staff)} is not True or False")
        if self.staff and self.user_id is None:
            raise ValidationError("actor.staff", "a staff actor is a user: give its user_id")
        if self.ip is not None:
            require_text(self.ip, "actor.ip", max_length=_IP_MAX)
            try:
                address = ipaddress.ip_address(self.ip)
            except ValueError:
                address = None
            # inet has no IPv6 scope (fe80::1%eth0), which ip_address accepts.
            if address is None or getattr(address, "scope_id", None):
                raise ValidationError("actor.ip", f"{shown(self.ip)} is not an IP address")


SYSTEM = Actor()  # a mutation made by the service itself: no user, no address


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    id: int
    email: str
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewUser:
    """A user to create together with the account they will own."""

    email: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    id: int
    name: str
    cnpj: str
    status: AccountStatus
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class UserAccount:
    """An account as one of its members sees it (`accounts_for_user`)."""

    id: int
    name: str
    cnpj: str
    status: AccountStatus
    role: MemberRole
    member_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    account_id: int
    user_id: int
    email: str
    name: str
    role: MemberRole
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Invitation:
    id: int
    account_id: int
    email: str
    role: MemberRole
    status: InvitationStatus
    invited_by: int | None
    expires_at: datetime
    accepted_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewInvitation:
    """An invitation just made; `token` goes to the invitee and is never shown again."""

    invitation: Invitation
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Bucket:
    id: int
    account_id: int
    name: str
    region: str
    versioning: Versioning
    lifecycle_rules: tuple[dict[str, Any], ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessKey:
    id: int
    account_id: int
    access_key_id: str
    status: AccessKeyStatus
    created_at: datetime
    rotated_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAccessKey:
    """A key just made or rotated; `secret` is shown this once and never stored in clear."""

    key: AccessKey
    secret: str = field(repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessKeyCredential:
    """What request authentication needs (`access_key_lookup`): whether, and the secret."""

    access_key_id: str
    key_id: int
    account_id: int
    key_status: AccessKeyStatus
    account_status: AccountStatus
    secret: str = field(repr=False)

    @property
    def usable(self) -> bool:
        """Active key of an account that may use the service."""
        return self.key_status == AccessKeyStatus.ACTIVE and self.account_status in (
            AccountStatus.APPROVED,
            AccountStatus.ACTIVE,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageSample:
    """One metered quantity to record; `recorded_at` None means now."""

    metric: UsageMetric | str
    quantity: int
    bucket_id: int | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BucketDailyUsage:
    bucket_id: int
    bucket_name: str
    day: date
    metric: UsageMetric
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotaRequest:
    id: int
    account_id: int
    requested_by: int | None
    resource: QuotaResource
    current_limit: int
    requested_limit: int
    status: QuotaStatus
    reason: str
    decided_by: int | None
    decided_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Notification:
    id: int
    user_id: int
    account_id: int | None
    kind: NotificationKind
    title: str
    body: str
    read: bool
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    id: int
    account_id: int
    actor_user_id: int | None
    action: str
    resource_type: str
    resource_id: str | None
    metadata: dict[str, Any]
    ip: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of a newest-first listing; pass `next_cursor` back for the next (None: done)."""

    items: tuple[T, ...]
    next_cursor: str | None
