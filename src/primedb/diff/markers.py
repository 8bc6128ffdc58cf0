"""Rename markers in schema files: `-- primedb: renamed from <old name>`.

The marker goes on a line of its own, right before what was renamed:

    -- primedb: renamed from customers
    CREATE TABLE clients (
        id bigint PRIMARY KEY,
        -- primedb: renamed from full_name
        name text NOT NULL,
        -- primedb: renamed from customers_email_key
        CONSTRAINT clients_email_key UNIQUE (email)
    );

It names the old name only (unqualified: the schema, and the table of a
column or a constraint, are those of what follows). It can precede a `CREATE
TABLE`, a column or a `CONSTRAINT` inside one, `CREATE [UNIQUE] INDEX`,
`CREATE [MATERIALIZED] VIEW`, `CREATE SEQUENCE`, `CREATE TYPE ... AS ENUM`,
or `ALTER TABLE ... ADD CONSTRAINT`. Once the rename has been applied the
marker is ignored (the old name is gone), so it may stay in the file.
Anything else after a marker is an error naming the file and line.
"""

import re
from pathlib import Path

from primedb.diff.renames import Rename, RenameKind
from primedb.errors import BadInput
from primedb.sqllex import Token, TokenKind, lex

__all__ = ["file_renames", "schema_renames"]

_MARKER = re.compile(
    r'^--\s*primedb:\s*renamed\s+from\s+(?P<old>"(?:[^"]|"")+"|\S+)\s*$', re.IGNORECASE
)
_ELEMENT_KEYWORDS = frozenset({"PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"})
_NAMES = (TokenKind.WORD, TokenKind.QUOTED)


def _scan(text: str) -> tuple[list[Token], list[tuple[int, str, int]]]:
    """Significant tokens, and the markers as (line, old name, index of the next token)."""
    toks: list[Token] = []
    markers: list[tuple[int, str, int]] = []
    for token in lex(text):
        if token.kind is TokenKind.COMMENT:
            if m := _MARKER.match(token.text.strip()):
                markers.append((token.line, m["old"], len(toks)))
        elif token.kind is not TokenKind.SPACE:
            toks.append(token)
    return toks, markers


def _name_at(toks: list[Token], i: int) -> tuple[list[str], int]:
    """A possibly qualified name starting at token i: its parts and the index after it."""
    parts: list[str] = []
    while i < len(toks) and toks[i].kind in _NAMES:
        parts.append(toks[i].name)
        if i + 1 < len(toks) and toks[i + 1].text == ".":
            i += 2
            continue
        return parts, i + 1
    return parts, i


def _skip(toks: list[Token], i: int, *words: str) -> int:
    """Skip `words` (all of them, in order) when they are next."""
    n = len(words)
    if [t.upper for t in toks[i : i + n]] == list(words):
        return i + n
    return i


def _schema_and_name(parts: list[str]) -> tuple[str, str]:
    return (parts[0], parts[1]) if len(parts) == 2 else ("public", parts[-1])


def _statement_rename(toks: list[Token], i: int, old: str) -> Rename | None:
    words = [t.upper for t in toks[i : i + 4]]
    if words[:1] == ["CREATE"]:
        j = _skip(toks, i + 1, "OR", "REPLACE")
        j = _skip(toks, j, "UNLOGGED")
        j = _skip(toks, j, "UNIQUE")
        kind_word = toks[j].upper if j < len(toks) else ""
        kinds = {
            "TABLE": RenameKind.TABLE,
            "INDEX": RenameKind.INDEX,
            "VIEW": RenameKind.VIEW,
            "MATERIALIZED": RenameKind.VIEW,
            "SEQUENCE": RenameKind.SEQUENCE,
            "TYPE": RenameKind.ENUM,
        }
        kind = kinds.get(kind_word)
        if kind is None:
            return None
        j += 2 if kind_word == "MATERIALIZED" else 1
        j = _skip(toks, j, "CONCURRENTLY")
        j = _skip(toks, j, "IF", "NOT", "EXISTS")
        parts, _ = _name_at(toks, j)
        if not parts:
            return None
        schema, name = _schema_and_name(parts)
        if kind is RenameKind.INDEX:
            on = next((k for k in range(j, len(toks)) if toks[k].upper == "ON"), None)
            if on is not None:
                table_parts, _ = _name_at(toks, _skip(toks, on + 1, "ONLY"))
                schema = _schema_and_name(table_parts)[0] if table_parts else schema
        return Rename(kind=kind, schema=schema, old=old, new=name)
    if words[:2] == ["ALTER", "TABLE"]:
        j = _skip(toks, i + 2, "IF", "EXISTS")
        j = _skip(toks, j, "ONLY")
        parts, j = _name_at(toks, j)
        if parts and [t.upper for t in toks[j : j + 2]] == ["ADD", "CONSTRAINT"]:
            constraint, _ = _name_at(toks, j + 2)
            schema, table = _schema_and_name(parts)
            if constraint:
                return Rename(
                    kind=RenameKind.CONSTRAINT,
                    schema=schema,
                    table=table,
                    old=old,
                    new=constraint[0],
                )
    return None


