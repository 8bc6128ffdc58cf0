"""SQL text as statements of words: what the lint rules read, from `primedb.sqllex`.

Every decision of the lint is made on tokens, never on raw text: a keyword
inside a string literal, a quoted identifier or a comment is not a keyword.
A word knows whether it was quoted (`"DROP"` is a name) and whether it is a
string; statements split at top-level semicolons, except inside a
`BEGIN ATOMIC ... END` function body. A statement's comments are those inside
it, those before it (after the previous statement) and one on the line of
its semicolon.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from primedb.sqllex import Token, TokenKind, lex

__all__ = ["Kind", "SqlStatement", "Word", "render", "split_statements"]


class Kind(Enum):
    WORD = "word"  # keyword or unquoted name: compared by `upper`
    QUOTED = "quoted"  # "Quoted" identifier: a name, never a keyword
    STRING = "string"  # any string literal, $$ bodies included
    NUMBER = "number"
    PUNCT = "punct"  # ( ) , . ; = :: and the other operators


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as written, without quotes for quoted names and strings
    kind: Kind

    @property
    def upper(self) -> str:
        """The keyword this word can be; empty for names in quotes, strings, numbers."""
        return self.text.upper() if self.kind is Kind.WORD else ""

    def is_(self, *keywords: str) -> bool:
        return self.upper in keywords

    @property
    def is_name(self) -> bool:
        return self.kind in (Kind.WORD, Kind.QUOTED)

    def sql(self) -> str:
        """The word back as SQL (quoted names and strings re-quoted)."""
        if self.kind is Kind.QUOTED:
            return '"' + self.text.replace('"', '""') + '"'
        if self.kind is Kind.STRING:
            return "'" + self.text.replace("'", "''") + "'"
        return self.text


def render(words: Sequence[Word]) -> str:
    """Words back as compact SQL: `varchar(40)`, `s.t`, `f(a, b)`."""
    out = ""
    for word in words:
        text = word.sql()
        after_opening = out.endswith(("(", ".", "["))
        closing = word.text in (")", ",", ".", "]")
        call = word.text in ("(", "[") and (out[-1:].isalnum() or out.endswith(('"', "_")))
        out += text if not out or after_opening or closing or call else " " + text
    return out


@dataclass(frozen=True, slots=True)
class SqlStatement:
    """One statement: its words, its text, the line it starts on, its comments."""

    words: tuple[Word, ...]
    text: str
    line: int
    comments: tuple[str, ...]

    def summary(self, width: int = 80) -> str:
        flat = " ".join(self.text.split())
        return flat if len(flat) <= width else flat[: width - 3] + "..."


_KINDS = {
    TokenKind.WORD: Kind.WORD,
    TokenKind.QUOTED: Kind.QUOTED,
    TokenKind.STRING: Kind.STRING,
    TokenKind.NUMBER: Kind.NUMBER,
}


def _word(token: Token) -> Word:
    kind = _KINDS.get(token.kind, Kind.PUNCT)
    text = token.value if kind in (Kind.QUOTED, Kind.STRING) else token.text
    return Word(text, kind)


_QUIET = (TokenKind.SPACE, TokenKind.COMMENT)


def split_statements(text: str) -> tuple[SqlStatement, ...]:
    """The statements of `text`, in order."""
    tokens = lex(text)
    statements: list[SqlStatement] = []
    current: list[Token] = []  # the statement's significant tokens
    comments: list[Token] = []  # comments since the previous statement ended
    atomic = 0  # depth inside BEGIN ATOMIC ... END, where ; does not end the statement
    ended: SqlStatement | None = None  # the statement whose `;` is on this line
    for index, token in enumerate(tokens):
        if token.kind is TokenKind.SPACE:
            if "\n" in token.text:
                ended = None
            continue
        if token.kind is TokenKind.COMMENT:
            if ended is not None and not current:
                # `...; -- primedb: allow ...` belongs to the statement it ends.
                statements[-1] = ended = _with_comment(ended, token)
            else:
                comments.append(token)
            continue
        body_starts = token.upper == "BEGIN" and _next_upper(tokens, index) == "ATOMIC"
        if (body_starts and _in_routine(current)) or (atomic and token.upper == "CASE"):
            atomic += 1
        elif atomic and token.upper == "END":
            atomic -= 1
        if token.text == ";" and not atomic:
            if current:
                ended = _statement(text, current, token, comments)
                statements.append(ended)
            current, comments = [], []
            continue
        current.append(token)
    if current:
        statements.append(_statement(text, current, None, comments))
    return tuple(statements)


def _next_upper(tokens: list[Token], index: int) -> str:
    """The keyword of the next significant token after `index`."""
    for token in tokens[index + 1 :]:
        if token.kind not in _QUIET:
            return token.upper
    return ""


def _in_routine(tokens: list[Token]) -> bool:
    heads = [t.upper for t in tokens[:6]]
    return "CREATE" in heads[:1] and ("FUNCTION" in heads or "PROCEDURE" in heads)


def _statement(
    text: str, tokens: list[Token], semicolon: Token | None, comments: list[Token]
) -> SqlStatement:
    start = tokens[0].start
    end = semicolon.start if semicolon is not None else len(text)
    return SqlStatement(
        words=tuple(_word(t) for t in tokens),
        text=text[start:end].strip(),
        line=tokens[0].line,
        comments=tuple(t.value for t in comments),
    )


def _with_comment(statement: SqlStatement, comment: Token) -> SqlStatement:
    return SqlStatement(
        words=statement.words,
        text=statement.text,
        line=statement.line,
        comments=(*statement.comments, comment.value),
    )
