"""A PostgreSQL cluster primedb starts, stops and inspects.

The server process runs in its own session, so a Ctrl-C meant for primedb
does not reach it; primedb shuts it down itself (fast shutdown, then
immediate, then SIGKILL). It listens on 127.0.0.1 and on a Unix socket in the
cluster directory, nowhere else, with trust authentication for those only.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from primedb.errors import DatabaseUnreachable, UsageError
from primedb.pg.binaries import Binaries, find_binaries
from primedb.pg.layout import DirState, Layout, Marker, postmaster_alive
from primedb.pg.owner import Owner, server_owner

log = logging.getLogger("primedb.pg")

SUPERUSER = "postgres"
PRELOADED = ("pg_stat_statements",)
EXTENSIONS = ("pg_stat_statements", "hypopg")

_HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n"

# A throwaway cluster trades durability for speed: it never outlives its data.
# wal_level = minimal lets a load into a table truncated (or created) in its own
# transaction skip the WAL: the seed's COPY and index builds, about 12% of its time.
_SETTINGS = """
# primedb embedded cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
shared_preload_libraries = '{preload}'
pg_stat_statements.track = all
track_io_timing = on
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
max_wal_size = 4GB
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 30min
max_connections = 100
log_min_messages = warning
"""


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    dsn: str
    data_dir: str
    port: int
    pid: int

    def as_dict(self) -> dict[str, object]:
        return {"dsn": self.dsn, "data_dir": self.data_dir, "port": self.port, "pid": self.pid}

    def as_text(self) -> str:
        return self.dsn


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class Cluster:
    """One cluster directory (see `layout.py`) and the server running on it."""

    def __init__(
        self,
        root: Path,
        *,
        port: int | None = None,
        throwaway: bool = False,
        binaries: Binaries | None = None,
        owner: Owner | None = None,
    ) -> None:
        self.layout = Layout(root.resolve())
        self.requested_port = port
        self.throwaway = throwaway
        self.binaries = binaries or find_binaries()
        self.owner = owner or server_owner()
        self._proc: subprocess.Popen[bytes] | None = None
        marker = self.layout.read_marker()
        self.port = port or (marker.port if marker else 0)

    # -- addresses -----------------------------------------------------------

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def info(self) -> ClusterInfo:
        pid = self.layout.postmaster_pid()
        return ClusterInfo(self.dsn(), str(self.layout.root), self.port, pid or 0)

    # -- life cycle ----------------------------------------------------------

    def start(self, timeout: float = 60.0) -> ClusterInfo:
        """Initialise when needed, start, and wait until it accepts connections."""
        state = self.layout.state()
        root = self.layout.root
        if state is DirState.FOREIGN:
            raise UsageError(
                f"{root} is not empty and was not made by primedb; "
                "choose an empty or new --data-dir"
            )
        if state is DirState.RUNNING:
            marker = self.layout.read_marker()
            self.port = marker.port if marker else 0
            raise UsageError(
                f"a cluster already runs in {root} (pid {self.layout.postmaster_pid()}); "
                f"stop it with `primedb server stop --data-dir {root}`"
            )
        if state in (DirState.CRASHED, DirState.HALF_INITIALISED):
            log.warning("%s was left %s by an earlier run; wiping it", root, state.value)
            self._wipe()
            state = DirState.EMPTY
        if state is DirState.EMPTY:
            self._init()
        self._launch(timeout)
        marker = self.layout.read_marker()
        if marker is not None and not marker.ready:
            self._first_setup()
            self.layout.write_marker(
                Marker(
                    port=self.port,
                    ready=True,
                    throwaway=marker.throwaway,
                    owner_pid=marker.owner_pid,
                )
            )
        return self.info()

    def stop(self, timeout: float = 30.0) -> bool:
        """Shut the server down; True when one was running."""
        pid = self.layout.postmaster_pid()
        if pid is None or not postmaster_alive(pid):
            self._reap()
            return False
        for sig, wait in ((signal.SIGINT, timeout), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            if self._wait_gone(pid, wait):
                break
            log.warning("postgres (pid %d) ignored %s; escalating", pid, sig.name)
        self._reap()
        return True

    def remove(self) -> None:
        """Stop and delete the whole cluster directory."""
        self.stop()
        shutil.rmtree(self.layout.root, ignore_errors=True)

    def running(self) -> bool:
        return self.layout.state() is DirState.RUNNING

    # -- steps ---------------------------------------------------------------

    def _run_as_owner(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if not self.owner.is_current:
            kwargs = {"user": self.owner.uid, "group": self.owner.gid, "extra_groups": []}
        return subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]

    def _wipe(self) -> None:
        pid = self.layout.postmaster_pid()
        if pid is not None and postmaster_alive(pid):
            self.stop()
        for entry in list(self.layout.root.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    def _choose_port(self) -> int:
        if self.requested_port:
            return self.requested_port
        marker = self.layout.read_marker()
        if marker and marker.port and _port_free(marker.port):
            return marker.port
        return free_port()

    def _init(self) -> None:
        root = self.layout.root
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o700)
        self.owner.chown(root)
        if not self.owner.can_write(root):
            raise UsageError(
                f"the server user {self.owner.name} cannot write to {root}; "
                "choose a --data-dir it can reach (for example under /tmp)"
            )
        self.port = self._choose_port()
        self.layout.write_marker(
            Marker(port=self.port, ready=False, throwaway=self.throwaway, owner_pid=os.getpid())
        )
        self.owner.chown(self.layout.marker_path)
        done = self._run_as_owner(
            [
                self.binaries.path("initdb"),
                "-D", str(self.layout.pgdata),
                "-U", SUPERUSER,
                "--auth=trust",
                "-E", "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ]
        )  # fmt: skip
        if done.returncode != 0:
            raise DatabaseUnreachable(f"initdb failed in {root}: {_tail(done.stderr)}")
        (self.layout.pgdata / "pg_hba.conf").write_text(_HBA)
        with (self.layout.pgdata / "postgresql.conf").open("a") as conf:
            conf.write(_SETTINGS.format(socket_dir=root, preload=",".join(PRELOADED)))

    def _launch(self, timeout: float) -> None:
        attempts = 1 if self.requested_port else 3
        for attempt in range(attempts):
            self.port = self._choose_port() if attempt == 0 else free_port()
            if not self.layout.socket_fits(self.port):
                raise UsageError(
                    f"{self.layout.root} is too long a path for a Unix socket; "
                    "choose a shorter --data-dir"
                )
            if self._spawn_and_wait(timeout):
                marker = self.layout.read_marker()
                if marker is not None:
                    self.layout.write_marker(
                        Marker(self.port, marker.ready, marker.throwaway, marker.owner_pid)
                    )
                return
            if "could not bind" not in self._log_tail() or attempt == attempts - 1:
                break
        raise DatabaseUnreachable(
            f"PostgreSQL did not start in {self.layout.root}: {self._log_tail()}"
        )

    def _spawn_and_wait(self, timeout: float) -> bool:
        log_file = self.layout.log.open("ab")
        self.owner.chown(self.layout.log)
        kwargs: dict[str, object] = {}
        if not self.owner.is_current:
            kwargs = {"user": self.owner.uid, "group": self.owner.gid, "extra_groups": []}
        self._proc = subprocess.Popen(  # type: ignore[call-overload]
            [self.binaries.path("postgres"), "-D", str(self.layout.pgdata), "-p", str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        log_file.close()
        proc = self._proc
        assert proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self._proc = None
                return False
            if self.layout.postmaster_ready() and self._accepts_connections():
                return True
            time.sleep(0.02)
        self.stop()
        return False

    def _accepts_connections(self) -> bool:
        try:
            with psycopg.connect(self.dsn(), connect_timeout=2, autocommit=True):
                return True
        except psycopg.OperationalError:
            return False

    def _first_setup(self) -> None:
        """Create the extensions in template1, so every new database has them."""
        with psycopg.connect(self.dsn("template1"), autocommit=True) as conn:
            for ext in EXTENSIONS:
                if self.binaries.has_extension(ext):
                    conn.execute(
                        sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(ext))
                    )
                else:
                    log.warning(
                        "the %s extension is not installed; install postgresql-%d-%s "
                        "for hypothetical-index checks",
                        ext,
                        self.binaries.major,
                        ext,
                    )

    def _wait_gone(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                return True
            if not postmaster_alive(pid):
                return True
            time.sleep(0.02)
        return False

    def _reap(self) -> None:
        if self._proc is not None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    def _log_tail(self) -> str:
        try:
            return _tail(self.layout.log.read_text(errors="replace"))
        except OSError:
            return "(no server log)"


def _tail(text: str, lines: int = 3) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:]) or "(no output)"
