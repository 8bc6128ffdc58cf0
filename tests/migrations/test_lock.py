"""The migration lock: a second run waits without a transaction, then runs or names the holder."""

import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from primedb.migrations.errors import MigrationLockBusy
from primedb.migrations.lock import MIGRATION_LOCK_KEY
from primedb.migrations.runner import migrate
from primedb.migrations.settings import RunSettings
from primedb.migrations.versions import current_revision

from ._helpers import Recorder, clean_env

PRIMEDB = [sys.executable, "-m", "primedb"]


@pytest.fixture
def holder(dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """Another session holding the migration lock, as another deploy would."""
    with psycopg.connect(dsn, autocommit=True, application_name="other deploy") as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        yield conn


def test_busy_lock_gives_up_naming_the_holder(
    dsn: str, project: Path, holder: psycopg.Connection[tuple[object, ...]]
) -> None:
    recorder = Recorder()
    pid = holder.info.backend_pid
    with pytest.raises(MigrationLockBusy) as busy:
        migrate(dsn, project, settings=RunSettings(lock_wait_ms=300), reporter=recorder)
    message = str(busy.value)
    assert f"pid {pid}" in message and "'other deploy'" in message
    assert "connected since" in message and f"pg_terminate_backend({pid})" in message
    assert [h.pid if h else None for h in recorder.waits] == [pid]
    assert current_revision(dsn) is None


def test_a_waiting_run_holds_no_transaction_and_runs_once_released(
    dsn: str, project: Path, holder: psycopg.Connection[tuple[object, ...]]
) -> None:
    seen: list[tuple[str, object]] = []

    def look_then_release() -> None:
        with psycopg.connect(dsn, autocommit=True) as observer:
            row = observer.execute(
                "SELECT state, backend_xid, backend_xmin FROM pg_catalog.pg_stat_activity "
                "WHERE application_name = 'primedb migrate lock'"
            ).fetchone()
        assert row is not None
        seen.append((row[0], (row[1], row[2])))
        holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))

    recorder = Recorder(on_wait=look_then_release)
    result = migrate(dsn, project, settings=RunSettings(lock_wait_ms=30_000), reporter=recorder)
    # Idle, not "idle in transaction", with no xid or snapshot that a
    # CREATE INDEX CONCURRENTLY of the holder would have to wait for.
    assert seen == [("idle", (None, None))]
    assert result.end == "0003"


def _lines(stream: "subprocess.IO[str]", sink: "queue.Queue[str]") -> None:
    for line in stream:
        sink.put(line)


def _wait_for(predicate: object, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _blocked_on_a_lock(dsn: str) -> bool:
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity "
            "WHERE application_name = 'primedb migrate' AND wait_event_type = 'Lock'"
        ).fetchone()
    return bool(row and row[0])


def _start(dsn: str, project: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*PRIMEDB, "migrate", "--dsn", dsn, "--migrations-dir", str(project), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )


@pytest.mark.parametrize("second_waits", [True, False], ids=["runs-after", "gives-up"])
def test_two_concurrent_runs_never_interleave(dsn: str, project: Path, second_waits: bool) -> None:
    # 0001 first; then a session holds accounts so the first run's 0002 waits on it.
    migrate(dsn, project, to="0001", reporter=Recorder())
    blocker = psycopg.connect(dsn)
    blocker.execute("LOCK TABLE accounts IN ACCESS SHARE MODE")
    first = _start(dsn, project, "--lock-timeout", "60s")
    second: subprocess.Popen[str] | None = None
    try:
        _wait_for(lambda: _blocked_on_a_lock(dsn), "the first run to block on accounts")
        second = _start(dsn, project, "--lock-wait", "60s" if second_waits else "500ms")
        assert second.stderr is not None
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_lines, args=(second.stderr, lines), daemon=True).start()
        said: list[str] = []

        def waiting() -> bool:
            while not lines.empty():
                said.append(lines.get())
            return any("waiting up to" in line for line in said)

        _wait_for(waiting, "the second run to wait for the migration lock")
        if not second_waits:
            second.wait(timeout=60)
            while not lines.empty():
                said.append(lines.get())
            assert second.returncode == 3
            error = "".join(said)
            assert re.search(
                r"held by pid \d+ \(application_name 'primedb migrate lock \(held since", error
            ), error
            assert "raise --lock-wait" in error
        blocker.commit()
        out, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
        assert "from 0001 to 0003: 2 revisions" in out
        if second_waits:
            out2, _ = second.communicate(timeout=60)
            assert second.returncode == 0
            assert "nothing to do: the database is at 0003" in out2
    finally:
        blocker.close()
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
    with psycopg.connect(dsn) as conn:
        logged = [r[0] for r in conn.execute("SELECT revision FROM migration_log ORDER BY 1")]
    assert logged == ["0001", "0002", "0003"]
