"""Python source for SQL text: string literals that keep every byte and pass ruff.

A generated revision holds SQL verbatim, including function bodies whose
whitespace PostgreSQL stores, so the SQL can be neither re-indented nor
stripped. Each statement becomes one string literal when it fits on a line,
else an implicit concatenation of one literal per SQL line (split further
when a line is long). Concatenation is exact, so nothing is lost, and the
output is what `ruff format` would write (quote choice included), so a
generated file is ruff-clean as written.
"""

from collections.abc import Sequence

__all__ = ["assign", "assign_tuple", "call", "literal", "tuple_literal"]

WIDTH = 100  # [tool.ruff] line-length
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _quote_for(text: str) -> str:
    # ruff format: double quotes, unless the text holds more double than single ones.
    return "'" if text.count('"') > text.count("'") else '"'


def _escape(char: str, quote: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char == quote:
        return "\\" + char
    if not char.isprintable():
        code = ord(char)
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def literal(text: str) -> str:
    """`text` as one Python string literal."""
    quote = _quote_for(text)
    return quote + "".join(_escape(c, quote) for c in text) + quote


def _pieces(text: str, room: int) -> list[str]:
    """Split `text` after each newline, and where a literal would pass `room`.

    A long line is cut after its last space that fits, so words stay whole
    for the reviewer; a run without spaces is cut where it must be.
    """
    pieces: list[str] = []
    current = ""
    for char in text:
        if current and len(literal(current + char)) > room:
            cut = current.rfind(" ") + 1
            if cut <= 0:
                cut = len(current)
            pieces.append(current[:cut])
            current = current[cut:]
        current += char
        if char == "\n":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def call(func: str, text: str, indent: int) -> list[str]:
    """Lines of `func(<text>)` at `indent` spaces, within the line length."""
    pad = " " * indent
    single = f"{pad}{func}({literal(text)})"
    if len(single) <= WIDTH:
        return [single]
    inner = pad + "    "
    parts = _pieces(text, WIDTH - len(inner))
    return [f"{pad}{func}(", *(f"{inner}{literal(p)}" for p in parts), f"{pad})"]


def assign(target: str, value: str) -> str:
    """`target = value`, in parentheses on lines of their own when that fits and one line does not.

    `value` is Python source (a literal). This is ruff format's choice for a
    right-hand side that is too long: parenthesize it when it then fits,
    else leave the line long.
    """
    line = f"{target} = {value}"
    if len(line) <= WIDTH or len(value) + 4 > WIDTH:
        return line
    return f"{target} = (\n    {value}\n)"


def tuple_literal(items: Sequence[str]) -> str:
    """A tuple of string literals on one line: `()`, `("a",)`, `("a", "b")`."""
    values = [literal(i) for i in items]
    if not values:
        return "()"
    if len(values) == 1:
        return f"({values[0]},)"
    return f"({', '.join(values)})"


def assign_tuple(target: str, items: Sequence[str]) -> str:
    """`target = (...)` of string literals; one item per line, with a trailing comma, when
    the one-line form is too long (ruff format explodes a collection that does not fit)."""
    line = f"{target} = {tuple_literal(items)}"
    if len(line) <= WIDTH:
        return line
    inner = "".join(f"    {literal(i)},\n" for i in items)
    return f"{target} = (\n{inner})"
