"""A run killed part-way through a revision is finished by the next run.

The revision below commits in five parts: a transaction, three statements
outside any (two index builds and a validation), and a last transaction.
`primedb migrate` is killed (SIGKILL, no cleanup) at every boundary between
its statements; the next `primedb migrate` must finish the revision, replay
nothing that took effect, and leave exactly the schema of a run that was
never interrupted, with no journal left behind. A run killed in the middle of
a long statement releases the migration lock soon (the server notices the
dead client), so the next run does not wait for the statement to end.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.runner import migrate
from primedb.migrations.versions import current_revision
from primedb.pg import create_database, drop_database

from ._helpers import Recorder, clean_env, make_project, write_revision

PARTS = '''
    """Several parts: a transaction, three autocommit statements, a transaction."""
    import os
    import signal

    from alembic import op

    revision = "0004"
    down_revision = "0003"
    message = "parts"


    def _boundary(n: int) -> None:
        if os.environ.get("PRIMEDB_TEST_DIE_AT") == str(n):
            os.kill(os.getpid(), signal.SIGKILL)


    def upgrade() -> None:
        op.execute("ALTER TABLE accounts ADD COLUMN code text")
        _boundary(1)
        op.execute(
            "ALTER TABLE accounts ADD CONSTRAINT code_short CHECK (length(code) < 9) NOT VALID"
        )
        _boundary(2)
        with op.get_context().autocommit_block():
            _boundary(3)
            op.execute("CREATE INDEX CONCURRENTLY accounts_code_idx ON accounts (code)")
            _boundary(4)
            op.execute("ALTER TABLE accounts VALIDATE CONSTRAINT code_short")
            _boundary(5)
            op.execute("CREATE UNIQUE INDEX CONCURRENTLY accounts_name_key ON accounts (name)")
            _boundary(6)
        op.execute("CREATE TABLE after_parts (id int)")
        _boundary(7)


    def downgrade() -> None:
        op.execute("DROP TABLE after_parts")
        op.execute("DROP INDEX accounts_name_key")
        op.execute("DROP INDEX accounts_code_idx")
        op.execute("ALTER TABLE accounts DROP COLUMN code")
'''
SLOW = '''
    """A long statement."""
    from alembic import op

    revision = "0004"
    down_revision = "0003"
    message = "slow"


    def upgrade() -> None:
        op.execute("SELECT pg_sleep(60)")


    def downgrade() -> None:
        pass
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = make_project(tmp_path)
    write_revision(folder, "0004_parts.py", PARTS)
    return folder


def _migrate(dsn: str, project: Path, *extra: str, die_at: int | None = None) -> int:
    env = {"PRIMEDB_TEST_DIE_AT": str(die_at)} if die_at is not None else {}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "primedb",
            "migrate",
            "--dsn",
            dsn,
            "--migrations-dir",
            str(project),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=clean_env(env),
        timeout=120,
        check=False,
    )
    return done.returncode


def _journal(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT to_regclass('public.primedb_migration_journal')").fetchone()
    return row is not None and row[0] is not None


@pytest.fixture(scope="module")
def reference(server_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The schema of a run that was never interrupted."""
    folder = make_project(tmp_path_factory.mktemp("reference"))
    write_revision(folder, "0004_parts.py", PARTS)
    name = f"resume_ref_{os.getpid()}"
    dsn = create_database(server_dsn, name)
    migrate(dsn, folder, reporter=Recorder())
    yield read_schema(dsn)
    drop_database(server_dsn, name)


@pytest.mark.parametrize("boundary", range(1, 8))
def test_killed_at_each_boundary_the_next_run_finishes_the_revision(
    dsn: str, project: Path, reference: object, boundary: int
) -> None:
    migrate(dsn, project, to="0003", reporter=Recorder())
    assert _migrate(dsn, project, die_at=boundary) == -9
    assert current_revision(dsn) == "0003"  # alembic_version never moved
    assert _migrate(dsn, project) == 0
    assert current_revision(dsn) == "0004"
    assert read_schema(dsn) == reference
    assert not _journal(dsn)
    with psycopg.connect(dsn) as conn:  # the index builds are valid ones
        valid = conn.execute(
            "SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'accounts'::regclass"
        ).fetchone()
    assert valid == (True,)


def test_a_run_killed_mid_statement_frees_the_migration_lock_soon(dsn: str, tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    write_revision(folder, "0004_slow.py", SLOW)
    migrate(dsn, folder, to="0003", reporter=Recorder())
    slow = subprocess.Popen(
        [sys.executable, "-m", "primedb", "migrate", "--dsn", dsn, "--migrations-dir", str(folder)],
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for _ in range(600):  # until pg_sleep runs
                busy = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'"
                ).fetchone()
                if busy and busy[0]:
                    break
                conn.execute("SELECT pg_sleep(0.05)")
    finally:
        slow.kill()
        slow.wait()
    # pg_sleep(60) would hold the lock for a minute if the server kept the dead session.
    write_revision(folder, "0004_slow.py", SLOW.replace("pg_sleep(60)", "1"))
    assert _migrate(dsn, folder, "--lock-wait", "20s") == 0
    assert current_revision(dsn) == "0004"
