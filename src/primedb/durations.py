"""Durations as PostgreSQL writes them (`500ms`, `3s`, `2min`, `1h`), in milliseconds.

One spelling serves the command line, the `-x` arguments of plain `alembic`
and the `SET lock_timeout = '...'` statements primedb sends.
"""

import re

from primedb.errors import UsageError

__all__ = ["format_duration", "parse_duration"]

_DURATION = re.compile(r"^\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|min|m|h|d)?\s*$")
_UNIT_MS = {"ms": 1, "s": 1_000, "min": 60_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_FORMAT_UNITS = (("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1_000))


def parse_duration(text: str, option: str = "duration") -> int:
    """`3s` -> 3000 (milliseconds); a bare number needs a unit, except 0."""
    match = _DURATION.match(text)
    if not match or (match.group("unit") is None and float(match.group("value")) != 0):
        raise UsageError(f"invalid {option} {text!r}; write it with a unit, e.g. 500ms, 3s, 2min")
    return round(float(match.group("value")) * _UNIT_MS[match.group("unit") or "ms"])


def format_duration(ms: int) -> str:
    """3000 -> `3s`, 600000 -> `10min`: the largest unit that is exact."""
    if ms <= 0:
        return "0"
    for unit, size in _FORMAT_UNITS:
        if ms % size == 0:
            return f"{ms // size}{unit}"
    return f"{ms}ms"
