"""Adopt a database whose schema is already there: record its revision without running it.

A database built before primedb managed it (by `schema apply`, by hand, by
another tool) has the schema but no `alembic_version`, so `migrate` would try
to create everything again. `stamp()` records the revision whose schema the
database has, and only after checking it: the live schema must be exactly what
that revision produces (its `produces_schema` hash, managed monthly partitions
never counting), otherwise it refuses and names the differing objects, as
`migrate` does on drift. It runs under the migration lock like every run.
"""

from dataclasses import dataclass
from pathlib import Path

from alembic import command

from primedb.errors import UsageError
from primedb.migrations.drift import (
    DriftCheck,
    DriftReport,
    DriftStatus,
    SchemaDrifted,
    expected_at,
)
from primedb.migrations.engine import make_engine
from primedb.migrations.environment import CONNECTION
from primedb.migrations.history import History, alembic_config
from primedb.migrations.lock import migration_lock
from primedb.migrations.runner import check_drift
from primedb.migrations.schemahash import short
from primedb.migrations.versions import current_revision_on

__all__ = ["StampResult", "stamp"]


@dataclass(frozen=True, slots=True)
class StampResult:
    start: str | None
    end: str | None
    drift: DriftReport

    def as_dict(self) -> dict[str, object]:
        return {"from": self.start, "to": self.end, "drift": self.drift.status.value}

    def as_text(self) -> str:
        return f"stamped {self.end} (was {self.start or 'base'}); {self.drift.detail}"


def stamp(
    dsn: str,
    folder: Path,
    *,
    to: str = "head",
    lock_wait_s: float = 60.0,
    ignore_drift: bool = False,
    drift_check: DriftCheck = check_drift,
) -> StampResult:
    """Record revision `to` as the database's, once its live schema is that revision's."""
    history = History(folder)
    target = history.resolve(to)
    if target is None:
        raise UsageError("stamp needs a revision, not base; to forget the history, drop it")
    with migration_lock(dsn, wait_s=lock_wait_s, application_name="primedb stamp"):
        engine = make_engine(dsn, application_name="primedb stamp")
        try:
            with engine.connect() as conn:
                start = current_revision_on(conn)
                conn.commit()
                if start is not None and not ignore_drift:
                    raise UsageError(
                        f"the database is already at revision {start}; stamp adopts a database "
                        "without revision history (rerun with --ignore-drift to overwrite it)"
                    )
                report = drift_check(dsn, expected_at(history, target))
                if report.status is not DriftStatus.MATCHES and not ignore_drift:
                    raise SchemaDrifted(
                        f"the live schema is not what revision {target} produces "
                        f"(schema {short(report.actual)}, expected {short(report.expected)}): "
                        f"{report.detail}; stamping it would hide the difference from every "
                        "later migrate; make the database match, or rerun with --ignore-drift"
                    )
                command.stamp(alembic_config(folder, **{CONNECTION: conn}), target)
                conn.commit()
                end = current_revision_on(conn)
                conn.commit()
        finally:
            engine.dispose()
    return StampResult(start=start, end=end, drift=report)
