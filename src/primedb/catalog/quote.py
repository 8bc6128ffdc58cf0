"""Quoting identifiers and literals the way PostgreSQL's own `quote_ident` does.

`psycopg.sql.Identifier` always adds double quotes; the definitions PostgreSQL
returns (`pg_get_constraintdef`, `pg_get_indexdef`, ...) quote only when needed.
The DDL primedb renders mixes both, so it quotes like PostgreSQL: a name is
left bare when it is lower-case ASCII letters, digits and `_` (no leading digit) and
not a keyword other than an unreserved one; otherwise it is double-quoted with
inner quotes doubled. "Lower-case ASCII ... only" is a full match: a name with
a trailing newline is quoted like any other. Literals are standard SQL strings
(`'it''s'`), which is what they are with `standard_conforming_strings = on`,
the default since PostgreSQL 9.1 (the dump sets it explicitly). A dollar-quoted
body gets a tag that does not occur in it, so no name or string inside can end
it early.
"""

import re

__all__ = ["comment_line", "dollar_quoted", "ident", "literal", "qualified"]

_BARE = re.compile(r"^[a-z_][a-z0-9_]*$")

# PostgreSQL 15's keywords that are not unreserved (pg_get_keywords() where
# catcode <> 'U'): as bare identifiers they would not parse, or parse as syntax.
_KEYWORDS = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization between bigint binary
    bit boolean both case cast char character check coalesce collate collation column
    concurrently constraint create cross current_catalog current_date current_role
    current_schema current_time current_timestamp current_user dec decimal default deferrable
    desc distinct do else end except exists extract false fetch float for foreign freeze from
    full grant greatest group grouping having ilike in initially inner inout int integer
    intersect interval into is isnull join lateral leading least left like limit localtime
    localtimestamp national natural nchar none normalize not notnull null nullif numeric offset
    on only or order out outer overlaps overlay placing position precision primary real
    references returning right row select session_user setof similar smallint some substring
    symmetric table tablesample then time timestamp to trailing treat trim true union unique
    user using values varchar variadic verbose when where window with xmlattributes xmlconcat
    xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
    """.split()  # noqa: SIM905 (a word list reads better than 150 quoted strings)
)


def ident(name: str) -> str:
    """`accounts` stays bare, `Order Items` becomes `"Order Items"`, `user` becomes `"user"`."""
    if _BARE.fullmatch(name) and name not in _KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    """`public.accounts`, each part quoted as needed."""
    return f"{ident(schema)}.{ident(name)}"


def literal(value: str | None) -> str:
    """A string literal (`NULL` for None), safe with standard_conforming_strings on."""
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def dollar_quoted(body: str, tag: str = "primedb") -> str:
    """`$primedb$body$primedb$`, or `$primedb_1$...` when the body holds the first tag."""
    candidate, n = tag, 0
    while f"${candidate}$" in body:
        n += 1
        candidate = f"{tag}_{n}"
    return f"${candidate}${body}${candidate}$"


def comment_line(text: str) -> str:
    """Text for a `-- ...` comment, on one line: a name holding a newline must not end it."""
    return text.replace("\r", "\\r").replace("\n", "\\n")
