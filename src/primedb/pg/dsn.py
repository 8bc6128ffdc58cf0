"""Where a command's database comes from, and whether its DSN can be used.

`--dsn`, else `PRIMEDB_DSN`, else `DATABASE_URL`; with none of them the
command runs on a throwaway cluster (see `target.py`). A DSN is checked when
it is resolved: a malformed one is a usage error whose message shows it
masked (`primedb.secrets`), never a traceback that prints it. SQLAlchemy's
form (`postgresql+psycopg://...`) is accepted, its driver dropped.
"""

import os
from collections.abc import Mapping

import psycopg
import psycopg.conninfo

from primedb.errors import UsageError
from primedb.secrets import mask, scrub, url_parts, userinfo

__all__ = ["ENV_VARS", "check", "normalize", "resolve", "source", "with_dbname"]

ENV_VARS = ("PRIMEDB_DSN", "DATABASE_URL")
_SCHEMES = frozenset({"postgresql", "postgres"})
_HOW = (
    "write it as postgresql://user:password@host:port/dbname with @ / : % and spaces in the "
    "password percent-encoded (%40 %2F %3A %25 %20), or as key=value pairs with the "
    "password quoted (password='...')"
)


def normalize(dsn: str) -> str:
    """`postgresql+psycopg://...` (SQLAlchemy's form) -> `postgresql://...`."""
    parts = url_parts(dsn)
    if parts and "+" in parts[0]:
        base = parts[0].split("+", 1)[0]
        if base.lower() in _SCHEMES:
            return f"{base}://{parts[1]}"
    return dsn


def check(dsn: str) -> str:
    """`dsn`, normalized, once libpq can read it as the person wrote it; else a usage error."""
    dsn = normalize(dsn)
    parts = url_parts(dsn)
    if parts:
        if parts[0].lower() not in _SCHEMES:
            raise UsageError(
                f"invalid DSN {mask(dsn)}: the scheme {parts[0]!r} is not postgresql:// "
                "or postgres://"
            )
        info = userinfo(parts[1])
        if info is not None and info[1] is not None and ("/" in info[1] or "@" in info[1]):
            raise UsageError(
                f"invalid DSN {mask(dsn)}: its password holds a raw / or @, which cuts the DSN "
                f"short; {_HOW}"
            )
    try:
        psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.Error as exc:
        reason = scrub(str(exc).strip().splitlines()[0], [dsn])
        raise UsageError(f"invalid DSN {mask(dsn)}: {reason}; {_HOW}") from None
    return dsn


def resolve(option: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The DSN the user asked for (checked), or None for the embedded default."""
    env = os.environ if environ is None else environ
    if option:
        return check(option)
    for name in ENV_VARS:
        if value := env.get(name):
            return check(value)
    return None


def source(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Where `resolve()` found the DSN, for messages."""
    env = os.environ if environ is None else environ
    if option:
        return "--dsn"
    for name in ENV_VARS:
        if env.get(name):
            return name
    return "embedded"


def with_dbname(dsn: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **{k: v for k, v in params.items() if v is not None})
