"""A lock timeout (55P03) rolls the revision back and retries it, a bounded number of times.

A retry goes on after the part of the revision that took effect (an autocommit
block): the journal skips it, and a concurrent index build that timed out is
dropped and built again. Each wait names the sessions holding the locks.
"""

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from primedb.migrations.errors import LockTimeoutExhausted
from primedb.migrations.runner import migrate
from primedb.migrations.settings import RunSettings
from primedb.migrations.versions import current_revision

from ._helpers import Recorder, write_revision

FAST = RunSettings(lock_timeout_ms=100, lock_retries=3, retry_delay_ms=10)


@pytest.fixture
def at_0001(dsn: str, project: Path) -> str:
    migrate(dsn, project, to="0001", reporter=Recorder())
    return dsn


@pytest.fixture
def blocker(at_0001: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A session inside a transaction holding a lock that ALTER TABLE accounts waits for."""
    conn = psycopg.connect(at_0001)
    conn.execute("LOCK TABLE accounts IN ACCESS SHARE MODE")
    yield conn
    conn.close()


def test_retried_until_the_lock_is_released(
    at_0001: str, project: Path, blocker: psycopg.Connection[tuple[object, ...]]
) -> None:
    recorder = Recorder(on_retry=lambda attempt: blocker.commit())
    result = migrate(at_0001, project, settings=FAST, reporter=recorder)
    assert result.end == "0003"
    attempts = {s.step.revision.revision: s.attempts for s in result.steps}
    assert attempts == {"0002": 2, "0003": 1}
    assert recorder.started[:2] == [("0002", 1), ("0002", 2)]
    [retry] = recorder.retries
    assert retry.startswith(
        "lock timeout (100ms) at `ALTER TABLE accounts ADD COLUMN note text`, waiting for: pid "
    )
    assert "holds AccessShareLock on public.accounts" in retry
    with psycopg.connect(at_0001) as conn:
        logged = [r[0] for r in conn.execute("SELECT revision FROM migration_log ORDER BY 1")]
    assert logged == ["0001", "0002", "0003"]  # the rolled-back attempt left nothing


def test_gives_up_after_the_retries(
    at_0001: str, project: Path, blocker: psycopg.Connection[tuple[object, ...]]
) -> None:
    recorder = Recorder()
    with pytest.raises(LockTimeoutExhausted) as exhausted:
        migrate(at_0001, project, settings=FAST, reporter=recorder)
    message = str(exhausted.value)
    assert "hit lock_timeout (100ms) 4 times" in message
    assert "still at 0001" in message and "--lock-retries" in message
    assert recorder.started == [("0002", n) for n in (1, 2, 3, 4)]
    assert len(recorder.retries) == 3
    assert current_revision(at_0001) == "0001"


def test_a_retry_goes_on_after_the_part_that_took_effect(at_0001: str, project: Path) -> None:
    write_revision(
        project,
        "0004_side.py",
        '''
        """Side table, then a change that will wait."""
        from alembic import op

        revision = "0004"
        down_revision = "0003"
        message = "side"


        def upgrade() -> None:
            with op.get_context().autocommit_block():
                op.execute("CREATE TABLE side (id int)")
            op.execute("ALTER TABLE migration_log ADD COLUMN x int")


        def downgrade() -> None:
            pass
        ''',
    )
    migrate(at_0001, project, to="0003", reporter=Recorder())
    with psycopg.connect(at_0001) as blocking:
        blocking.execute("LOCK TABLE migration_log IN ACCESS SHARE MODE")
        recorder = Recorder()
        with pytest.raises(LockTimeoutExhausted) as exhausted:
            migrate(at_0001, project, settings=FAST, reporter=recorder)
    # Every retry replayed nothing of what took effect: CREATE TABLE side ran once.
    assert len(recorder.retries) == 3
    assert "its first 1 statement took effect" in str(exhausted.value)
    assert "the next run goes on after them" in str(exhausted.value)
    assert current_revision(at_0001) == "0003"
    result = migrate(at_0001, project, settings=FAST, reporter=Recorder())
    assert result.end == "0004" and current_revision(at_0001) == "0004"
    with psycopg.connect(at_0001) as conn:
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'side'").fetchone() == (
            1,
        )


def test_an_index_build_that_timed_out_is_dropped_and_built_again(
    at_0001: str, project: Path
) -> None:
    # An open snapshot elsewhere: CREATE INDEX CONCURRENTLY waits for it, and
    # its lock_timeout fires after the index entry exists (INVALID).
    with psycopg.connect(at_0001) as old_snapshot:
        old_snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        old_snapshot.execute("SELECT 1")  # takes the snapshot, locks nothing
        recorder = Recorder()
        with pytest.raises(LockTimeoutExhausted):
            migrate(at_0001, project, to="0002", settings=FAST, reporter=recorder)
        assert len(recorder.retries) == 3  # each retry dropped the INVALID index first
        assert _valid(at_0001, "accounts_note_idx") is False
        old_snapshot.rollback()
    result = migrate(at_0001, project, to="0002", settings=FAST, reporter=Recorder())
    assert result.end == "0002"
    assert _valid(at_0001, "accounts_note_idx") is True


def _valid(dsn: str, index: str) -> bool | None:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT indisvalid FROM pg_catalog.pg_index WHERE indexrelid = to_regclass(%s)",
            (index,),
        ).fetchone()
    return None if row is None else bool(row[0])
