"""The errors a user can cause, each with the exit code the CLI ends with.

Library code raises these and never prints or exits; the CLI prints
`error: <message>` on one line and exits with `exit_code`. Anything else
that escapes is a bug (exit 70, with a traceback).
"""

from typing import ClassVar

OK = 0
FINDINGS = 1
USAGE = 2
UNREACHABLE = 3
HAZARD = 4
BAD_INPUT = 5
DRIFT = 6
BUG = 70

EXIT_CODES: dict[int, str] = {
    OK: "ok",
    FINDINGS: "findings (check, audit, lint, benchmark regression, diff with changes)",
    USAGE: "usage or configuration error",
    UNREACHABLE: "database unreachable or busy (a lock wait timed out), or PostgreSQL could "
    "not be started",
    HAZARD: "a hazard that was not allowed",
    BAD_INPUT: "bad input (a schema, query or file primedb cannot use)",
    DRIFT: "the database's schema is not the one its revision expects (drift)",
    BUG: "a bug in primedb (rerun with --traceback and report it)",
}


class PrimedbError(Exception):
    """Base of every error a user can cause."""

    exit_code: ClassVar[int] = BUG


class UsageError(PrimedbError):
    """A missing or contradictory option, a setting that cannot work."""

    exit_code = USAGE


class PostgresNotFound(UsageError):
    """No PostgreSQL binaries on this machine."""


class DatabaseUnreachable(PrimedbError):
    """A connection failed, or the embedded cluster did not start."""

    exit_code = UNREACHABLE


class DatabaseBusy(PrimedbError):
    """A statement waited longer than its lock_timeout or statement_timeout allowed."""

    exit_code = UNREACHABLE


class HazardNotAllowed(PrimedbError):
    """A plan carries a hazard the user did not allow."""

    exit_code = HAZARD


class SchemaDrift(PrimedbError):
    """The live schema is not the one the migrations say it should be."""

    exit_code = DRIFT


class BadInput(PrimedbError):
    """A schema file, a query file or an argument primedb cannot use."""

    exit_code = BAD_INPUT


class UnsupportedObject(BadInput):
    """A database object the catalog model cannot represent."""
