"""migrate and rollback on a real database: order, targets, timeouts, failures, statement lines."""

from pathlib import Path

import psycopg
import pytest

from primedb.errors import UsageError
from primedb.migrations.errors import MigrationFailed, PartlyApplied, RevisionNotFound
from primedb.migrations.runner import migrate, rollback
from primedb.migrations.settings import RunSettings
from primedb.migrations.versions import current_revision

from ._helpers import Recorder, write_revision


def _log(dsn: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(dsn) as conn:
        return [tuple(r) for r in conn.execute("SELECT * FROM migration_log ORDER BY revision")]


def _index_valid(dsn: str, name: str) -> bool | None:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT i.indisvalid FROM pg_catalog.pg_index i WHERE i.indexrelid = to_regclass(%s)",
            (name,),
        ).fetchone()
    return None if row is None else bool(row[0])


def _tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {r[0] for r in rows}


def test_migrate_to_head_applies_each_revision_once(
    dsn: str, project: Path, recorder: Recorder
) -> None:
    result = migrate(dsn, project, reporter=recorder)
    assert (result.start, result.end) == (None, "0003")
    assert [s.step.revision.revision for s in result.steps] == ["0001", "0002", "0003"]
    assert recorder.done == ["0001", "0002", "0003"]
    assert current_revision(dsn) == "0003"
    assert _index_valid(dsn, "accounts_note_idx") is True
    # The defaults for the first two, the revision's own timeouts for 0003.
    assert _log(dsn) == [
        ("0001", "3s", "10min"),
        ("0002", "3s", "10min"),
        ("0003", "1500ms", "2min"),
    ]


def test_operator_timeouts_win_over_the_revisions(dsn: str, project: Path) -> None:
    settings = RunSettings(lock_timeout_ms=700, statement_timeout_ms=45_000)
    migrate(dsn, project, settings=settings, reporter=Recorder())
    assert {(lock, statement) for _, lock, statement in _log(dsn)} == {("700ms", "45s")}


def test_second_migrate_has_nothing_to_do(dsn: str, project: Path, recorder: Recorder) -> None:
    migrate(dsn, project, reporter=Recorder())
    again = migrate(dsn, project, reporter=recorder)
    assert again.steps == ()
    assert again.start == again.end == "0003"
    assert any("nothing to do" in n for n in recorder.notes)


def test_migrate_to_a_revision_then_on(dsn: str, project: Path) -> None:
    first = migrate(dsn, project, to="0001", reporter=Recorder())
    assert first.end == "0001"
    assert _tables(dsn) == {"accounts", "migration_log", "alembic_version"}
    assert _index_valid(dsn, "accounts_note_idx") is None
    rest = migrate(dsn, project, reporter=Recorder())
    assert [s.step.revision.revision for s in rest.steps] == ["0002", "0003"]


def test_migrate_refuses_to_go_backwards(dsn: str, project: Path) -> None:
    migrate(dsn, project, reporter=Recorder())
    with pytest.raises(UsageError, match="use primedb rollback"):
        migrate(dsn, project, to="0001", reporter=Recorder())


def test_unknown_revision_is_named(dsn: str, project: Path) -> None:
    with pytest.raises(RevisionNotFound, match="no revision 9999"):
        migrate(dsn, project, to="9999", reporter=Recorder())


def test_rollback_one_step_by_default(dsn: str, project: Path, recorder: Recorder) -> None:
    migrate(dsn, project, reporter=Recorder())
    result = rollback(dsn, project, reporter=recorder)
    assert (result.start, result.end) == ("0003", "0002")
    assert recorder.done == ["0003"]
    assert [r for r, *_ in _log(dsn)] == ["0001", "0002"]


def test_rollback_steps_undoes_the_autocommit_index(dsn: str, project: Path) -> None:
    migrate(dsn, project, reporter=Recorder())
    result = rollback(dsn, project, steps=2, reporter=Recorder())
    assert [s.step.revision.revision for s in result.steps] == ["0003", "0002"]
    assert result.end == "0001"
    assert _index_valid(dsn, "accounts_note_idx") is None


