"""A finding's sentence: a check's message template filled from one row.

Templates name the row's columns: `{index}`, and with a format, `{bytes:size}`
(`16 kB`, `1.2 MB`), `{ratio:pct}` (`37%`), `{seconds:age}` (`3 days`),
`{names:list}` (`a, b`). A value that is missing prints as `?`.
"""

import string
from collections.abc import Mapping
from functools import cache
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


def _field(value: Any, spec: str) -> str:
    if value is None:
        return "?"
    if spec == "size":
        return format_size(value)
    if spec == "pct":
        return f"{float(value) * 100:.0f}%"
    if spec == "age":
        return format_age(float(value))
    if spec == "list":
        return ", ".join(str(v) for v in value)
    return str(value)


@cache
def _compiled(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """The template parsed once: (literal text, column or None, format) triples."""
    return tuple(
        (literal, field, spec or "")
        for literal, field, spec, _ in string.Formatter().parse(template)
    )


def fill(template: str, row: Mapping[str, Any]) -> str:
    """The template with each `{column[:format]}` replaced by the row's value."""
    parts: list[str] = []
    for literal, field, spec in _compiled(template):
        parts.append(literal)
        if field is not None:
            parts.append(_field(row.get(field), spec))
    return "".join(parts)


def template_fields(template: str) -> set[str]:
    """The columns a template names."""
    return {field for _, field, _ in _compiled(template) if field}
