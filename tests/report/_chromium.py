"""Headless Chromium driven through the DevTools protocol over a pipe: no port, no socket.

Chromium is started with `--remote-debugging-pipe`: it reads commands on its
file descriptor 3 and writes replies and events on 4, each a JSON message
ended by a NUL byte. A reader thread collects them; `call` sends a command
and waits for its reply. Events are kept in order, so a test can look at
every console message, exception and network request the page caused. The
browser runs with a new profile and without its background services (which
would try the network), and is closed, then killed if need be, on exit.
"""

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0  # seconds for one reply: a loaded machine is slow, a hung browser is not waited on


def chromium_binary() -> str:
    """Debian's chromium (installed by scripts/bootstrap.sh)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError(
            "chromium is not installed; run scripts/bootstrap.sh as root (apt-get install chromium)"
        )
    return found


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], write_fd: int, read_fd: int) -> None:
        self.process = process
        self._write = write_fd
        self._read = read_fd
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._read, 65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        waiting = self._replies.get(message["id"])
                    if waiting is not None:
                        waiting.put(message)
                else:
                    self.events.append(message)

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            number = self._next_id
            self._replies[number] = queue.Queue()
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        try:
            reply = self._replies[number].get(timeout=TIMEOUT)
        except queue.Empty as exc:
            raise TimeoutError(f"chromium did not answer {method} in {TIMEOUT:.0f} s") from exc
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return dict(reply.get("result") or {})

    def wait_for(self, method: str, session: str, start: int = 0) -> dict[str, Any]:
        """The first event `method` of `session` from the `start`-th event on."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for event in self.events[start:]:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            time.sleep(0.05)
        raise TimeoutError(f"no {method} event in {TIMEOUT:.0f} s")

    def of(self, session: str, *methods: str) -> list[dict[str, Any]]:
        return [
            e for e in self.events if e.get("sessionId") == session and e.get("method") in methods
        ]


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium with a fresh profile, closed (or killed) afterwards."""
    binary = chromium_binary()
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    # The browser's ends, moved above 10 so that `3<&N 4>&M` cannot overwrite one with the
    # other; a shell puts them where the protocol wants them (not preexec_fn, which is unsafe
    # in a process with threads).
    child_in = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
    child_out = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
    for fd in (to_browser_r, from_browser_w):
        os.close(fd)
    profile = tempfile.mkdtemp(prefix="primedb-chromium-")
    process = subprocess.Popen(
        [
            "/bin/bash",  # dash takes no descriptor above 9
            "-c",
            f'exec "$0" "$@" 3<&{child_in} 4>&{child_out} {child_in}<&- {child_out}>&-',
            binary,
            *FLAGS,
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(child_in, child_out),
    )
    os.close(child_in)
    os.close(child_out)
    browser = Browser(process, to_browser_w, from_browser_r)
    try:
        yield browser
    finally:
        with contextlib.suppress(Exception):
            browser.call("Browser.close")
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        os.close(to_browser_w)
        os.close(from_browser_r)
        shutil.rmtree(profile, ignore_errors=True)


@contextlib.contextmanager
def page(browser: Browser, width: int = 1280, height: int = 1600) -> Iterator[str]:
    """A new tab attached in flat mode, with the domains a test watches enabled; its session."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", session=session)
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    try:
        yield session
    finally:
        with contextlib.suppress(Exception):
            browser.call("Target.closeTarget", {"targetId": target})


def load(browser: Browser, session: str, url: str) -> None:
    """Navigate and wait for the load event."""
    start = len(browser.events)
    browser.call("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired", session, start)


def evaluate(browser: Browser, session: str, expression: str) -> Any:
    reply = browser.call(
        "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
    )
    return reply["result"].get("value")


def screenshot(browser: Browser, session: str, path: Path, *, full_page: bool = False) -> Path:
    params: dict[str, Any] = {"format": "png"}
    if full_page:
        size = browser.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
        params["captureBeyondViewport"] = True
        params["clip"] = {
            "x": 0,
            "y": 0,
            "width": size["width"],
            "height": size["height"],
            "scale": 1,
        }
    data = browser.call("Page.captureScreenshot", params, session=session)["data"]
    path.write_bytes(base64.b64decode(data))
    return path


def print_pdf(browser: Browser, session: str) -> bytes:
    data = browser.call("Page.printToPDF", {"printBackground": True}, session=session)["data"]
    return base64.b64decode(data)
