"""SQLSTATE classes: the closed set an error counter may carry as a label.

A SQLSTATE is five characters; its first two are the class (PostgreSQL
documentation, Appendix A). Counting errors by class keeps the label set
small and fixed while still telling a deadlock (`40`) from a constraint
refusal (`23`) or a lost connection (`08`). A class PostgreSQL does not
document becomes `other`.

A psycopg `OperationalError` that carries no SQLSTATE at all is a connection
that broke before the server could answer (the server went away, the socket
closed): it is counted as class `08`, which is what the server would have
said had it been able to. Any other error without a SQLSTATE (a client-side
bug, a pool timeout) is `other`.
"""

from enum import Enum

import psycopg

__all__ = ["OTHER", "SqlstateClass", "sqlstate_class"]

OTHER = "other"


class SqlstateClass(Enum):
    """The classes of PostgreSQL's error codes, by their two characters."""

    SUCCESSFUL_COMPLETION = "00"
    WARNING = "01"
    NO_DATA = "02"
    SQL_STATEMENT_NOT_YET_COMPLETE = "03"
    CONNECTION_EXCEPTION = "08"
    TRIGGERED_ACTION_EXCEPTION = "09"
    FEATURE_NOT_SUPPORTED = "0A"
    INVALID_TRANSACTION_INITIATION = "0B"
    LOCATOR_EXCEPTION = "0F"
    INVALID_GRANTOR = "0L"
    INVALID_ROLE_SPECIFICATION = "0P"
    DIAGNOSTICS_EXCEPTION = "0Z"
    CASE_NOT_FOUND = "20"
    CARDINALITY_VIOLATION = "21"
    DATA_EXCEPTION = "22"
    INTEGRITY_CONSTRAINT_VIOLATION = "23"
    INVALID_CURSOR_STATE = "24"
    INVALID_TRANSACTION_STATE = "25"
    INVALID_SQL_STATEMENT_NAME = "26"
    TRIGGERED_DATA_CHANGE_VIOLATION = "27"
    INVALID_AUTHORIZATION_SPECIFICATION = "28"
    DEPENDENT_PRIVILEGE_DESCRIPTORS_STILL_EXIST = "2B"
    INVALID_TRANSACTION_TERMINATION = "2D"
    SQL_ROUTINE_EXCEPTION = "2F"
    INVALID_CURSOR_NAME = "34"
    EXTERNAL_ROUTINE_EXCEPTION = "38"
    EXTERNAL_ROUTINE_INVOCATION_EXCEPTION = "39"
    SAVEPOINT_EXCEPTION = "3B"
    INVALID_CATALOG_NAME = "3D"
    INVALID_SCHEMA_NAME = "3F"
    TRANSACTION_ROLLBACK = "40"
    SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION = "42"
    WITH_CHECK_OPTION_VIOLATION = "44"
    INSUFFICIENT_RESOURCES = "53"
    PROGRAM_LIMIT_EXCEEDED = "54"
    OBJECT_NOT_IN_PREREQUISITE_STATE = "55"
    OPERATOR_INTERVENTION = "57"
    SYSTEM_ERROR = "58"
    SNAPSHOT_TOO_OLD = "72"
    CONFIGURATION_FILE_ERROR = "F0"
    FDW_ERROR = "HV"
    PLPGSQL_ERROR = "P0"
    INTERNAL_ERROR = "XX"


_KNOWN = frozenset(c.value for c in SqlstateClass)


def sqlstate_class(error: BaseException | None) -> str:
    """The class label of `error`: two characters of `SqlstateClass`, or `other`."""
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and len(sqlstate) == 5:
        code = sqlstate[:2]
        return code if code in _KNOWN else OTHER
    if (
        isinstance(error, psycopg.OperationalError)
        and type(error).__module__.partition(".")[0] == "psycopg"
    ):
        # psycopg_pool's PoolTimeout and friends are OperationalErrors too, but they
        # are raised by the pool, not by a broken connection.
        return SqlstateClass.CONNECTION_EXCEPTION.value
    return OTHER
