"""A finding's sentence: a check's message template filled from one row.

Templates name the row's columns: `{index}`, and with a format, `{bytes:size}`
(`16 kB`, `1.2 MB`), `{ratio:pct}` (`37%`), `{seconds:age}` (`3 days`),
`{names:list}` (`a, b`). A value that is missing prints as `?`.
"""

import string
from collections.abc import Mapping
from typing import Any

__all__ = ["fill", "format_age", "format_size", "template_fields"]

_SIZE_UNITS = ("bytes", "kB", "MB", "GB", "TB")


def format_size(value: float | None) -> str:
    """Bytes as PostgreSQL's pg_size_pretty writes them, with one decimal past kB."""
    if value is None:
        return "?"
    size = float(value)
    for unit in _SIZE_UNITS:
        if abs(size) < 1024 or unit == _SIZE_UNITS[-1]:
            return f"{size:.0f} {unit}" if unit in ("bytes", "kB") else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def format_age(seconds: float | None) -> str:
    """`45 s`, `12 min`, `5 h`, `3 days`: the largest unit that keeps a whole number."""
    if seconds is None:
        return "?"
    for unit, size in (("days", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            whole = int(seconds // size)
            return f"{whole} {'day' if unit == 'days' and whole == 1 else unit}"
    return f"{int(seconds)} s"


class _Formatter(string.Formatter):
    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key))

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "size":
            return format_size(value)
        if format_spec == "pct":
            return "?" if value is None else f"{float(value) * 100:.0f}%"
        if format_spec == "age":
            return format_age(None if value is None else float(value))
        if format_spec == "list":
            return "?" if value is None else ", ".join(str(v) for v in value)
        return "?" if value is None else str(value)


def fill(template: str, row: Mapping[str, Any]) -> str:
    """The template with each `{column[:format]}` replaced by the row's value."""
    return _Formatter().vformat(template, (), row)


def template_fields(template: str) -> set[str]:
    """The columns a template names."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}
