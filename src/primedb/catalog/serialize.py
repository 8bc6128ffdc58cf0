"""The catalog as JSON: stable (objects sorted by key, fields in model order), readable.

Every field of every object is written, so the shape never depends on the
values; enums are written as their values, keys as arrays of strings.
"""

import dataclasses
import json
from enum import Enum
from typing import Any

from primedb.catalog.model import Catalog

__all__ = ["to_data", "to_json"]


def to_data(value: Any) -> Any:
    """Plain JSON-ready data: dicts for dataclasses, lists for tuples, values for enums."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    return value


def to_json(catalog: Catalog) -> str:
    """The whole catalog, indented, ending with a newline."""
    return _pretty(to_data(catalog), 0) + "\n"


_INLINE_WIDTH = 88


def _pretty(value: Any, depth: int) -> str:
    """json.dumps(indent=2), except that short lists of scalars (keys) stay on one line."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict) and value:
        items = (f"{inner}{json.dumps(k)}: {_pretty(v, depth + 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        flat = json.dumps(value, ensure_ascii=False)
        scalars = all(not isinstance(v, dict | list) for v in value)
        if scalars and len(flat) + len(inner) <= _INLINE_WIDTH:
            return flat
        keys = all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value)
        if keys:  # a list of keys: one key per line
            rows = (f"{inner}{json.dumps(v, ensure_ascii=False)}" for v in value)
            return "[\n" + ",\n".join(rows) + f"\n{pad}]"
        rows = (f"{inner}{_pretty(v, depth + 1)}" for v in value)
        return "[\n" + ",\n".join(rows) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)
