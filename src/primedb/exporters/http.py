"""Serve a registry on `/metrics`, on loopback unless told otherwise, optionally over TLS.

prometheus_client's threaded WSGI server does the serving (a thread per
request, so a slow database scrape never delays the in-process page of the
same process); this module adds what a command needs around it: an address
parsed from `HOST:PORT`, the port actually bound (0 picks a free one),
certificate files checked before binding, and a clean stop.
"""

import re
import ssl
import threading
from pathlib import Path
from types import TracebackType
from typing import Self
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, start_http_server

from primedb.errors import UsageError

__all__ = ["DEFAULT_EXPORTER_PORT", "LOOPBACK", "MetricsServer", "parse_listen"]

LOOPBACK = "127.0.0.1"
# postgres_exporter has 9187; the neighbour keeps both on one host without a clash.
DEFAULT_EXPORTER_PORT = 9188

_LISTEN = re.compile(r"^(?:(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\[\]]*):)?(?P<port>\d{1,5})$")


def parse_listen(text: str, option: str = "--listen") -> tuple[str, int]:
    """`HOST:PORT`, `[::1]:PORT` or `PORT` (loopback) -> (host, port)."""
    match = _LISTEN.match(text.strip())
    port = int(match.group("port")) if match else -1
    if match is None or not 0 <= port <= 65535:
        raise UsageError(f"invalid {option} {text!r}; write HOST:PORT, e.g. 127.0.0.1:9188")
    host = (match.group("host") or LOOPBACK).strip("[]") or LOOPBACK
    return host, port


class MetricsServer:
    """`registry` on http(s)://host:port/metrics while the context lasts."""

    def __init__(
        self,
        registry: CollectorRegistry,
        host: str = LOOPBACK,
        port: int = 0,
        *,
        certfile: Path | None = None,
        keyfile: Path | None = None,
    ) -> None:
        if (certfile is None) != (keyfile is None):
            raise UsageError("TLS needs both --tls-cert and --tls-key; give both or neither")
        for path in (certfile, keyfile):
            if path is not None and not path.is_file():
                raise UsageError(f"TLS file {path} does not exist; check the path")
        self.registry = registry
        self.host = host
        self.requested_port = port
        self.certfile = certfile
        self.keyfile = keyfile
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the metrics server is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        scheme = "https" if self.certfile else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}/metrics"

    def start(self) -> Self:
        try:
            self._server, self._thread = start_http_server(
                self.requested_port,
                addr=self.host,
                registry=self.registry,
                certfile=str(self.certfile) if self.certfile else None,
                keyfile=str(self.keyfile) if self.keyfile else None,
            )
        except (OSError, ssl.SSLError) as exc:
            raise UsageError(
                f"cannot serve metrics on {self.host}:{self.requested_port}: {exc}; "
                "choose another --listen address or check the TLS files"
            ) from exc
        return self

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
