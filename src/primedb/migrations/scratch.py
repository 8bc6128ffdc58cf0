"""Revisions run on primedb's own scratch databases: quietly, without a drift check.

`primedb revision`, `primedb check` and the drift check rebuild schemas by
running the migrations on throwaway databases. Those runs use the real
runner (the lock, the timeouts, Alembic), so what is proven is what
`migrate` does; they only log at debug level (their hundreds of statement
lines are not the user's run), and skip the drift check, which they
replace by comparisons of their own.
"""

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.catalog.read import read_catalog
from primedb.migrations.drift import skip_drift
from primedb.migrations.history import BASE
from primedb.migrations.lock import LockHolder
from primedb.migrations.reporter import StatementTiming, Step
from primedb.migrations.runner import RunResult, migrate, rollback
from primedb.migrations.schemahash import without_bookkeeping
from primedb.pg.databases import scratch_database

__all__ = [
    "QuietReporter",
    "downgrade",
    "migrations_catalog_at",
    "read_schema",
    "upgrade",
]

log = logging.getLogger("primedb.migrations.scratch")


class QuietReporter:
    """A Reporter for scratch runs: every event at debug level."""

    def lock_waiting(self, holder: LockHolder | None, wait_s: float) -> None:
        log.debug("waiting for the migration lock of a scratch database")

    def lock_acquired(self, waited_s: float) -> None:
        pass

    def step_started(self, step: Step, attempt: int) -> None:
        log.debug("scratch: %s %s", step.direction.value, step.revision.label)

    def statement(self, timing: StatementTiming) -> None:
        log.debug("scratch: %s", timing.line())

    def retrying(self, step: Step, attempt: int, delay_s: float, reason: str) -> None:
        log.debug("scratch: retry %d of %s: %s", attempt, step.revision.revision, reason)

    def step_done(self, step: Step, seconds: float) -> None:
        pass

    def note(self, message: str) -> None:
        log.debug("scratch: %s", message)


def upgrade(dsn: str, folder: Path, to: str | None = "head") -> RunResult:
    """Upgrade the scratch database `dsn` to `to` (None: stay at base)."""
    return migrate(dsn, folder, to=to or BASE, reporter=QuietReporter(), drift_check=skip_drift)


def downgrade(dsn: str, folder: Path, to: str | None) -> RunResult:
    """Downgrade the scratch database `dsn` to `to` (None: base)."""
    return rollback(dsn, folder, to=to or BASE, reporter=QuietReporter())


def read_schema(dsn: str) -> Catalog:
    """The catalog of `dsn` without Alembic's version table."""
    return without_bookkeeping(read_catalog(dsn))


@contextlib.contextmanager
def migrations_database(server: str, folder: Path, to: str | None = "head") -> Iterator[str]:
    """A scratch database on `server`, upgraded to `to`; dropped afterwards."""
    with scratch_database(server, prefix="primedb_migrations") as dsn:
        upgrade(dsn, folder, to)
        yield dsn


def migrations_catalog_at(server: str, folder: Path, revision: str | None) -> Catalog:
    """The schema the migrations of `folder` give at `revision` (None: base)."""
    with migrations_database(server, folder, revision) as dsn:
        return read_schema(dsn)
