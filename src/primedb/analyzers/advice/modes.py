"""Where verification may build indexes: the choice between a copy, this database, or none.

Building an index to verify it is harmless on a copy: the embedded default,
a database the user says is a copy (`--copy`), or one whose comment starts
with `primedb: copy` (`COMMENT ON DATABASE ... IS 'primedb: copy'`, for a
staging clone that CI advises on every run). On any other database the
build's SHARE lock makes writes to the table wait, so the user must say
`--verify-on-this-database`, or `--no-verify` for what-if estimates only.
"""

from typing import Any

import psycopg

from primedb.analyzers.advice.catalog import COPY_MARK
from primedb.analyzers.advice.verify import VerifyMode
from primedb.errors import UsageError
from primedb.sqlfiles import package_queries

__all__ = ["verify_mode"]


def marked_copy(conn: psycopg.Connection[Any]) -> bool:
    """True when the database's comment marks it as a copy."""
    query = package_queries("primedb.analyzers.advice", check=False)["database_comment"]
    row = conn.execute(query.sql).fetchone()
    return bool(row and row[0] and str(row[0]).strip().lower().startswith(COPY_MARK))


def verify_mode(
    conn: psycopg.Connection[Any],
    *,
    embedded: bool,
    is_copy: bool,
    on_this_database: bool,
    no_verify: bool,
) -> VerifyMode:
    """The verification the options and the database allow."""
    if no_verify:
        if on_this_database:
            raise UsageError("--no-verify and --verify-on-this-database contradict; choose one")
        return VerifyMode.NONE
    if embedded or is_copy or marked_copy(conn):
        return VerifyMode.COPY
    if on_this_database:
        return VerifyMode.THIS_DATABASE
    raise UsageError(
        "this database is not marked as a copy, and verifying advice builds each index on it "
        "(a SHARE lock: writes to the table wait until the build is rolled back); rerun with "
        "--verify-on-this-database, or --no-verify for what-if estimates only, or --copy "
        f"if it is a copy (or COMMENT ON DATABASE ... IS '{COPY_MARK}')"
    )
