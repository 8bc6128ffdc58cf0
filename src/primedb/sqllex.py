"""PostgreSQL's lexical rules: SQL text as a lossless list of tokens.

Every primedb scanner of SQL text reads these tokens (the lint's statements,
the rename markers of schema files, renames inside printed definitions, the
canonical form of deparsed expressions), so a keyword inside a string, a
quoted identifier, a comment or a dollar-quoted body is never taken for SQL,
and all of them agree on where a string ends. The tokens cover the text
exactly: `"".join(t.text for t in lex(sql)) == sql`.

What PostgreSQL's scanner does and this follows: `--` and nested `/* */`
comments; `'...'` strings with `''`, and the `E`, `B`, `X`, `N`, `U&` prefixes
(backslash escapes in `E'...'`); `"..."` identifiers with `""` (and `U&"..."`);
`$tag$...$tag$` bodies (a `$` inside a word or after a digit does not start
one); `$1` parameters; numbers; runs of operator characters as one operator;
`::` as one token. Unterminated strings and comments run to the end of the
text (the server reports them; a scanner must not loop or lose text).
"""

import re
from dataclasses import dataclass
from enum import Enum

__all__ = ["Token", "TokenKind", "lex", "significant"]


class TokenKind(Enum):
    SPACE = "space"
    COMMENT = "comment"
    WORD = "word"  # a keyword or an unquoted name
    QUOTED = "quoted"  # a "quoted identifier": always a name, never a keyword
    STRING = "string"  # any string constant, dollar-quoted bodies included
    NUMBER = "number"
    PARAM = "param"  # $1
    PUNCT = "punct"  # ( ) [ ] , ; . : ::  and operators (=, <>, ->>, ...)


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str  # exactly as written, quotes and comment markers included
    start: int  # offset of the first character in the source
    line: int  # 1-based line of the first character

    @property
    def upper(self) -> str:
        """The keyword this token can be; empty for anything but a bare word."""
        return self.text.upper() if self.kind is TokenKind.WORD else ""

    @property
    def name(self) -> str:
        """The name a word or quoted identifier stands for (unquoted names fold to lower)."""
        if self.kind is TokenKind.QUOTED:
            body = self.text[3:] if self.text[:2] in ("U&", "u&") else self.text[1:]
            return body[:-1].replace('""', '"') if body.endswith('"') else body
        return self.text.lower()

    @property
    def value(self) -> str:
        """The content of a string, a comment or a quoted name, without its delimiters."""
        if self.kind is TokenKind.STRING:
            return _string_value(self.text)
        if self.kind is TokenKind.COMMENT:
            return self.text[2:] if self.text.startswith("--") else self.text[2:-2]
        if self.kind is TokenKind.QUOTED:
            return self.name
        return self.text


_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*")
_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_PARAM = re.compile(r"\$\d+")
_DOLLAR = re.compile(r"\$(?:[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_\u0080-\U0010ffff]*)?\$")
_OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?"
_STRING_PREFIX = re.compile(r"(?:[EeBbXxNn]|[Uu]&)'")
_DOLLAR_BODY = re.compile(r"^\$([^$]*)\$(?P<body>.*)\$\1\$$", re.DOTALL)


def _quoted_end(sql: str, start: int, quote: str, backslashes: bool) -> int:
    """Index just past the quote closing the literal whose opening quote is at `start`."""
    i = start + 1
    while i < len(sql):
        ch = sql[i]
        if backslashes and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if i + 1 < len(sql) and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return len(sql)


def _comment_end(sql: str, start: int) -> int:
    """Index just past the `*/` closing the (possibly nested) comment opening at `start`."""
    depth, i = 0, start
    while i < len(sql) - 1:
        pair = sql[i : i + 2]
        if pair == "/*":
            depth += 1
            i += 2
        elif pair == "*/":
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(sql)


def _operator_end(sql: str, start: int) -> int:
    i = start
    while i < len(sql) and sql[i] in _OPERATOR_CHARS:
        if sql.startswith(("--", "/*"), i) and i > start:
            break  # a comment starts inside the run: the operator ends before it
        i += 1
    # PostgreSQL: a multi-character operator ends in + or - only if it holds one of
    # ~ ! @ # % ^ & | ` ?, so `*-1` is `*` then `-1`.
    while i - start > 1 and sql[i - 1] in "+-" and not any(c in "~!@#%^&|`?" for c in sql[start:i]):
        i -= 1
    return max(i, start + 1)


def _after_word(sql: str, i: int) -> bool:
    """sql[i] continues a word or a number, so `$` there is not a dollar quote."""
    return i > 0 and (sql[i - 1].isalnum() or sql[i - 1] in "_$")


def _next(sql: str, i: int) -> tuple[TokenKind, int]:
    """The kind of the token starting at `i`, and where it ends."""
    ch = sql[i]
    if m := _SPACE.match(sql, i):
        return TokenKind.SPACE, m.end()
    if sql.startswith("--", i):
        end = sql.find("\n", i)
        return TokenKind.COMMENT, len(sql) if end < 0 else end
    if sql.startswith("/*", i):
        return TokenKind.COMMENT, _comment_end(sql, i)
    if (m := _STRING_PREFIX.match(sql, i)) and not _after_word(sql, i):
        quote = m.end() - 1
        return TokenKind.STRING, _quoted_end(sql, quote, "'", ch in "Ee")
    if ch == "'":
        return TokenKind.STRING, _quoted_end(sql, i, "'", False)
    if sql.startswith(('U&"', 'u&"'), i) and not _after_word(sql, i):
        return TokenKind.QUOTED, _quoted_end(sql, i + 2, '"', False)
    if ch == '"':
        return TokenKind.QUOTED, _quoted_end(sql, i, '"', False)
    if ch == "$" and not _after_word(sql, i):
        if m := _PARAM.match(sql, i):
            return TokenKind.PARAM, m.end()
        if m := _DOLLAR.match(sql, i):
            close = sql.find(m.group(0), m.end())
            return TokenKind.STRING, len(sql) if close < 0 else close + len(m.group(0))
    if m := _WORD.match(sql, i):
        return TokenKind.WORD, m.end()
    if m := _NUMBER.match(sql, i):
        return TokenKind.NUMBER, m.end()
    if sql.startswith("::", i):
        return TokenKind.PUNCT, i + 2
    if ch in _OPERATOR_CHARS:
        return TokenKind.PUNCT, _operator_end(sql, i)
    return TokenKind.PUNCT, i + 1


def lex(sql: str) -> list[Token]:
    """Every token of `sql`, spaces and comments included, in order."""
    tokens: list[Token] = []
    i, line = 0, 1
    while i < len(sql):
        kind, end = _next(sql, i)
        text = sql[i:end]
        tokens.append(Token(kind, text, i, line))
        line += text.count("\n")
        i = end
    return tokens


def significant(tokens: list[Token]) -> list[Token]:
    """The tokens that are neither spaces nor comments."""
    return [t for t in tokens if t.kind not in (TokenKind.SPACE, TokenKind.COMMENT)]


def _string_value(text: str) -> str:
    if text.startswith("$"):
        m = _DOLLAR_BODY.match(text)
        return m["body"] if m else text
    quote = text.index("'")
    body = text[quote + 1 :]
    body = body[:-1] if body.endswith("'") and len(body) > 0 else body
    return body.replace("''", "'")
