"""A user's inbox: notifying a user, marking notifications read, reading the inbox.

The inbox belongs to a user, but audit rows belong to an account
(audit_logs.account_id is NOT NULL), so a notice about an account is audited
under that account, and one about nothing in particular (a system notice) has
no audit row. Marking read writes one audit row per account concerned.
"""

from collections import Counter
from collections.abc import Sequence

from primedb.storage import audit
from primedb.storage.arguments import (
    BODY_MAX,
    TITLE_MAX,
    require_id,
    require_ids,
    require_optional_id,
    require_text,
)
from primedb.storage.enums import NotificationKind
from primedb.storage.models import Notification
from primedb.storage.permissions import Action, authorize, require_self, require_service
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import require_choice, require_not_blank, require_page_size

__all__ = [
    "MAX_IDS",
    "TITLE_MAX",
    "mark_read",
    "notifications_for_user",
    "notify",
    "unread_count",
]

MAX_IDS = 1000  # one call marks at most this many by id (the array is one parameter)


def notification_row(row: Row) -> Notification:
    return Notification(
        id=row["id"],
        user_id=row["user_id"],
        account_id=row["account_id"],
        kind=NotificationKind(row["kind"]),
        title=row["title"],
        body=row["body"],
        read=row["read"],
        created_at=row["created_at"],
    )


def notify(
    tx: Tx,
    user_id: int,
    *,
    kind: NotificationKind | str,
    title: str,
    body: str = "",
    account_id: int | None = None,
) -> Notification:
    """A new unread notification in the user's inbox (sent by the service)."""
    require_id(user_id, "user_id")
    wanted = require_choice(kind, NotificationKind, "kind")
    # The length bound here is the raw text's; the title's own is its trimmed length.
    require_text(title, "title", max_length=BODY_MAX)
    require_not_blank(title, "title", max_length=TITLE_MAX)
    require_text(body, "body", max_length=BODY_MAX)
    about = require_optional_id(account_id, "account_id")
    if about is None:
        require_service(tx.actor, Action.NOTIFY)
    else:
        authorize(tx, Action.NOTIFY, about)
    row = tx.one(
        "insert_notification",
        user_id=user_id,
        account_id=account_id,
        kind=wanted,
        title=title,
        body=body,
    )
    notification = notification_row(row)
    if account_id is not None:
        audit.record(
            tx,
            account_id=account_id,
            action="notification.created",
            resource_type="notification",
            resource_id=notification.id,
            metadata={"user_id": user_id, "kind": wanted},
        )
    return notification


def mark_read(tx: Tx, user_id: int, ids: Sequence[int] | None = None) -> int:
    """Mark `ids` (None: every notification) of the user read; how many changed."""
    require_id(user_id, "user_id")
    wanted = None if ids is None else require_ids(ids, "ids", max_items=MAX_IDS)
    require_self(tx.actor, user_id, "mark read the notifications")
    if wanted is None:
        rows = tx.all("update_all_notifications_read", user_id=user_id)
    else:
        if not wanted:
            return 0
        rows = tx.all("update_notifications_read", user_id=user_id, ids=wanted)
    per_account = Counter(r["account_id"] for r in rows if r["account_id"] is not None)
    for account_id, count in sorted(per_account.items()):
        audit.record(
            tx,
            account_id=account_id,
            action="notification.read",
            resource_type="notification",
            resource_id=None,
            metadata={"user_id": user_id, "count": count},
        )
    return len(rows)


def notifications_for_user(tx: Tx, user_id: int, *, page_size: int) -> tuple[Notification, ...]:
    """The newest `page_size` notifications, unread ones first."""
    require_id(user_id, "user_id")
    require_page_size(page_size)
    rows = tx.all("notifications_unread_first", user_id=user_id, page_size=page_size)
    return tuple(notification_row(r) for r in rows)


def unread_count(tx: Tx, user_id: int) -> int:
    require_id(user_id, "user_id")
    count: int = tx.one("notifications_unread_count", user_id=user_id)["unread"]
    return count
