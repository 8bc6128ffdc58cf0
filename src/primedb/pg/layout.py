"""The on-disk layout of a primedb cluster directory, and its state.

    <dir>/primedb-cluster.json   marker: written before initdb, completed after
    <dir>/pgdata/                the PostgreSQL data directory
    <dir>/postgres.log           server log
    <dir>/.s.PGSQL.<port>        the Unix socket

The marker tells a directory primedb made from anyone else's (which is never
touched), and a half-initialised or crashed one (which is wiped, never reused).
"""

import contextlib
import enum
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

MARKER = "primedb-cluster.json"
# A Unix socket path is limited to 107 bytes on Linux.
_MAX_SOCKET_PATH = 107


class DirState(enum.Enum):
    EMPTY = "empty"  # missing or empty: initialise
    FOREIGN = "foreign"  # not ours: refuse
    HALF_INITIALISED = "half-initialised"  # initdb never finished: wipe
    CRASHED = "crashed"  # postmaster.pid of a dead server: wipe
    RUNNING = "running"
    STOPPED = "stopped"  # cleanly stopped: start again


@dataclass(frozen=True, slots=True)
class Marker:
    port: int
    ready: bool  # initdb and first set-up finished
    throwaway: bool  # removed when the command that made it ends
    owner_pid: int  # the primedb process that made it (throwaway only)


@dataclass(frozen=True, slots=True)
class Layout:
    root: Path

    @property
    def pgdata(self) -> Path:
        return self.root / "pgdata"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    @property
    def marker_path(self) -> Path:
        return self.root / MARKER

    def socket_path(self, port: int) -> Path:
        return self.root / f".s.PGSQL.{port}"

    def socket_fits(self, port: int) -> bool:
        return len(str(self.socket_path(port)).encode()) <= _MAX_SOCKET_PATH

    def read_marker(self) -> Marker | None:
        try:
            data = json.loads(self.marker_path.read_text())
            return Marker(**data)
        except (OSError, ValueError, TypeError):
            return None

    def write_marker(self, marker: Marker) -> None:
        tmp = self.marker_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(marker)))
        tmp.replace(self.marker_path)

    def postmaster_pid(self) -> int | None:
        """The pid in postmaster.pid, whether or not that process lives."""
        try:
            first = (self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0]
            return int(first)
        except (OSError, ValueError):
            return None

    def postmaster_ready(self) -> bool:
        """Whether the server wrote `ready` as its status line (PostgreSQL 10+)."""
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        except OSError:
            return False
        return len(lines) >= 8 and lines[7].strip() == "ready"

    def state(self) -> DirState:
        if not self.root.exists() or not any(self.root.iterdir()):
            return DirState.EMPTY
        marker = self.read_marker()
        if marker is None:
            return DirState.FOREIGN
        if not marker.ready or not (self.pgdata / "PG_VERSION").exists():
            return DirState.HALF_INITIALISED
        pid = self.postmaster_pid()
        if pid is None:
            return DirState.STOPPED
        return DirState.RUNNING if postmaster_alive(pid) else DirState.CRASHED


def process_alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def postmaster_alive(pid: int) -> bool:
    """Whether `pid` is a live postgres process (a recycled pid does not count)."""
    if not process_alive(pid):
        return False
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return True  # no /proc: trust the signal check
    return comm in ("postgres", "postmaster")
