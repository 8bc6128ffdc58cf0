"""Passwords never reach a terminal or a log: how a DSN's password is found and hidden.

`mask()` hides the password of a DSN in every form, also a malformed one (a
raw `@`, `/` or space in it, a bad percent-escape, an unquoted space in
key=value): it errs on hiding too much. `scrub()` removes the password, and
each fragment of it, from any text, such as libpq's reason for a failed
connection (which can name a "host" that is half a password); `Scrubber`
does the same to every log record that passes it. Plain string work, no
driver: the CLI installs the filter before anything heavy is imported.
"""

import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote

__all__ = ["HIDDEN", "Scrubber", "mask", "scrub", "secrets", "url_parts", "userinfo"]

HIDDEN = "***"

URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)
# The value of password= in key=value: quoted, else up to the next ` key=` (a password
# with an unquoted space runs on until then) or the end.
_KV_PASSWORD = re.compile(
    r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'\S*|.*?)(?=\s+[A-Za-z_]+\s*=|\s*$)",
    re.IGNORECASE | re.DOTALL,
)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<pw>[^&#]*)", re.IGNORECASE)
_PIECE = re.compile(r"[^\s/@:%?&#'\"\\=]{3,}")


def url_parts(dsn: str) -> tuple[str, str] | None:
    """(scheme, rest) of a URL-form DSN, None for key=value."""
    match = URL.match(dsn)
    return (match["scheme"], match["rest"]) if match else None


def userinfo(rest: str) -> tuple[str, str | None] | None:
    """(user, password or None) of a URL's authority, as a person meant it.

    The userinfo ends at the last `@`, so a raw `@`, `/` or `?` in a password
    stays in the password (libpq would cut it at a `/` or the first `@`).
    """
    at = rest.rfind("@")
    if at < 0:
        return None
    user, colon, password = rest[:at].partition(":")
    return user, (password if colon else None)


def secrets(dsn: str) -> tuple[str, ...]:
    """The password of `dsn` as written and as decoded, however malformed the DSN."""
    found: list[str] = []
    match = URL.match(dsn)
    if match:
        info = userinfo(match["rest"])
        if info is not None and info[1]:
            found.append(info[1])
        found.extend(m["pw"] for m in _QUERY_PASSWORD.finditer(match["rest"]) if m["pw"])
    else:
        found.extend(m["pw"].strip("'") for m in _KV_PASSWORD.finditer(dsn) if m["pw"].strip())
    with_decoded = [*found, *(unquote(s) for s in found)]
    return tuple(dict.fromkeys(s for s in with_decoded if s))


def mask(dsn: str) -> str:
    """The DSN with its password replaced by `***`, whatever its form."""
    match = URL.match(dsn)
    if not match:
        return _KV_PASSWORD.sub(lambda m: m["head"] + HIDDEN, dsn)
    rest = match["rest"]
    at = rest.rfind("@")
    if at >= 0:
        user, colon, _ = rest[:at].partition(":")
        if colon:
            rest = f"{user}:{HIDDEN}{rest[at:]}"
    rest = _QUERY_PASSWORD.sub(lambda m: m["head"] + HIDDEN, rest)
    return f"{match['scheme']}://{rest}"


def scrub(text: str, dsns: Iterable[str]) -> str:
    """`text` without the passwords of `dsns`, nor any fragment of them (3 characters or more)."""
    hidden: set[str] = set()
    for dsn in dsns:
        for secret in secrets(dsn):
            hidden.add(secret)
            hidden.update(_PIECE.findall(secret))
    for secret in sorted(hidden, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


class Scrubber(logging.Filter):
    """A log filter that hides the passwords of the DSNs it was given in every record."""

    def __init__(self) -> None:
        super().__init__()
        self._dsns: list[str] = []

    def add(self, dsn: str | None) -> None:
        if dsn and dsn not in self._dsns:
            self._dsns.append(dsn)

    def text(self, text: str) -> str:
        return scrub(text, self._dsns) if self._dsns else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._dsns:
            message = record.getMessage()
            clean = self.text(message)
            if clean != message or record.args:
                record.msg, record.args = clean, None
            if record.exc_text:
                record.exc_text = self.text(record.exc_text)
        return True
