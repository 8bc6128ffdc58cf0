"""A cluster for the length of one command: started, then stopped and removed.

Ctrl-C and SIGTERM end the command through the same `finally`, so no
postmaster is left behind. A run killed outright (SIGKILL, power loss) leaves
its directory; the next throwaway start finds it by its marker, stops any
server still running there and removes it. A directory killed before its
marker was written is empty: it goes too once it is older than a start could
take, so nothing accumulates in the temporary directory.
"""

import contextlib
import logging
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from primedb.pg.cluster import Cluster
from primedb.pg.layout import Layout, process_alive

log = logging.getLogger("primedb.pg")

PREFIX = "primedb-"
# An empty directory this old was left by a run killed before it wrote its marker.
ORPHAN_AGE_S = 600


class Terminated(SystemExit):
    """Raised in the main thread when SIGTERM arrives, so `finally` blocks run."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into an exception for the duration (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def clean_stale(tmp_root: Path | None = None) -> list[Path]:
    """Remove throwaway cluster directories whose primedb process is gone."""
    root = Path(tmp_root or tempfile.gettempdir())
    removed: list[Path] = []
    for candidate in root.glob(f"{PREFIX}*"):
        marker = Layout(candidate).read_marker()
        if marker is None and _orphaned(candidate):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
            continue
        if marker is None or not marker.throwaway or process_alive(marker.owner_pid):
            continue
        log.warning("removing %s, left by a primedb run that ended abruptly", candidate)
        Cluster(candidate, port=marker.port).remove()
        removed.append(candidate)
    return removed


def _orphaned(candidate: Path) -> bool:
    """An empty directory, older than any start takes: its run died before its marker."""
    try:
        empty = candidate.is_dir() and not any(candidate.iterdir())
        return empty and time.time() - candidate.stat().st_mtime > ORPHAN_AGE_S
    except OSError:
        return False


@contextlib.contextmanager
def throwaway_cluster(tmp_root: Path | None = None) -> Iterator[Cluster]:
    """Start a fresh cluster in a new temporary directory; remove it afterwards."""
    clean_stale(tmp_root)
    root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=tmp_root))
    started = time.monotonic()
    try:  # the directory goes whatever fails, even finding the binaries
        with sigterm_as_exit():
            cluster = Cluster(root, throwaway=True)
            try:
                cluster.start()
                log.debug("cluster started in %.2fs", time.monotonic() - started)
                yield cluster
            finally:
                cluster.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
