"""Small pieces every builder uses: comments, temporary names, plain statements."""

import hashlib

from primedb.catalog.quote import literal
from primedb.diff.context import Side, statement
from primedb.diff.plan import LockLevel, Statement

__all__ = ["MAX_NAME", "comment", "plain", "temp_name"]

MAX_NAME = 63  # NAMEDATALEN - 1


def temp_name(name: str, suffix: str) -> str:
    """`name` with `suffix`, kept within PostgreSQL's 63 bytes (a hash keeps it unique)."""
    full = f"{name}_{suffix}"
    if len(full.encode()) <= MAX_NAME:
        return full
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    room = MAX_NAME - len(suffix) - len(digest) - 2
    return f"{name.encode()[:room].decode(errors='ignore')}_{digest}_{suffix}"


def plain(sql: str, side: Side, lock: LockLevel = LockLevel.NONE) -> Statement:
    """A statement without hazards."""
    return statement(sql, lock, side)


def comment(
    what: str, old: str | None, new: str | None, side: Side, lock: LockLevel = LockLevel.NONE
) -> tuple[Statement, ...]:
    """`COMMENT ON <what> IS ...` when the comment changes (`IS NULL` removes it)."""
    if old == new:
        return ()
    return (plain(f"COMMENT ON {what} IS {literal(new)}", side, lock),)
