"""Renaming inside PostgreSQL's printed definitions, as PostgreSQL itself would print them.

After `ALTER TABLE a RENAME TO b` PostgreSQL prints every view, constraint,
index, trigger and policy that uses the table with the new name (they hold
the table's OID, not its name). A rename hint makes the current catalog look
as it will after the rename, so its objects compare equal to the desired
ones; this module changes the names in their definitions, token by token:
string literals and dollar-quoted bodies are left alone (a plpgsql body is
stored as written and keeps the old name, so the function is replaced),
except a `'schema.name'::regclass` literal, which PostgreSQL prints from the
OID. A missed spot costs nothing but a recreated object: the diff then sees
a difference and recreates it.
"""

from collections.abc import Callable

from primedb.catalog.quote import ident, literal
from primedb.sqllex import TokenKind, lex

__all__ = ["rename_column", "rename_qualified", "rename_referenced_columns"]

Token = tuple[str, str]  # (kind, text): word, quoted, string, space, other

_KINDS = {
    TokenKind.WORD: "word",
    TokenKind.QUOTED: "quoted",
    TokenKind.STRING: "string",
    TokenKind.SPACE: "space",
    TokenKind.COMMENT: "space",
}
_CAST = ("other", "::")


def tokens(sql: str) -> list[Token]:
    """The tokens of `sql` as (kind, text) pairs that can be replaced in place."""
    return [(_KINDS.get(t.kind, "other"), t.text) for t in lex(sql)]


def _name(token: Token) -> str | None:
    kind, text = token
    if kind == "word":
        return text.lower()
    if kind == "quoted":
        return text[1:-1].replace('""', '"')
    return None


def _join(toks: list[Token]) -> str:
    return "".join(text for _, text in toks)


def _next(toks: list[Token], i: int) -> int:
    """Index of the next token after i that is not a space (len(toks) if none)."""
    j = i + 1
    while j < len(toks) and toks[j][0] == "space":
        j += 1
    return j


def _prev(toks: list[Token], i: int) -> int:
    j = i - 1
    while j >= 0 and toks[j][0] == "space":
        j -= 1
    return j


def _alias_at(toks: list[Token], i: int) -> bool:
    """Token i qualifies a column (`name.column`), and is not itself qualified or a schema."""
    if i > 0 and toks[i - 1] == ("other", "."):
        return False
    if not (i + 2 < len(toks) and toks[i + 1] == ("other", ".")):
        return False
    if toks[i + 2][0] not in ("word", "quoted"):
        return False
    return not (i + 3 < len(toks) and toks[i + 3] == ("other", "."))  # schema.table.column


def rename_qualified(
    sql: str | None, schema: str, old: str, new: str, *, aliases: bool = False
) -> str | None:
    """`schema.old` becomes `schema.new`; so does a `'schema.old'::regclass` literal.

    With `aliases` (a renamed relation), `old.column` becomes `new.column` too.
    """
    if not sql or old not in sql:
        return sql
    toks = tokens(sql)
    regclass = literal(f"{ident(schema)}.{ident(old)}")
    for i, tok in enumerate(toks):
        if (
            _name(tok) == old
            and i >= 2
            and toks[i - 1] == ("other", ".")
            and (_name(toks[i - 2]) == schema)
        ):
            toks[i] = ("word", ident(new))
        elif aliases and _name(tok) == old and _alias_at(toks, i):
            # `old.column`: a relation's name is its default alias, and the
            # alias follows the rename.
            toks[i] = ("word", ident(new))
        elif tok == ("string", regclass):
            j = _next(toks, i)
            if j < len(toks) and toks[j] == _CAST:
                k = _next(toks, j)
                if k < len(toks) and _name(toks[k]) == "regclass":
                    toks[i] = ("string", literal(f"{ident(schema)}.{ident(new)}"))
    return _join(toks)


def _bare(toks: list[Token], i: int, qualifiers: frozenset[str]) -> bool:
    """Token i is a bare column reference (or one qualified by one of `qualifiers`)."""
    p = _prev(toks, i)
    if p >= 0 and toks[p] == ("other", "."):
        q = _prev(toks, p)
        return q >= 0 and _name(toks[q]) in qualifiers
    if p >= 0 and toks[p] == _CAST:
        return False  # a type after ::
    n = _next(toks, i)
    return not (n < len(toks) and toks[n] == ("other", "("))  # a function call


def rename_column(
    sql: str | None, old: str, new: str, qualifiers: frozenset[str] = frozenset()
) -> str | None:
    """Bare references to column `old` (or `q.old` for q in `qualifiers`) become `new`."""
    if not sql or old not in sql:
        return sql
    toks = tokens(sql)
    for i, tok in enumerate(toks):
        if _name(tok) == old and _bare(toks, i, qualifiers):
            toks[i] = ("word", ident(new))
    return _join(toks)


def _map_parenthesized_after(
    sql: str, start_pred: Callable[[list[Token], int], bool], old: str, new: str
) -> str:
    toks = tokens(sql)
    i = 0
    while i < len(toks):
        if start_pred(toks, i):
            j = _next(toks, i)
            if j < len(toks) and toks[j] == ("other", "("):
                depth = 0
                k = j
                while k < len(toks):
                    if toks[k] == ("other", "("):
                        depth += 1
                    elif toks[k] == ("other", ")"):
                        depth -= 1
                        if depth == 0:
                            break
                    elif _name(toks[k]) == old:
                        toks[k] = ("word", ident(new))
                    k += 1
                i = k
        i += 1
    return _join(toks)


def rename_referenced_columns(
    sql: str | None, schema: str, table: str, old: str, new: str
) -> str | None:
    """In `REFERENCES schema.table(cols)`, column `old` becomes `new`."""
    if not sql or old not in sql:
        return sql

    def at_table(toks: list[Token], i: int) -> bool:
        return (
            _name(toks[i]) == table
            and i >= 2
            and toks[i - 1] == ("other", ".")
            and _name(toks[i - 2]) == schema
        )

    return _map_parenthesized_after(sql, at_table, old, new)


def rename_in_lists_after(sql: str | None, word: str, old: str, new: str) -> str | None:
    """In `<word> (cols)` (e.g. `FOREIGN KEY (cols)`), column `old` becomes `new`."""
    if not sql or old not in sql:
        return sql

    def at_word(toks: list[Token], i: int) -> bool:
        return toks[i][0] == "word" and toks[i][1].upper() == word

    return _map_parenthesized_after(sql, at_word, old, new)
