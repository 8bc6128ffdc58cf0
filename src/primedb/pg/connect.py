"""Connections: bounded waits, a dead client noticed fast, failures in one password-free error.

Every primedb session asks the server to notice a vanished client quickly
(TCP keepalives, and `client_connection_check_interval` on PostgreSQL 14 and
later), so a killed run does not keep its locks for long. Sessions on a
user's database can be given a `lock_timeout` and a `statement_timeout`,
set before the first statement: no statement of them then waits unbounded.
"""

from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from primedb.errors import DatabaseUnreachable
from primedb.secrets import mask, scrub

__all__ = ["connect", "connect_dict", "reason"]

# libpq's TCP keepalives: a peer that vanished is found in about 10 + 3 * 5 seconds.
_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
# The server checks every second whether the client is still there while a query runs.
_CHECK_INTERVAL = "1s"
_SET = sql.SQL("pg_catalog.set_config({name}, {value}, false)")


def connect(
    dsn: str,
    *,
    autocommit: bool = False,
    lock_timeout_ms: int | None = None,
    statement_timeout_ms: int | None = None,
    **kwargs: Any,
) -> psycopg.Connection[Any]:
    """Open a connection; a server that cannot be reached raises `DatabaseUnreachable`."""
    kwargs.setdefault("connect_timeout", 10)
    for key, value in _KEEPALIVES.items():
        kwargs.setdefault(key, value)
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseUnreachable(
            f"cannot connect to {mask(dsn)}: {scrub(reason(exc), [dsn])}"
        ) from exc
    settings: dict[str, str] = {}
    if conn.info.server_version >= 140000:
        settings["client_connection_check_interval"] = _CHECK_INTERVAL
    if lock_timeout_ms is not None:
        settings["lock_timeout"] = f"{lock_timeout_ms}ms"
    if statement_timeout_ms is not None:
        settings["statement_timeout"] = f"{statement_timeout_ms}ms"
    if settings:  # one round trip
        calls = [
            _SET.format(name=sql.Literal(k), value=sql.Literal(v)) for k, v in settings.items()
        ]
        conn.execute(sql.SQL("SELECT ") + sql.SQL(", ").join(calls))
        if not autocommit:
            conn.commit()  # a session setting made in a transaction lasts once it commits
    return conn


def reason(exc: psycopg.Error) -> str:
    """libpq's whole reason on one line ("... failed: Connection refused; Is the server ...")."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return "; ".join(lines) or type(exc).__name__


def connect_dict(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[dict[str, Any]]:
    """A connection whose rows are dicts."""
    conn = connect(dsn, autocommit=autocommit)
    conn.row_factory = dict_row
    return conn
