"""A second process that undoes a half-done seed when the seed's own process cannot.

A seed on several connections commits as it goes, so the server alone cannot
undo it when the seed's process dies: its sessions' open transactions roll
back, the committed ones stay. The guardian is started first, in a session of
its own (a Ctrl-C meant for the seed does not reach it), and waits on a pipe:

    seed -> guardian   one JSON line: the DSN and the undo plan
    guardian -> seed   "ready" once connected (or "failed: ..." and it exits)
    seed -> guardian   "done" (the seed committed everything: nothing to do)
                       or "undo" (the seed failed: undo, answer "undone" or "failed: ...")
                       or nothing at all: the pipe closes when the seed's process
                       dies, however it dies, and the guardian undoes.

Only a guardian killed outright along with the seed (or the machine stopping)
leaves the database half-seeded; a seed on one connection needs no guardian.
"""

import contextlib
import json
import select
import subprocess
import sys
from typing import IO, Any

from primedb.errors import BadInput
from primedb.pg.connect import connect
from primedb.seed.undo import UndoPlan, undo

__all__ = ["Guardian", "main"]

_READY_TIMEOUT = 60.0  # seconds for the guardian to start and connect
_UNDO_TIMEOUT = 600.0


class Guardian:
    """The seed's side of the pipe."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "primedb.seed"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self._armed = False

    def arm(self, dsn: str, plan: UndoPlan) -> None:
        """Hand over the plan; returns once the guardian is connected and watching."""
        self._send(json.dumps({"dsn": dsn, "plan": json.loads(plan.to_json())}))
        answer = self._receive(_READY_TIMEOUT)
        if answer != "ready":
            self.close()
            raise BadInput(f"seed: the guardian process did not start: {answer}")
        self._armed = True

    def release(self) -> None:
        """The seed committed everything: the guardian ends without touching anything."""
        if self._armed:
            self._send("done")
        self.close()

    def undo(self) -> None:
        """Undo the half-done seed and wait for it; raises when it could not be undone."""
        if not self._armed:
            self.close()
            return
        self._send("undo")
        answer = self._receive(_UNDO_TIMEOUT)
        self.close()
        if answer != "undone":
            raise BadInput(
                f"undoing the half-done seed failed ({answer}): the database is left "
                "half-seeded; drop it and seed a new one"
            )

    def close(self) -> None:
        stdin = self._proc.stdin
        if stdin is not None and not stdin.closed:
            with contextlib.suppress(OSError):  # the guardian is gone already
                stdin.close()
        if self._armed:
            self._proc.wait()
        else:
            self._proc.kill()  # never armed: nothing to undo
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def _send(self, line: str) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()

    def _receive(self, timeout: float) -> str:
        out = self._proc.stdout
        assert out is not None
        ready, _, _ = select.select([out], [], [], timeout)
        if not ready:
            return f"no answer in {timeout:.0f} s"
        line = out.readline()
        return line.strip() or f"exited with code {self._proc.wait()}"


def main() -> int:
    """The guardian: `python -m primedb.seed` (its stdin and stdout are the pipe)."""
    first = sys.stdin.readline()
    if not first:
        return 0  # the seed ended before it changed anything
    order: dict[str, Any] = json.loads(first)
    plan = UndoPlan.from_json(json.dumps(order["plan"]))
    try:
        conn = connect(order["dsn"], autocommit=True, application_name="primedb-seed-guardian")
    except Exception as exc:  # told to the seed, which has changed nothing yet
        _answer(sys.stdout, f"failed: {exc}")
        return 1
    with conn:
        _answer(sys.stdout, "ready")
        word = sys.stdin.readline().strip()
        if word == "done":
            return 0
        try:
            undo(conn, plan)
        except Exception as exc:
            message = f"failed: {type(exc).__name__}: {str(exc).strip()}"
            if word == "undo":
                _answer(sys.stdout, message)
            else:  # nobody left to tell but the terminal
                print(f"primedb seed guardian: undoing a half-done seed {message}", file=sys.stderr)
            return 1
        if word == "undo":
            _answer(sys.stdout, "undone")
        return 0


def _answer(out: IO[str], word: str) -> None:
    try:
        out.write(word.replace("\n", " ") + "\n")
        out.flush()
    except BrokenPipeError:
        pass  # the seed is gone
