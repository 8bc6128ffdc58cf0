"""The small vocabularies synthetic rows draw from, all valid under the schema's rules."""

import json

REGIONS = ("sa-east-1", "sa-east-2", "us-east-1", "eu-west-1")
ACCOUNT_STATUSES = ("active", "pending", "approved", "suspended", "closed")
ACCOUNT_STATUS_P = (0.80, 0.05, 0.05, 0.06, 0.04)
ROLES = ("admin", "member", "viewer", "owner")
OWNER = 3  # ROLES[OWNER]
EXTRA_ROLE_P = (0.25, 0.45, 0.25, 0.05)  # roles of memberships beyond each account's first owner
VERSIONING = ("unversioned", "enabled", "suspended")
VERSIONING_P = (0.55, 0.35, 0.10)
KEY_STATUSES = ("active", "inactive", "revoked")
KEY_REVOKED = 2
KEY_STATUS_P = (0.70, 0.15, 0.15)

# Lifecycle documents (S3 spelling). Most buckets have none, as on S3; about
# one in five has an enabled rule, the set the lifecycle worker visits.
_ARCHIVE = {
    "ID": "archive",
    "Status": "Enabled",
    "Filter": {"Prefix": ""},
    "Transitions": [
        {"Days": 30, "StorageClass": "STANDARD_IA"},
        {"Days": 180, "StorageClass": "GLACIER"},
    ],
}
_OLD_VERSIONS = {
    "ID": "old-versions",
    "Status": "Enabled",
    "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
}
_EXPIRE_LOGS = {
    "ID": "expire-logs",
    "Status": "Enabled",
    "Filter": {"Prefix": "logs/"},
    "Expiration": {"Days": 30},
}
_PAUSED = {"ID": "paused", "Status": "Disabled", "Expiration": {"Days": 7}}
LIFECYCLE = tuple(
    json.dumps(doc, separators=(", ", ": "))
    for doc in ([], [_EXPIRE_LOGS], [_ARCHIVE, _OLD_VERSIONS], [_PAUSED])
)
LIFECYCLE_P = (0.72, 0.13, 0.08, 0.07)

# (action, resource_type) pairs of the audit trail.
AUDIT_EVENTS = (
    ("object.put", "bucket"), ("object.get", "bucket"), ("object.delete", "bucket"),
    ("bucket.create", "bucket"), ("bucket.update_lifecycle", "bucket"),
    ("access_key.create", "access_key"), ("access_key.rotate", "access_key"),
    ("access_key.revoke", "access_key"), ("member.invite", "invitation"),
    ("member.role_change", "account_member"), ("account.update", "account"),
    ("invoice.pay", "invoice"),
)  # fmt: skip
AUDIT_EVENT_P = (0.30, 0.30, 0.10, 0.05, 0.03, 0.04, 0.04, 0.02, 0.04, 0.02, 0.03, 0.03)
AUDIT_METADATA = ("{}", '{"via": "console"}', '{"via": "api", "sdk": "boto3"}', '{"via": "cli"}')

USAGE_METRICS = (
    "storage_bytes", "object_count", "ingress_bytes", "egress_bytes",
    "requests_get", "requests_put", "requests_list", "requests_delete",
)  # fmt: skip

NOTIFICATION_KINDS = ("invitation", "billing", "quota", "security", "usage", "system")
NOTIFICATION_TITLES = (
    "You were invited to an account", "Your invoice is ready", "Quota request decided",
    "New access key created", "Storage usage above 80%", "Scheduled maintenance",
)  # fmt: skip
NOTIFICATION_BODIES = (
    "Open PrimeCloud to see the details.",
    "Nothing to do: this is for your records.",
    "Review it in the console within 7 days.",
)

# (sku, name, price in cents)
PRODUCTS = (
    ("STORAGE-STD-1TB", "Standard storage 1 TB", 9900),
    ("STORAGE-STD-10TB", "Standard storage 10 TB", 89900),
    ("STORAGE-IA-1TB", "Infrequent access 1 TB", 5900),
    ("ARCHIVE-10TB", "Archive 10 TB", 19900),
    ("EGRESS-1TB", "Egress 1 TB", 4900),
    ("SUPPORT-BUSINESS", "Business support", 49900),
    ("SUPPORT-ENTERPRISE", "Enterprise support", 249900),
    ("BACKUP-VAULT", "Backup vault", 14900),
)
SUBSCRIPTION_STATUSES = ("active", "trialing", "past_due", "canceled")
SUBSCRIPTION_STATUS_P = (0.75, 0.08, 0.07, 0.10)
ORDER_STATUSES = ("paid", "pending", "canceled", "refunded", "failed")
ORDER_STATUS_P = (0.80, 0.08, 0.05, 0.04, 0.03)
INVOICE_STATUSES = ("paid", "open", "void", "uncollectible")
INVOICE_STATUS_P = (0.85, 0.10, 0.03, 0.02)
INVITATION_STATUSES = ("pending", "accepted", "revoked", "expired")
INVITATION_STATUS_P = (0.15, 0.60, 0.10, 0.15)
INVITATION_PENDING = 0
QUOTA_RESOURCES = ("storage_bytes", "buckets", "access_keys", "members", "egress_bytes")
QUOTA_STATUSES = ("pending", "approved", "rejected")
QUOTA_STATUS_P = (0.3, 0.5, 0.2)
