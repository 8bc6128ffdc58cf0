"""One form for a statement as written in `queries/` and as `pg_stat_statements` shows it.

psycopg sends a named query with its `%(name)s` placeholders turned into `$1`,
`$2`, ...; pg_stat_statements then replaces every constant of the text with a
further `$n` and keeps the first text it saw. Both sides become the same
string once comments are dropped, placeholders and constants (strings,
numbers, booleans, NULL, typed literals such as `interval '1 day'`, a
leading minus) are all `?`, case and spacing are folded and the final `;` is
gone. The named query whose normal form equals a pg_stat_statements entry's
is that entry's name.
"""

import re

__all__ = ["normalise"]

_TOKENS = re.compile(
    r"""
      (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<string>(?:[eEbBxXnN])?'(?:[^']|'')*')
    | (?P<param>%\([A-Za-z_][A-Za-z0-9_]*\)s|%s|\$\d+)
    | (?P<number>(?<![\w$.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w]))
    | (?P<word>\b(?:true|false|null)\b)
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
_TYPED_LITERAL = re.compile(r"\b(?:interval|timestamptz|timestamp|date|time)\s+\?")
_SIGNED = re.compile(r"-\s*\?")
_AROUND_PUNCTUATION = re.compile(r"\s*([(),;=<>+*/|:\[\]%-])\s*")
_SPACE = re.compile(r"\s+")


def _token(match: re.Match[str]) -> str:
    return " " if match.lastgroup == "comment" else " ? "


def normalise(statement: str) -> str:
    """The comparable form of `statement` (see the module docstring)."""
    text = _TOKENS.sub(_token, statement.replace("%%", "%")).lower()
    text = _SPACE.sub(" ", text)
    text = _TYPED_LITERAL.sub("?", text)
    text = _SIGNED.sub("?", text)
    text = _AROUND_PUNCTUATION.sub(r"\1", text)
    return text.strip().rstrip(";").strip()
