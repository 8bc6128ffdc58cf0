"""Create, clone and drop databases on a server: scratch space for commands and tests."""

import contextlib
import secrets
from collections.abc import Iterator

import psycopg
from psycopg import sql

from primedb.errors import UsageError
from primedb.pg.connect import connect
from primedb.pg.dsn import with_dbname

CREATE = "CREATE DATABASE {name}"
CREATE_FROM = "CREATE DATABASE {name} TEMPLATE {template}"
# FILE_COPY copies the template's files at once (about 10x faster for a small
# template) but forces a checkpoint: right for a throwaway test server, not for
# a user's busy one, whose default (WAL_LOG, PostgreSQL 15) is kept otherwise.
CREATE_FROM_FILES = "CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"
DROP = "DROP DATABASE IF EXISTS {name} WITH (FORCE)"


def create_database(
    server_dsn: str, name: str, *, template: str | None = None, file_copy: bool = False
) -> str:
    """Create `name` (optionally as a copy of `template`) and return its DSN."""
    statement = (CREATE_FROM_FILES if file_copy else CREATE_FROM) if template else CREATE
    query = sql.SQL(statement).format(
        name=sql.Identifier(name),
        template=sql.Identifier(template or "template1"),
    )
    with connect(server_dsn, autocommit=True) as conn:
        try:
            conn.execute(query)
        except psycopg.errors.DuplicateDatabase as exc:
            raise UsageError(
                f"database {name} already exists; drop it or choose another name"
            ) from exc
    return with_dbname(server_dsn, name)


def drop_database(server_dsn: str, name: str) -> None:
    with connect(server_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL(DROP).format(name=sql.Identifier(name)))


@contextlib.contextmanager
def scratch_database(
    server_dsn: str, *, template: str | None = None, prefix: str = "primedb_scratch"
) -> Iterator[str]:
    """A new database for the duration, dropped afterwards; yields its DSN."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    dsn = create_database(server_dsn, name, template=template)
    try:
        yield dsn
    finally:
        drop_database(server_dsn, name)
