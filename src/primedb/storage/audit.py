"""The audit trail: one row per mutation, written in the mutation's own transaction,
and read back as keyset pages behind an opaque cursor.

Writing the row in the same transaction is what makes the trail exact: a
mutation that rolls back leaves no audit row, and one that commits always has
its row. Actions are `<resource>.<past-tense verb>` (`account.approved`), as
the CHECK audit_logs_action_shape asks.
"""

from typing import Any

from psycopg.types.json import Jsonb

from primedb.storage.arguments import require_id, require_text
from primedb.storage.cursor import Keyset, decode_cursor, encode_cursor
from primedb.storage.models import AuditEntry, Page
from primedb.storage.tx import Row, Tx
from primedb.storage.validation import require_page_size

__all__ = ["audit_page", "record"]


def record(
    tx: Tx,
    *,
    account_id: int,
    action: str,
    resource_type: str,
    resource_id: object,
    metadata: dict[str, Any] | None = None,
) -> None:
    """Append the audit row of a mutation, as `tx.actor`."""
    tx.one(
        "insert_audit_log",
        account_id=account_id,
        actor_user_id=tx.actor.user_id,
        action=action,
        resource_type=resource_type,
        resource_id=None if resource_id is None else str(resource_id),
        metadata=Jsonb(metadata or {}),
        ip=tx.actor.ip,
    )


_CURSOR_MAX = 200  # far above a real cursor (`cursor` refuses longer ones itself)


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        account_id=row["account_id"],
        actor_user_id=row["actor_user_id"],
        action=row["action"],
        resource_type=row["resource_type"],
        resource_id=row["resource_id"],
        metadata=row["metadata"],
        ip=None if row["ip"] is None else str(row["ip"]),
        created_at=row["created_at"],
    )


def audit_page(tx: Tx, account_id: int, *, cursor: str | None, page_size: int) -> Page[AuditEntry]:
    """A page of the account's audit log, newest first, starting after `cursor`."""
    require_id(account_id, "account_id")
    require_page_size(page_size)
    # One row more than asked says whether a next page exists, so the last page
    # has no cursor instead of a cursor to an empty page.
    if cursor is None:
        rows = tx.all("audit_logs_first_page", account_id=account_id, page_size=page_size + 1)
    else:
        key = decode_cursor(require_text(cursor, "cursor", max_length=_CURSOR_MAX))
        rows = tx.all(
            "audit_logs_page",
            account_id=account_id,
            before_at=key.created_at,
            before_id=key.id,
            page_size=page_size + 1,
        )
    entries = tuple(_entry(r) for r in rows[:page_size])
    more = len(rows) > page_size
    next_cursor = (
        encode_cursor(Keyset(created_at=entries[-1].created_at, id=entries[-1].id))
        if more
        else None
    )
    return Page(items=entries, next_cursor=next_cursor)