def test_rollback_to_base_leaves_nothing(dsn: str, project: Path) -> None:
    migrate(dsn, project, reporter=Recorder())
    result = rollback(dsn, project, to="base", reporter=Recorder())
    assert result.end is None
    assert _tables(dsn) == {"alembic_version"}


def test_rollback_refuses_too_many_steps_and_both_options(dsn: str, project: Path) -> None:
    migrate(dsn, project, to="0001", reporter=Recorder())
    with pytest.raises(UsageError, match="goes past base"):
        rollback(dsn, project, steps=2, reporter=Recorder())
    with pytest.raises(UsageError, match="not both"):
        rollback(dsn, project, to="base", steps=1, reporter=Recorder())


def test_each_statement_is_timed_and_housekeeping_is_marked(
    dsn: str, project: Path, recorder: Recorder
) -> None:
    migrate(dsn, project, to="0002", reporter=recorder)
    shown = recorder.shown()
    assert "ALTER TABLE accounts ADD COLUMN note text" in shown
    assert "CREATE INDEX CONCURRENTLY accounts_note_idx ON accounts (note)" in shown
    assert not any("alembic_version" in s or s.startswith("SET ") for s in shown)
    assert not any("primedb_migration_journal" in s for s in shown)  # the journal's own
    assert all(t.seconds >= 0 and t.ok for t in recorder.statements)
    line = next(t.line() for t in recorder.statements if "CONCURRENTLY" in t.sql)
    assert line.strip().split()[1] == "ms"


def test_a_failing_revision_is_rolled_back_and_named(dsn: str, project: Path) -> None:
    write_revision(
        project,
        "0004_broken.py",
        '''
        """Broken."""
        from alembic import op

        revision = "0004"
        down_revision = "0003"
        message = "broken"


        def upgrade() -> None:
            op.execute("CREATE TABLE half_done (id int)")
            op.execute("ALTER TABLE no_such_table ADD COLUMN x int")


        def downgrade() -> None:
            op.execute("DROP TABLE half_done")
        ''',
    )
    recorder = Recorder()
    with pytest.raises(MigrationFailed) as failed:
        migrate(dsn, project, reporter=recorder)
    message = str(failed.value)
    assert "revision 0004 (broken) failed" in message
    assert "no_such_table" in message and "still at 0003" in message
    assert current_revision(dsn) == "0003"
    assert "half_done" not in _tables(dsn)
    assert any(not t.ok and "no_such_table" in t.sql for t in recorder.statements)


def test_a_failure_after_an_autocommit_block_resumes_once_the_revision_is_fixed(
    dsn: str, project: Path
) -> None:
    half = '''
        """Half."""
        from alembic import op

        revision = "0004"
        down_revision = "0003"
        message = "half"


        def upgrade() -> None:
            with op.get_context().autocommit_block():
                op.execute("CREATE INDEX CONCURRENTLY accounts_name_idx ON accounts (name)")
            op.execute("ALTER TABLE {table} ADD COLUMN x int")


        def downgrade() -> None:
            pass
        '''
    write_revision(project, "0004_half.py", half.format(table="no_such_table"))
    with pytest.raises(PartlyApplied, match="still says 0003: the next run goes on") as failed:
        migrate(dsn, project, reporter=Recorder())
    assert "its first 1 statement took effect" in str(failed.value)
    assert current_revision(dsn) == "0003"
    assert _index_valid(dsn, "accounts_name_idx") is True  # the committed part stayed
    # The revision fixed, the next run replays nothing that took effect and finishes it.
    write_revision(project, "0004_half.py", half.format(table="accounts"))
    recorder = Recorder()
    result = migrate(dsn, project, reporter=recorder)
    assert result.end == "0004"
    assert any("resuming revision 0004" in n for n in recorder.notes)
    assert _index_valid(dsn, "accounts_name_idx") is True
