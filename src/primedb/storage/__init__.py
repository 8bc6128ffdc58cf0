"""PrimeCloudProV2's storage layer: typed operations over the named queries of `queries/`.

`DatabaseStorage` is the entry point (one method per operation, each one
transaction, retried on serialization failures and deadlocks). Input is checked
by `validation` with the rules the schema enforces, and a constraint violation
that still comes back from the database is translated into the same error
types (`errors`). Every mutation writes its audit row in its own transaction.

    from primedb.storage import AesGcmKeyring, DatabaseStorage, NewUser

    with DatabaseStorage.open(dsn, box=AesGcmKeyring.generate()) as storage:
        account = storage.create_account(
            name="Acme", cnpj="11.222.333/0001-81", owner=NewUser(email="a@acme.com.br", name="Ana")
        )
"""

from primedb.storage.database import DEFAULT_INVITATION_LIFETIME, DatabaseStorage
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
from primedb.storage.errors import (
    AccountUnavailable,
    Conflict,
    Forbidden,
    NotFound,
    RetriesExhausted,
    RuleViolation,
    StorageError,
    ValidationError,
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
from primedb.storage.pool import PoolSettings
from primedb.storage.secretbox import AesGcmKeyring, SecretBox
from primedb.storage.transactions import Isolation, RetryPolicy, run_transaction
from primedb.storage.tx import QueryObserver

__all__ = [
    "DEFAULT_INVITATION_LIFETIME",
    "SYSTEM",
    "AccessKey",
    "AccessKeyCredential",
    "AccessKeyStatus",
    "Account",
    "AccountStatus",
    "AccountUnavailable",
    "Actor",
    "AesGcmKeyring",
    "AuditEntry",
    "Bucket",
    "BucketDailyUsage",
    "Conflict",
    "DatabaseStorage",
    "Forbidden",
    "Invitation",
    "InvitationStatus",
    "Isolation",
    "Member",
    "MemberRole",
    "NewAccessKey",
    "NewInvitation",
    "NewUser",
    "NotFound",
    "Notification",
    "NotificationKind",
    "Page",
    "PoolSettings",
    "QueryObserver",
    "QuotaRequest",
    "QuotaResource",
    "QuotaStatus",
    "RetriesExhausted",
    "RetryPolicy",
    "RuleViolation",
    "SecretBox",
    "StorageError",
    "UsageMetric",
    "UsageSample",
    "User",
    "UserAccount",
    "ValidationError",
    "Versioning",
    "run_transaction",
]
