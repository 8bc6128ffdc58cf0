"""The SQLAlchemy engine Alembic runs on, and the clock that times each statement.

Alembic needs SQLAlchemy; primedb's DSNs may be libpq key=value strings
(the throwaway cluster's are), which SQLAlchemy URLs cannot hold. So the
engine gets its connections from psycopg through `creator`, with primedb's
own `connect()` (clear errors, masked passwords), and no pool: a migration
run uses one connection and then goes away.
"""

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from primedb.diff.plan import Timeouts
from primedb.migrations.bookkeeping import JOURNAL_TABLE
from primedb.migrations.reporter import StatementTiming
from primedb.pg.connect import connect

__all__ = ["StatementClock", "is_housekeeping", "make_engine"]

URL = "postgresql+psycopg://"

# Statements that are the run's own bookkeeping rather than the revision's:
# shown at debug level only, never numbered in the journal (so never skipped
# when a run resumes). Matched on the statement's first words.
_HOUSEKEEPING_PREFIXES = (
    "select pg_catalog.version()",
    "select current_schema()",
    "show ",
    "set lock_timeout",
    "set statement_timeout",
    "select pg_catalog.pg_class.relname",
)


def make_engine(
    dsn: str, *, application_name: str = "primedb migrate", timeouts: Timeouts | None = None
) -> Engine:
    """An engine whose connections are psycopg connections to `dsn`.

    With `timeouts`, every session starts with them set, so even the run's own
    reads (the version table) never wait unbounded; a revision sets its own.
    """
    limits = timeouts or Timeouts()
    return create_engine(
        URL,
        creator=lambda: connect(
            dsn,
            application_name=application_name,
            lock_timeout_ms=limits.lock_timeout_ms,
            statement_timeout_ms=limits.statement_timeout_ms,
        ),
        poolclass=NullPool,
    )


class StatementClock:
    """Times every statement the engine runs and counts the commits.

    `committed` counts the revision statements (not housekeeping) made durable:
    by a commit, or at once in an autocommit block. When it grew during a
    revision that then failed, part of that revision is applied and a retry
    is not safe. Nor is it after a statement failed outside a transaction
    (`failed_outside_transaction`): a failed CREATE INDEX CONCURRENTLY leaves
    an INVALID index behind, and running it again fails on the name.
    """

    def __init__(
        self,
        engine: Engine,
        sink: Callable[[StatementTiming], None],
        *,
        version_table: str = "alembic_version",
    ) -> None:
        self.committed = 0
        self.failed_outside_transaction = 0
        self._pending = 0
        self._sink = sink
        self._version_table = version_table.lower()
        self._started: list[float] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "handle_error", self._failed)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _before(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self._started.append(time.perf_counter())

    def _after(
        self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if not self._emit(statement, ok=True).housekeeping:
            if _autocommit(context):
                self.committed += 1
            else:
                self._pending += 1

    def _failed(self, context: Any) -> None:
        if context.statement is not None and self._started:
            self._emit(context.statement, ok=False)
            if _autocommit(context.execution_context):
                self.failed_outside_transaction += 1

    def _commit(self, conn: Any) -> None:
        self.committed += self._pending
        self._pending = 0

    def _rollback(self, conn: Any) -> None:
        self._pending = 0

    def _emit(self, statement: str, *, ok: bool) -> StatementTiming:
        seconds = time.perf_counter() - self._started.pop() if self._started else 0.0
        timing = StatementTiming(
            sql=statement, seconds=seconds, ok=ok, housekeeping=self._housekeeping(statement)
        )
        self._sink(timing)
        return timing

    def _housekeeping(self, statement: str) -> bool:
        return is_housekeeping(statement, self._version_table)


def is_housekeeping(statement: str, version_table: str = "alembic_version") -> bool:
    """The run's own bookkeeping (session settings, the version table, the journal), not
    the revision's."""
    head = " ".join(statement.split()).lower()
    return head.startswith(_HOUSEKEEPING_PREFIXES) or any(
        table in head[:80] for table in (version_table.lower(), JOURNAL_TABLE[1])
    )


def _autocommit(context: Any) -> bool:
    options = getattr(context, "execution_options", None) or {}
    return bool(options.get("isolation_level") == "AUTOCOMMIT")
