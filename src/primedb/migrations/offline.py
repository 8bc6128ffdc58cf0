"""`--sql`: the SQL a run would send, printed instead of run (Alembic's offline mode).

Revision by revision, like a real run: each one starts with its session
timeouts, then its BEGIN ... COMMIT, with the COMMIT / BEGIN pairs of its
autocommit blocks where they fall. The start is the database's revision when
one is known, else base.
"""

import io
from pathlib import Path

from alembic import command

from primedb.migrations.environment import TIMEOUTS
from primedb.migrations.history import BASE, History, RevisionInfo, alembic_config
from primedb.migrations.settings import RunSettings

__all__ = ["downgrade_sql", "upgrade_sql"]

HEADER = "-- {direction} {label}\n"


def upgrade_sql(
    folder: Path, *, start: str | None, to: str = "head", settings: RunSettings | None = None
) -> str:
    """The SQL that takes a database at `start` up to `to`."""
    history = History(folder)
    steps = history.upgrades(start, history.resolve(to))
    return "".join(_one(folder, r, up=True, settings=settings or RunSettings()) for r in steps)


def downgrade_sql(
    folder: Path,
    *,
    start: str | None,
    to: str | None = None,
    steps: int | None = None,
    settings: RunSettings | None = None,
) -> str:
    """The SQL that takes a database at `start` down to `to`, or back `steps` revisions."""
    history = History(folder)
    target = history.resolve(to) if to is not None else history.steps_back(start, steps or 1)
    undo = history.downgrades(start, target)
    return "".join(_one(folder, r, up=False, settings=settings or RunSettings()) for r in undo)


def revision_upgrade_sql(folder: Path, revision: RevisionInfo) -> str:
    """The upgrade SQL of one revision, from the one before it."""
    return _one(folder, revision, up=True, settings=RunSettings())


def _one(folder: Path, revision: RevisionInfo, *, up: bool, settings: RunSettings) -> str:
    buffer = io.StringIO()
    timeouts = settings.timeouts_for(revision.lock_timeout_ms, revision.statement_timeout_ms)
    config = alembic_config(folder, **{TIMEOUTS: timeouts})
    config.output_buffer = buffer
    before = revision.down_revision
    if up:
        span = f"{before}:{revision.revision}" if before else revision.revision
        command.upgrade(config, span, sql=True)
    else:
        command.downgrade(config, f"{revision.revision}:{before or BASE}", sql=True)
    direction = "upgrade" if up else "downgrade"
    return HEADER.format(direction=direction, label=revision.label) + buffer.getvalue()
