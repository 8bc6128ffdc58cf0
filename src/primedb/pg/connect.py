"""Connections, with failures turned into one clear, password-free error."""

from typing import Any

import psycopg
from psycopg.rows import dict_row

from primedb.errors import DatabaseUnreachable
from primedb.secrets import mask, scrub


def connect(dsn: str, *, autocommit: bool = False, **kwargs: Any) -> psycopg.Connection[Any]:
    """Open a connection; an unreachable server raises `DatabaseUnreachable` with libpq's reason."""
    kwargs.setdefault("connect_timeout", 10)
    try:
        return psycopg.connect(dsn, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseUnreachable(
            f"cannot connect to {mask(dsn)}: {scrub(reason(exc), [dsn])}"
        ) from exc


def reason(exc: psycopg.Error) -> str:
    """libpq's whole reason on one line ("... failed: Connection refused; Is the server ...")."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return "; ".join(lines) or type(exc).__name__


def connect_dict(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[dict[str, Any]]:
    """A connection whose rows are dicts."""
    conn = connect(dsn, autocommit=autocommit)
    conn.row_factory = dict_row
    return conn
