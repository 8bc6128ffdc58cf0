"""The closed sets of the schema (its `*_valid` CHECKs), as string enums.

Each member's value is the text stored in the column, so a member goes to the
database as it is and a row's text comes back as `Enum(text)`. Being `str`s,
members also compare equal to their text: callers may pass either.
"""

from enum import StrEnum

__all__ = [
    "AccessKeyStatus",
    "AccountStatus",
    "InvitationStatus",
    "MemberRole",
    "NotificationKind",
    "QuotaResource",
    "QuotaStatus",
    "UsageMetric",
    "Versioning",
]


class AccountStatus(StrEnum):
    """accounts_status_valid; the edges are in `validation.ACCOUNT_TRANSITIONS`."""

    PENDING = "pending"
    APPROVED = "approved"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class MemberRole(StrEnum):
    """account_members_role_valid, invitations_role_valid."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


class InvitationStatus(StrEnum):
    """invitations_status_valid."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Versioning(StrEnum):
    """buckets_versioning_valid: unversioned -> enabled <-> suspended."""

    UNVERSIONED = "unversioned"
    ENABLED = "enabled"
    SUSPENDED = "suspended"


class AccessKeyStatus(StrEnum):
    """access_keys_status_valid: active <-> inactive, -> revoked (final)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    REVOKED = "revoked"


class UsageMetric(StrEnum):
    """usage_records_metric_valid."""

    STORAGE_BYTES = "storage_bytes"
    OBJECT_COUNT = "object_count"
    INGRESS_BYTES = "ingress_bytes"
    EGRESS_BYTES = "egress_bytes"
    REQUESTS_GET = "requests_get"
    REQUESTS_PUT = "requests_put"
    REQUESTS_LIST = "requests_list"
    REQUESTS_DELETE = "requests_delete"


class QuotaResource(StrEnum):
    """quota_requests_resource_valid."""

    STORAGE_BYTES = "storage_bytes"
    BUCKETS = "buckets"
    ACCESS_KEYS = "access_keys"
    MEMBERS = "members"
    EGRESS_BYTES = "egress_bytes"


class QuotaStatus(StrEnum):
    """quota_requests_status_valid: pending -> approved | rejected (final)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class NotificationKind(StrEnum):
    """notifications_kind_valid."""

    INVITATION = "invitation"
    BILLING = "billing"
    QUOTA = "quota"
    SECURITY = "security"
    USAGE = "usage"
    SYSTEM = "system"
