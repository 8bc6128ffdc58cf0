"""Fold a statement nobody named into its operation: the capped label of ad-hoc SQL.

The latency metrics label a statement with its name from `queries/`, a closed
set. A statement that has no name (SQL an application runs directly) must not
put its text in a label, where every distinct literal would make a new series:
it is counted under its operation instead, one of the few values of
`Operation`, whatever the statement says.
"""

import re
from enum import Enum

__all__ = ["Operation", "operation_of"]


class Operation(Enum):
    """What a statement does, coarsely: the whole set of labels ad-hoc SQL may get."""

    SELECT = "SELECT"
    INSERT = "INSERT"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    MERGE = "MERGE"
    COPY = "COPY"
    CALL = "CALL"
    DDL = "DDL"
    TRANSACTION = "TRANSACTION"
    SETTING = "SETTING"
    OTHER = "OTHER"


_LEADING = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\()+", re.DOTALL)
_WORD = re.compile(r"[A-Za-z]+")
_WRITES_IN_WITH = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)

_FIRST_WORD: dict[str, Operation] = {
    "SELECT": Operation.SELECT,
    "VALUES": Operation.SELECT,
    "TABLE": Operation.SELECT,
    "INSERT": Operation.INSERT,
    "UPDATE": Operation.UPDATE,
    "DELETE": Operation.DELETE,
    "MERGE": Operation.MERGE,
    "COPY": Operation.COPY,
    "CALL": Operation.CALL,
    "DO": Operation.CALL,
    **dict.fromkeys(
        ("CREATE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE", "REINDEX"),
        Operation.DDL,
    ),
    **dict.fromkeys(
        ("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"),
        Operation.TRANSACTION,
    ),
    **dict.fromkeys(("SET", "RESET", "SHOW"), Operation.SETTING),
}


def operation_of(statement: str) -> Operation:
    """The operation of `statement`: its first keyword, or the write a `WITH` hides."""
    rest = _LEADING.sub("", statement, count=1)
    word = _WORD.match(rest)
    if word is None:
        return Operation.OTHER
    first = word.group().upper()
    if first == "WITH":
        # A data-modifying CTE is a write whatever its final SELECT says.
        write = _WRITES_IN_WITH.search(rest)
        return Operation(write.group(1).upper()) if write else Operation.SELECT
    return _FIRST_WORD.get(first, Operation.OTHER)
