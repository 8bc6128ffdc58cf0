"""No statement of primedb's waits unbounded on a user's database, and a wait names its cause.

A session holding ACCESS EXCLUSIVE on a table used to stall `primedb status`
and the drift check before `migrate`'s first revision until it let go (39 s
in the report): the catalog read waits for a lock on each relation it
describes. Now every session starts with lock_timeout and statement_timeout,
and the error names the session holding the lock.
"""

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from primedb.migrations.runner import migrate

from ._helpers import PROJECT, Recorder, run_cli


@pytest.fixture
def locked(dsn: str) -> Iterator[tuple[str, int]]:
    """A database at head whose `buckets` another session holds ACCESS EXCLUSIVE."""
    migrate(dsn, PROJECT, reporter=Recorder())
    with psycopg.connect(dsn) as holder:
        holder.execute("LOCK TABLE public.buckets IN ACCESS EXCLUSIVE MODE")
        yield dsn, holder.info.backend_pid
        holder.rollback()


def test_status_gives_up_and_names_the_lock_holder(locked: tuple[str, int]) -> None:
    dsn, pid = locked
    done = run_cli("status", "--dsn", dsn)
    assert done.returncode == 3, done.stderr
    error = done.stderr.strip().splitlines()[-1]
    assert "reading the catalog waited for a lock longer than lock_timeout allows" in error
    assert f"pid {pid} " in error and "AccessExclusiveLock on public.buckets" in error


def test_the_drift_check_before_migrate_obeys_lock_timeout(dsn: str, tmp_path: Path) -> None:
    with psycopg.connect(dsn) as conn:
        # Reading a column default deparses it, which waits for a lock on its table.
        conn.execute("CREATE TABLE public.stray (id int DEFAULT 1)")
        conn.commit()
        conn.execute("LOCK TABLE public.stray IN ACCESS EXCLUSIVE MODE")
        done = run_cli("migrate", "--dsn", dsn, "--lock-timeout", "1s", "--lock-wait", "5s")
        conn.rollback()
    assert done.returncode == 3, done.stderr
    assert "holds AccessExclusiveLock on public.stray" in done.stderr
