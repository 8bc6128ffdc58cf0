"""Print a command's result on stdout: its text rendering, or JSON.

Every result type of the library renders itself (`as_dict()` for JSON,
`as_text()` for people); a command ends in one `emit(result, fmt)`.
"""

import json
from typing import Any, Protocol

import click

__all__ = ["Rendered", "emit"]


class Rendered(Protocol):
    """A result that can be printed: as a JSON document, or as text for a terminal."""

    def as_dict(self) -> dict[str, Any]: ...

    def as_text(self) -> str: ...


def emit(result: Rendered, fmt: str) -> None:
    """JSON for `--format json`, else the result's own text."""
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, default=str))
    elif text := result.as_text():
        click.echo(text)
