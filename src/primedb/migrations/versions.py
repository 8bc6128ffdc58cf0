"""Which revision a database is at: Alembic's version table, read the way Alembic reads it."""

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from primedb.diff.plan import Timeouts
from primedb.errors import BadInput
from primedb.migrations.engine import make_engine

__all__ = ["current_revision", "current_revision_on"]


def current_revision_on(conn: Connection) -> str | None:
    """The revision recorded in the database of `conn` (None: base, nothing applied)."""
    heads = MigrationContext.configure(conn).get_current_heads()
    if len(heads) > 1:
        raise BadInput(
            f"the database records {len(heads)} revisions at once ({', '.join(heads)}); "
            "primedb keeps one line of revisions: stamp the right one with alembic stamp"
        )
    return heads[0] if heads else None


def current_revision(dsn: str, timeouts: Timeouts | None = None) -> str | None:
    """The revision the database of `dsn` is at (its read bounded by `timeouts`)."""
    engine = make_engine(dsn, application_name="primedb status", timeouts=timeouts or Timeouts())
    try:
        with engine.connect() as conn:
            return current_revision_on(conn)
    finally:
        engine.dispose()
