"""The body of `migrations/env.py`: how Alembic connects, online and offline.

Run by `primedb migrate`, Alembic gets the connection primedb opened (with
the lock held and the timeouts already set) through `config.attributes`.
Run as plain `alembic -c migrations/alembic.ini upgrade head`, it connects
itself to `-x dsn=...`, else `PRIMEDB_DSN`, else `DATABASE_URL`, and sets the
timeouts (`-x lock_timeout=3s -x statement_timeout=10min`, else the defaults)
once for the session. Either way each revision commits on its own
(`transaction_per_migration`), so an autocommit block inside one revision
never commits half of another.
"""

import logging.config
from typing import Any

from alembic.runtime.environment import EnvironmentContext
from sqlalchemy import Connection

from primedb.diff.plan import Timeouts
from primedb.durations import parse_duration
from primedb.errors import UsageError
from primedb.migrations.engine import URL, make_engine
from primedb.migrations.settings import timeout_statements
from primedb.pg import dsn as dsns

__all__ = ["run_environment"]

CONNECTION = "connection"  # config.attributes keys set by the runner
TIMEOUTS = "primedb.timeouts"
TIMEOUTS_SET = "primedb.timeouts_set"


def run_environment(context: EnvironmentContext) -> None:
    """Configure `context` and run the migrations it was asked for."""
    attributes = context.config.attributes
    if not attributes.get("primedb") and context.config.config_file_name:
        # Plain alembic: the logging of alembic.ini. primedb keeps its own.
        logging.config.fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    x = context.get_x_argument(as_dictionary=True)
    timeouts = attributes.get(TIMEOUTS) or _timeouts_from_x(x)
    if context.is_offline_mode():
        context.configure(
            url=URL,
            literal_binds=True,
            transaction_per_migration=True,
            dialect_opts={"paramstyle": "named"},
        )
        # Session settings, before the first BEGIN: they hold across the
        # revision's transactions and its autocommit blocks alike.
        for statement in timeout_statements(timeouts):
            context.execute(statement)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = attributes.get(CONNECTION)
    if connection is not None:
        _run_online(context, connection, timeouts, set_timeouts=not attributes.get(TIMEOUTS_SET))
        return
    engine = make_engine(_dsn(context), application_name="alembic (primedb env)")
    with engine.connect() as own:
        _run_online(context, own, timeouts, set_timeouts=True)


def _run_online(
    context: EnvironmentContext, connection: Connection, timeouts: Timeouts, *, set_timeouts: bool
) -> None:
    if set_timeouts:
        for statement in timeout_statements(timeouts):
            connection.exec_driver_sql(statement)
    # Alembic opens one transaction per revision only on a connection that is
    # not already in one.
    connection.commit()
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


def _timeouts_from_x(x: dict[str, Any]) -> Timeouts:
    default = Timeouts()
    lock = x.get("lock_timeout")
    statement = x.get("statement_timeout")
    return Timeouts(
        lock_timeout_ms=parse_duration(lock, "-x lock_timeout")
        if lock
        else default.lock_timeout_ms,
        statement_timeout_ms=(
            parse_duration(statement, "-x statement_timeout")
            if statement
            else default.statement_timeout_ms
        ),
    )


def _dsn(context: EnvironmentContext) -> str:
    x = context.get_x_argument(as_dictionary=True)
    found = dsns.resolve(x.get("dsn"))
    if found is None:
        raise UsageError(
            "no database for alembic: pass -x dsn=..., or set PRIMEDB_DSN or DATABASE_URL"
        )
    return found
