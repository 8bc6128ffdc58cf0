"""Where a command's database comes from, and how a DSN is shown.

`--dsn`, else `PRIMEDB_DSN`, else `DATABASE_URL`; with none of them the
command runs on a throwaway cluster (see `target.py`). Passwords never reach a
terminal or a log: `mask()` hides them in both URL and key=value forms.
"""

import os
import re
from collections.abc import Mapping

import psycopg.conninfo

ENV_VARS = ("PRIMEDB_DSN", "DATABASE_URL")

_URL_PASSWORD = re.compile(r"^(?P<head>[a-z][a-z0-9+.-]*://[^:/@?#]*):(?P<pw>[^@/?#]*)@", re.I)
_KV_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|\S+)", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<pw>[^&#]*)", re.I)


def resolve(option: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The DSN the user asked for, or None for the embedded default."""
    env = os.environ if environ is None else environ
    if option:
        return option
    for name in ENV_VARS:
        if value := env.get(name):
            return value
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


def mask(dsn: str) -> str:
    """The DSN with any password replaced by `***`."""
    if "://" in dsn:
        masked = _URL_PASSWORD.sub(r"\g<head>:***@", dsn)
        return _QUERY_PASSWORD.sub(r"\g<head>***", masked)
    return _KV_PASSWORD.sub(r"\g<head>***", dsn)


def with_dbname(dsn: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **{k: v for k, v in params.items() if v is not None})
