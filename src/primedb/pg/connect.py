"""Connections, with failures turned into one clear, password-free error."""

from typing import Any

import psycopg
from psycopg.rows import dict_row

from primedb.errors import DatabaseUnreachable
from primedb.pg.dsn import mask


def connect(dsn: str, *, autocommit: bool = False, **kwargs: Any) -> psycopg.Connection[Any]:
    """Open a connection; an unreachable server raises `DatabaseUnreachable`."""
    kwargs.setdefault("connect_timeout", 10)
    try:
        return psycopg.connect(dsn, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnreachable(f"cannot connect to {mask(dsn)}: {reason}") from exc


def connect_dict(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[dict[str, Any]]:
    """A connection whose rows are dicts."""
    conn = connect(dsn, autocommit=autocommit)
    conn.row_factory = dict_row
    return conn
