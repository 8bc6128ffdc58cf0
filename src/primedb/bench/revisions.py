"""Which indexes the database has, and which revision dropped one it no longer has.

When a plan stops using an index, the first question is whether the index is
still there. If it is not, the revisions applied since the baseline are read
for an upgrade that drops it: `DROP INDEX [CONCURRENTLY] [IF EXISTS] name` or
`ALTER TABLE ... DROP CONSTRAINT name` (a primary key or unique constraint
is an index too) in the SQL strings of its `upgrade()`, or Alembic's
`op.drop_index("name")` / `op.drop_constraint("name", ...)`. The SQL is read
with `primedb.sqllex`, so a name inside a comment or a string does not count.
The answer is a guess, said with a question mark: a revision that drops an
index and creates one of the same name leaves it, and the gate would not ask.
"""

import ast
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg

from primedb.bench.statements import bench_rows
from primedb.errors import PrimedbError
from primedb.migrations.history import History, RevisionInfo
from primedb.sqllex import Token, TokenKind, lex, significant

__all__ = ["SchemaFacts", "dropped_names"]

log = logging.getLogger("primedb")

_OPTIONAL = ("CONCURRENTLY", "IF", "EXISTS")
_ALEMBIC_DROPS = frozenset({"drop_index", "drop_constraint"})
_NAMES = (TokenKind.WORD, TokenKind.QUOTED)


class SchemaFacts:
    """The `IndexFacts` of a live database and its migrations folder (if there is one)."""

    def __init__(
        self,
        conn: psycopg.Connection[Any],
        migrations_dir: Path | None,
        *,
        since: str | None,
        until: str | None,
    ) -> None:
        self._indexes = frozenset(str(r["name"]) for r in bench_rows(conn, "bench_indexes"))
        self._folder = migrations_dir
        self._since, self._until = since, until
        self._drops: dict[str, str] | None = None

    def exists(self, index: str) -> bool:
        return index in self._indexes

    def dropped_in(self, index: str) -> str | None:
        if self._drops is None:
            self._drops = self._read_drops()
        return self._drops.get(index)

    def _read_drops(self) -> dict[str, str]:
        """Index name -> the last revision (since the baseline's) whose upgrade drops it."""
        if self._folder is None or not (self._folder / "env.py").is_file():
            return {}
        try:
            history = History(self._folder)
            revisions = _between(history, self._since, self._until)
        except PrimedbError as exc:
            log.warning("the revisions were not read for dropped indexes: %s", exc)
            return {}
        drops: dict[str, str] = {}
        for revision in revisions:
            for name in dropped_names(revision.path.read_text()):
                drops[name] = revision.label
        return drops


def _between(history: History, since: str | None, until: str | None) -> tuple[RevisionInfo, ...]:
    """The revisions after `since` up to `until` (head when unknown); all when `since` is not
    in the history (a baseline from another line of revisions)."""
    known = {r.revision for r in history.revisions}
    end = until if until in known else history.head
    start = since if since in known else None
    if start is not None and history.position(start) > history.position(end):
        start = None  # the database is older than the baseline: read them all
    return history.upgrades(start, end)


def dropped_names(source: str) -> set[str]:
    """The index and constraint names the `upgrade()` of a revision file drops."""
    tree = ast.parse(source)
    upgrade = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None
    )
    if upgrade is None:
        return set()
    names: set[str] = set()
    for node in ast.walk(upgrade):
        if isinstance(node, ast.Call) and _called(node) in _ALEMBIC_DROPS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.update(_sql_drops(node.value))
    return names


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _sql_drops(sql: str) -> Iterator[str]:
    tokens = significant(lex(sql))
    for i, token in enumerate(tokens):
        if token.upper != "DROP" or i + 1 >= len(tokens):
            continue
        if tokens[i + 1].upper in ("INDEX", "CONSTRAINT"):
            yield from _names_after(tokens, i + 2)


def _names_after(tokens: list[Token], i: int) -> Iterator[str]:
    """The comma-separated, possibly qualified, names from `tokens[i]`: the last part of each."""
    while i < len(tokens) and tokens[i].upper in _OPTIONAL:
        i += 1
    while i < len(tokens) and tokens[i].kind in _NAMES:
        last = tokens[i].name
        i += 1
        while i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].kind in _NAMES:
            last = tokens[i + 1].name
            i += 2
        yield last
        if i >= len(tokens) or tokens[i].text != ",":
            return  # CASCADE, RESTRICT, a semicolon: the list ends
        i += 1
