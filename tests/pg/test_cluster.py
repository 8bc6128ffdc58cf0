"""The embedded cluster's life cycle: start, connect, stop, stale directories, root."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from primedb.errors import UsageError
from primedb.pg.cluster import Cluster
from primedb.pg.layout import DirState, Layout, Marker, postmaster_alive
from primedb.pg.owner import server_owner
from primedb.pg.throwaway import ORPHAN_AGE_S, clean_stale, throwaway_cluster


@pytest.fixture
def scratch_root() -> Iterator[Path]:
    # Under /tmp, not pytest's tmp_path: the server user must reach it when we are root.
    root = Path(tempfile.mkdtemp(prefix="pdbt-"))
    os.chmod(root, 0o755)
    yield root
    for marker in root.rglob("primedb-cluster.json"):
        Cluster(marker.parent).stop()
    shutil.rmtree(root, ignore_errors=True)


def _uid_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("Uid:"))
    return int(line.split()[1])


def test_start_connect_stop_leaves_nothing_running(scratch_root: Path) -> None:
    cluster = Cluster(scratch_root / "c")
    info = cluster.start()
    assert postmaster_alive(info.pid)
    with psycopg.connect(info.dsn) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        preload = conn.execute("SHOW shared_preload_libraries").fetchone()
        assert preload == ("pg_stat_statements",)
    assert Layout(scratch_root / "c").socket_path(info.port).exists()
    assert cluster.stop() is True
    assert not postmaster_alive(info.pid)
    assert Layout(scratch_root / "c").state() is DirState.STOPPED
    assert cluster.stop() is False


def test_a_bulk_load_into_a_table_new_in_its_transaction_skips_the_wal(
    scratch_root: Path,
) -> None:
    # wal_level = minimal: what the seed loads (tables truncated, indexes built in
    # its transaction) is written once, to the table, not a second time to the WAL.
    cluster = Cluster(scratch_root / "c")
    info = cluster.start()
    with psycopg.connect(info.dsn) as conn:
        assert conn.execute("SHOW wal_level").fetchone() == ("minimal",)
        before = conn.execute("SELECT pg_current_wal_insert_lsn()").fetchone()
        conn.execute("CREATE TABLE t (id bigint, filler text)")
        conn.execute("INSERT INTO t SELECT i, repeat('x', 100) FROM generate_series(1, 100000) i")
        conn.execute("CREATE INDEX ON t (id)")
        conn.commit()
        size = conn.execute("SELECT pg_relation_size('t')").fetchone()
        wal = conn.execute(
            "SELECT pg_current_wal_insert_lsn() - %s::pg_lsn", (before[0] if before else None,)
        ).fetchone()
    assert size and wal
    assert size[0] > 10_000_000  # about 14 MB of rows...
    assert wal[0] < size[0] / 50  # ...and only catalog changes in the WAL


def test_only_local_trust_authentication(scratch_root: Path) -> None:
    cluster = Cluster(scratch_root / "c")
    cluster.start()
    hba = (scratch_root / "c" / "pgdata" / "pg_hba.conf").read_text().split("\n")
    rules = [line.split() for line in hba if line.strip() and not line.startswith("#")]
    assert rules == [
        ["local", "all", "all", "trust"],
        ["host", "all", "all", "127.0.0.1/32", "trust"],
    ]


def test_new_databases_get_the_extensions(scratch_root: Path) -> None:
    cluster = Cluster(scratch_root / "c")
    cluster.start()
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE fresh")
    with psycopg.connect(cluster.dsn("fresh")) as conn:
        names = {r[0] for r in conn.execute("SELECT extname FROM pg_extension")}
    assert "pg_stat_statements" in names
    if cluster.binaries.has_extension("hypopg"):
        assert "hypopg" in names


def test_stopped_cluster_restarts_with_its_data(scratch_root: Path) -> None:
    cluster = Cluster(scratch_root / "c")
    cluster.start()
    with psycopg.connect(cluster.dsn()) as conn:
        conn.execute("CREATE TABLE kept (x int)")
    cluster.stop()
    again = Cluster(scratch_root / "c")
    again.start()
    with psycopg.connect(again.dsn()) as conn:
        assert conn.execute("SELECT to_regclass('kept') IS NOT NULL").fetchone() == (True,)


def test_server_runs_as_an_unprivileged_user(scratch_root: Path) -> None:
    owner = server_owner()
    assert owner.uid != 0
    info = Cluster(scratch_root / "c").start()
    assert _uid_of(info.pid) == owner.uid
    assert (scratch_root / "c" / "pgdata").stat().st_uid == owner.uid
    if os.geteuid() == 0:
        assert not owner.is_current


def test_crashed_directory_is_wiped_not_reused(scratch_root: Path) -> None:
    cluster = Cluster(scratch_root / "c")
    info = cluster.start()
    with psycopg.connect(info.dsn) as conn:
        conn.execute("CREATE TABLE from_before_the_crash (x int)")
    os.kill(info.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while postmaster_alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    cluster._reap()
    assert Layout(scratch_root / "c").state() is DirState.CRASHED
    fresh = Cluster(scratch_root / "c")
    fresh.start()
    with psycopg.connect(fresh.dsn()) as conn:
        found = conn.execute("SELECT to_regclass('from_before_the_crash')").fetchone()
    assert found == (None,)


def test_half_initialised_directory_is_wiped(scratch_root: Path) -> None:
    root = scratch_root / "c"
    root.mkdir()
    Layout(root).write_marker(Marker(port=1, ready=False, throwaway=False, owner_pid=1))
    (root / "pgdata").mkdir()
    (root / "pgdata" / "junk").write_text("partial initdb")
    assert Layout(root).state() is DirState.HALF_INITIALISED
    info = Cluster(root).start()
    assert postmaster_alive(info.pid)
    assert not (root / "pgdata" / "junk").exists()


def test_foreign_directory_is_refused_and_untouched(scratch_root: Path) -> None:
    root = scratch_root / "theirs"
    root.mkdir()
    (root / "important.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not made by primedb"):
        Cluster(root).start()
    assert (root / "important.txt").read_text() == "keep me"


def test_second_start_on_a_running_directory_is_refused(scratch_root: Path) -> None:
    Cluster(scratch_root / "c").start()
    with pytest.raises(UsageError, match="already runs"):
        Cluster(scratch_root / "c").start()


_HOLDER = """
import sys, time
from primedb.pg.throwaway import throwaway_cluster
with throwaway_cluster() as c:
    print(c.layout.root, c.layout.postmaster_pid(), flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, -signal.SIGINT)])
