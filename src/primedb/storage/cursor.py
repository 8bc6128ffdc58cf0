"""Opaque keyset cursors: where the next page of a newest-first listing starts.

A cursor is the base64url (unpadded) of the JSON `[created_at, id]` of the last
row of a page. Callers treat it as opaque; on the way back in it is decoded and
validated strictly (shape, types, a timezone-aware timestamp), so a forged or
truncated cursor is a `ValidationError` on the `cursor` field rather than a
database error or, worse, a silently wrong page.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from primedb.storage.errors import ValidationError

__all__ = ["Keyset", "decode_cursor", "encode_cursor"]

_MAX_CURSOR_LENGTH = 200  # far above a real cursor; refuses junk before decoding it


@dataclass(frozen=True, slots=True)
class Keyset:
    """The sort key of the last row seen: the next page holds rows strictly before it."""

    created_at: datetime
    id: int


def encode_cursor(key: Keyset) -> str:
    payload = json.dumps([key.created_at.isoformat(), key.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _invalid(reason: str) -> ValidationError:
    return ValidationError("cursor", reason)


def decode_cursor(cursor: str) -> Keyset:
    """The keyset of `cursor`, or `ValidationError('cursor', ...)`."""
    if not cursor or len(cursor) > _MAX_CURSOR_LENGTH:
        raise _invalid("not a cursor returned by this listing")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise _invalid("not a cursor returned by this listing") from exc
    if not (isinstance(value, list) and len(value) == 2):
        raise _invalid("malformed cursor")
    stamp, row_id = value
    # bool is an int in Python; a cursor never holds one.
    if not isinstance(stamp, str) or not isinstance(row_id, int) or isinstance(row_id, bool):
        raise _invalid("malformed cursor")
    try:
        created_at = datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise _invalid("malformed cursor timestamp") from exc
    if created_at.tzinfo is None:
        raise _invalid("cursor timestamp has no time zone")
    if row_id < 1:
        raise _invalid("cursor id must be positive")
    return Keyset(created_at=created_at, id=row_id)