def file_renames(text: str, origin: str) -> list[Rename]:
    """The rename markers of one schema file (`origin` names it in messages)."""
    toks, markers = _scan(text)
    if not markers:
        return []
    # Where statements start, and the element starts inside CREATE TABLE bodies.
    statement_start: set[int] = {0}
    element_of: dict[int, tuple[str, str]] = {}
    depth = 0
    table: tuple[str, str] | None = None
    start = 0
    for i, tok in enumerate(toks):
        if tok.text == ";" and tok.kind is TokenKind.PUNCT and depth == 0:
            statement_start.add(i + 1)
            table, start = None, i + 1
        elif tok.text == "(" and tok.kind is TokenKind.PUNCT:
            depth += 1
            if depth == 1 and table is None and i == _body_open(toks, start):
                parts, _ = _name_at(toks, _table_name_at(toks, start))
                table = _schema_and_name(parts)
            if depth == 1 and table is not None:
                element_of[i + 1] = table
        elif tok.text == ")" and tok.kind is TokenKind.PUNCT:
            depth -= 1
        elif tok.text == "," and depth == 1 and table is not None:
            element_of[i + 1] = table
    found: list[Rename] = []
    for line, old, at in markers:
        where = f"{origin}:{line}"
        hint: Rename | None = None
        if at < len(toks) and at in statement_start:
            hint = _statement_rename(toks, at, _plain(old))
        elif at in element_of:
            schema, table_name = element_of[at]
            first = toks[at]
            if first.upper == "CONSTRAINT":
                parts, _ = _name_at(toks, at + 1)
                if parts:
                    hint = Rename(
                        kind=RenameKind.CONSTRAINT,
                        schema=schema,
                        table=table_name,
                        old=_plain(old),
                        new=parts[0],
                    )
            elif first.kind in _NAMES and first.upper not in _ELEMENT_KEYWORDS:
                hint = Rename(
                    kind=RenameKind.COLUMN,
                    schema=schema,
                    table=table_name,
                    old=_plain(old),
                    new=first.name,
                )
        if hint is None:
            raise BadInput(
                f"{where}: a rename marker must come right before a CREATE TABLE, a column or "
                "CONSTRAINT in it, CREATE INDEX, CREATE VIEW, CREATE SEQUENCE, CREATE TYPE or "
                "ALTER TABLE ... ADD CONSTRAINT; move it or remove it"
            )
        found.append(
            Rename(
                kind=hint.kind,
                schema=hint.schema,
                table=hint.table,
                old=hint.old,
                new=hint.new,
                origin=where,
            )
        )
    return found


def _plain(old: str) -> str:
    """The old name as PostgreSQL stores it (unquoted names fold to lower case)."""
    if old.startswith('"') and old.endswith('"') and len(old) > 1:
        return old[1:-1].replace('""', '"')
    return old.lower()


def _table_name_at(toks: list[Token], start: int) -> int:
    j = _skip(toks, start, "CREATE")
    for word in ("GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED"):
        j = _skip(toks, j, word)
    j = _skip(toks, j, "TABLE")
    return _skip(toks, j, "IF", "NOT", "EXISTS")


def _body_open(toks: list[Token], start: int) -> int:
    """The index of the `(` opening a CREATE TABLE's body at `start`, or -1."""
    words = [t.upper for t in toks[start : start + 6]]
    if not words or words[0] != "CREATE" or "TABLE" not in words:
        return -1
    parts, j = _name_at(toks, _table_name_at(toks, start))
    if not parts or j >= len(toks) or toks[j].text != "(":
        return -1
    return j


def schema_renames(schema_dir: Path) -> list[Rename]:
    """Every rename marker of the schema files (`*.sql`, in file-name order)."""
    found: list[Rename] = []
    for path in sorted(schema_dir.glob("*.sql")):
        found.extend(file_renames(path.read_text(), str(path)))
    return found