def test_signal_stops_the_throwaway_cluster(sig: signal.Signals, code: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    root, pid = proc.stdout.readline().split()
    assert postmaster_alive(int(pid))
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == code
    assert not postmaster_alive(int(pid))
    assert not Path(root).exists()


def test_clean_stale_removes_directories_of_dead_runs(scratch_root: Path) -> None:
    root = scratch_root / "primedb-stale"
    info = Cluster(root, throwaway=True).start()
    dead = subprocess.Popen(["true"])
    dead.wait()
    marker = json.loads((root / "primedb-cluster.json").read_text())
    marker["owner_pid"] = dead.pid
    (root / "primedb-cluster.json").write_text(json.dumps(marker))
    assert clean_stale(scratch_root) == [root]
    assert not root.exists()
    assert not postmaster_alive(info.pid)


def test_clean_stale_keeps_live_runs(scratch_root: Path) -> None:
    root = scratch_root / "primedb-live"
    info = Cluster(root, throwaway=True).start()
    assert clean_stale(scratch_root) == []
    assert postmaster_alive(info.pid)


def test_a_throwaway_that_cannot_start_leaves_no_directory(
    scratch_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Finding the binaries fails before the cluster exists: the directory went with it.
    monkeypatch.setenv("PRIMEDB_PG_BINDIR", str(scratch_root / "no-binaries-here"))
    with pytest.raises(UsageError), throwaway_cluster(scratch_root):
        pass
    assert list(scratch_root.glob("primedb-*")) == []


def test_clean_stale_removes_empty_directories_of_runs_killed_early(scratch_root: Path) -> None:
    old, fresh = scratch_root / "primedb-old", scratch_root / "primedb-fresh"
    old.mkdir()
    fresh.mkdir()  # another run may be about to write its marker: kept
    long_ago = time.time() - 2 * ORPHAN_AGE_S
    os.utime(old, (long_ago, long_ago))
    assert clean_stale(scratch_root) == [old]
    assert not old.exists() and fresh.exists()
