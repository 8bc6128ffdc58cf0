"""SQL text as statements of words: what the lint rules read, from sqlglot's tokenizer.

Every decision of the lint is made on tokens, never on raw text: a keyword
inside a string literal, a quoted identifier or a comment is not a keyword.
A word knows whether it was quoted (`"DROP"` is a name) and whether it is a
string; statements split at top-level semicolons, except inside a
`BEGIN ATOMIC ... END` function body. sqlglot hands statements it does not
model (VACUUM, REINDEX, LOCK, ...) over as one string: that string is
tokenized again, so those statements have words too.
"""

from dataclasses import dataclass
from enum import Enum

import sqlglot.errors
from sqlglot.dialects.postgres import Postgres
from sqlglot.tokenizer_core import Token, TokenType

from primedb.errors import BadInput

__all__ = ["Kind", "SqlStatement", "Word", "render", "split_statements", "words_of"]


class Kind(Enum):
    WORD = "word"  # keyword or unquoted name: compared by `upper`
    QUOTED = "quoted"  # "Quoted" identifier: a name, never a keyword
    STRING = "string"  # any string literal, $$ bodies included
    NUMBER = "number"
    PUNCT = "punct"  # ( ) , . ; = :: and the other operators


_STRINGS = frozenset(
    {
        TokenType.STRING,
        TokenType.BIT_STRING,
        TokenType.HEX_STRING,
        TokenType.BYTE_STRING,
        TokenType.NATIONAL_STRING,
        TokenType.RAW_STRING,
        TokenType.HEREDOC_STRING,
        TokenType.UNICODE_STRING,
    }
)
_RETOKENIZED = frozenset({TokenType.COMMAND, TokenType.LOCK})


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


def render(words: "tuple[Word, ...] | list[Word]") -> str:
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


def _tokenize(text: str) -> list[Token]:
    return list(Postgres().tokenizer().tokenize(text))


def words_of(text: str) -> tuple[Word, ...]:
    """The words of a fragment of SQL (a type name, a qualified name)."""
    return tuple(_words(_tokenize(text)))


def _words(tokens: list[Token]) -> list[Word]:
    words: list[Word] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.token_type in _RETOKENIZED:
            words.append(Word(token.text, Kind.WORD))
            rest = tokens[i + 1] if i + 1 < len(tokens) else None
            if rest is not None and rest.token_type is TokenType.STRING:
                words.extend(_words(_tokenize(rest.text)))
                i += 1
        elif token.token_type not in _STRINGS and len(token.text.split()) > 1:
            # sqlglot merges some keyword pairs ("FOREIGN KEY"): keep one word each.
            words.extend(Word(part, Kind.WORD) for part in token.text.split())
        else:
            words.append(_word(token))
        i += 1
    return words


def _word(token: Token) -> Word:
    kind = token.token_type
    if kind in _STRINGS:
        return Word(token.text, Kind.STRING)
    if kind is TokenType.IDENTIFIER:
        return Word(token.text, Kind.QUOTED)
    if kind is TokenType.NUMBER:
        return Word(token.text, Kind.NUMBER)
    if token.text[:1].isalpha() or token.text[:1] == "_":
        return Word(token.text, Kind.WORD)
    return Word(token.text, Kind.PUNCT)


def split_statements(text: str, origin: str) -> tuple[SqlStatement, ...]:
    """The statements of `text`; `origin` names the file in errors."""
    try:
        tokens = _tokenize(text)
    except sqlglot.errors.TokenError as exc:
        raise BadInput(f"{origin}: cannot read the SQL: {exc}; fix it and lint again") from exc
    statements: list[SqlStatement] = []
    current: list[Token] = []
    atomic = 0  # depth inside BEGIN ATOMIC ... END, where ; does not end the statement
    for index, token in enumerate(tokens):
        kind = token.token_type
        body_starts = kind is TokenType.BEGIN and _next_is(tokens, index, "ATOMIC")
        if (body_starts and _in_routine(current)) or (atomic and kind is TokenType.CASE):
            atomic += 1
        elif atomic and kind is TokenType.END:
            atomic -= 1
        if kind is TokenType.SEMICOLON and not atomic:
            if current:
                statements.append(_statement(text, current, token))
            current = []
            continue
        current.append(token)
    if current:
        statements.append(_statement(text, current, None))
    return tuple(statements)


def _next_is(tokens: list[Token], index: int, word: str) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].text.upper() == word


def _in_routine(tokens: list[Token]) -> bool:
    heads = [t.text.upper() for t in tokens[:6]]
    return "CREATE" in heads[:1] and ("FUNCTION" in heads or "PROCEDURE" in heads)


def _statement(text: str, tokens: list[Token], semicolon: Token | None) -> SqlStatement:
    start = tokens[0].start
    # The offsets of a re-tokenized tail are not reliable: end at the semicolon.
    end = semicolon.start if semicolon is not None else len(text)
    comments = [c for t in tokens for c in t.comments]
    if semicolon is not None:
        comments.extend(semicolon.comments)
    return SqlStatement(
        words=tuple(_words(tokens)),
        text=text[start:end].strip(),
        line=text.count("\n", 0, start) + 1,
        comments=tuple(comments),
    )
