"""The types of the storage layer's arguments, checked before any statement runs.

Python does not check annotations, and PostgreSQL is generous with what it is
sent: a float id is rounded (`258.6` names account 259), a list becomes an
array, bytes become `bytea`. So every operation checks each argument's type
first, and a wrong one is a `ValidationError` naming the field, never a
`TypeError` from deep inside or a database error. Ids are `int` (not `bool`,
which Python counts as one) within bigint; text is `str` that PostgreSQL can
store (no NUL, no lone surrogate, which UTF-8 cannot encode) and no longer than
its column's limit. The limits are the schema's (`*_length` CHECKs and shapes),
named beside each constant.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from primedb.storage.errors import ValidationError

__all__ = [
    "ACCESS_KEY_ID_MAX",
    "BIGINT_MAX",
    "BODY_MAX",
    "EMAIL_MAX",
    "NAME_MAX",
    "REASON_MAX",
    "REGION_MAX",
    "TITLE_MAX",
    "TOKEN_MAX",
    "require_datetime",
    "require_id",
    "require_ids",
    "require_optional_id",
    "require_sequence",
    "require_text",
    "require_timedelta",
    "shown",
    "text_problem",
]

BIGINT_MAX = 2**63 - 1

EMAIL_MAX = 254  # users_email_shape, invitations_email_shape
NAME_MAX = 200  # users_name_length, accounts_name_length, products_name_length
REGION_MAX = 32  # buckets_region_length
TITLE_MAX = 200  # notifications_title_length
BODY_MAX = 4000  # notifications_body_length
REASON_MAX = 2000  # quota_requests_reason_length
ACCESS_KEY_ID_MAX = 128  # access_keys_access_key_id_shape
TOKEN_MAX = 128  # not stored (its SHA-256 is); a token made here has 43 characters

_SHOWN = 40


def shown(value: object) -> str:
    """`repr(value)`, cut short: a refused megabyte must not become a megabyte message."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def require_id(value: object, field: str) -> int:
    """An id: an `int` (not a `bool`) from 1 to the top of bigint."""
    if type(value) is not int:
        raise ValidationError(field, f"{shown(value)} is not an id (an integer)")
    if not 1 <= value <= BIGINT_MAX:
        raise ValidationError(field, f"ids are 1 to {BIGINT_MAX}, got {value}")
    return value


def require_optional_id(value: object, field: str) -> int | None:
    return None if value is None else require_id(value, field)


def text_problem(value: str) -> str | None:
    """Why PostgreSQL cannot store `value` as text, or None."""
    if "\x00" in value:
        return "holds a NUL character, which PostgreSQL text cannot store"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone surrogate, which is not Unicode text (UTF-8 cannot encode it)"
    return None


def require_text(value: object, field: str, *, max_length: int) -> str:
    """Text PostgreSQL can store, of at most `max_length` characters."""
    if not isinstance(value, str):
        raise ValidationError(field, f"{shown(value)} is not text")
    if len(value) > max_length:
        raise ValidationError(field, f"longer than {max_length} characters ({len(value)})")
    if problem := text_problem(value):
        raise ValidationError(field, problem)
    return value


def require_sequence(value: object, field: str, *, max_items: int) -> Sequence[Any]:
    """A list or tuple (a string is a sequence of characters, not of items) of bounded size."""
    if not isinstance(value, list | tuple):
        raise ValidationError(field, f"{shown(value)} is not a list")
    if len(value) > max_items:
        raise ValidationError(field, f"at most {max_items} items, got {len(value)}")
    return value


def require_ids(value: object, field: str, *, max_items: int) -> list[int]:
    items = require_sequence(value, field, max_items=max_items)
    return [require_id(item, field) for item in items]


def require_timedelta(value: object, field: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise ValidationError(field, f"{shown(value)} is not a duration (a timedelta)")
    return value


def require_datetime(value: object, field: str) -> datetime:
    """A moment with a time zone: a naive one would be read in the session's TimeZone."""
    if not isinstance(value, datetime):
        raise ValidationError(field, f"{shown(value)} is not a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, f"{value.isoformat()} has no time zone")
    return value
