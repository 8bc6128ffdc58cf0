"""An index, as the advisor thinks of it: a table, key expressions, INCLUDE columns, a WHERE.

The same `IndexSpec` describes an index that exists (read from the catalog)
and one that is only proposed, so the two compare: `covers` says whether an
index already serves what a candidate would (same leading keys, no narrower
predicate), `prefix_of` whether one index is made redundant by another (the
consolidation rule). Expressions are compared in one normal form (sqlglot's
PostgreSQL rendering, functions in lower case, `'x'::text` casts of literals
dropped), so `lower(email)` from `pg_get_indexdef` equals `LOWER(email)`
parsed from a query.
"""

import functools
import hashlib
import re
from dataclasses import dataclass

import sqlglot
import sqlglot.errors
from sqlglot import expressions as exp

__all__ = ["IndexKey", "IndexSpec", "conjuncts", "normal_sql", "quote_ident"]

_PLAIN_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_MAX_NAME = 63  # NAMEDATALEN - 1
_TEXT_TYPES = {"text", "varchar", "character varying"}


def quote_ident(name: str) -> str:
    """An identifier as PostgreSQL reads it: bare when it is plain lower case, else quoted."""
    if _PLAIN_IDENT.match(name) and name.upper() not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


_RESERVED = {"USER", "ORDER", "GROUP", "TABLE", "SELECT", "WHERE", "LIMIT", "OFFSET", "DESC"}


@functools.lru_cache(maxsize=4096)
def normal_sql(text: str) -> str:
    """`text` (an expression or predicate) in the one form used to compare them."""
    try:
        tree = sqlglot.parse_one(text, read="postgres")
    except sqlglot.errors.SqlglotError:
        return " ".join(text.lower().split())

    for node in list(tree.find_all(exp.Cast, exp.Paren, exp.Column)):
        if isinstance(node, exp.Column):
            node.set("table", None)
        elif isinstance(node, exp.Paren) or (
            isinstance(node, exp.Cast)
            and isinstance(node.this, exp.Literal)
            and node.to.sql(dialect="postgres").lower() in _TEXT_TYPES | {"jsonb"}
        ):
            if node is tree:
                tree = node.this
            else:
                node.replace(node.this)
    return str(tree.sql(dialect="postgres", normalize_functions="lower"))


def conjuncts(text: str) -> frozenset[str]:
    """The AND-ed parts of a predicate, each in normal form."""
    try:
        tree = sqlglot.parse_one(text, read="postgres")
    except sqlglot.errors.SqlglotError:
        return frozenset({normal_sql(text)})
    while isinstance(tree, exp.Paren):
        tree = tree.this
    parts = tree.flatten() if isinstance(tree, exp.And) else [tree]
    return frozenset(normal_sql(part.sql(dialect="postgres")) for part in parts)


@dataclass(frozen=True, slots=True)
class IndexKey:
    """One key of an index: a column or an expression, its direction and NULLS placement."""

    expression: str  # a column name, or an expression as SQL (without table aliases)
    descending: bool = False
    nulls_first: bool | None = None  # None: the default (NULLS LAST ascending, FIRST descending)

    @property
    def is_column(self) -> bool:
        return _PLAIN_IDENT.match(self.expression) is not None or self.expression.startswith('"')

    @property
    def normal(self) -> tuple[str, bool, bool]:
        nulls_first = self.descending if self.nulls_first is None else self.nulls_first
        return (normal_sql(self.expression), self.descending, nulls_first)

    def reversed(self) -> "IndexKey":
        nulls_first = self.descending if self.nulls_first is None else self.nulls_first
        return IndexKey(self.expression, not self.descending, not nulls_first)

    def _order(self) -> str:
        text = " DESC" if self.descending else ""
        if self.nulls_first is not None and self.nulls_first != self.descending:
            text += " NULLS FIRST" if self.nulls_first else " NULLS LAST"
        return text

    def sql(self) -> str:
        """As written in CREATE INDEX: `created_at DESC`, `(lower(email))`."""
        return (self.expression if self.is_column else f"({self.expression})") + self._order()

    def written(self) -> str:
        """As the JSON `columns` lists it: the expression, with ` DESC` when descending."""
        return self.expression + self._order()


@dataclass(frozen=True, slots=True)
class IndexSpec:
    """A B-tree index on a table: keys, INCLUDE columns and an optional predicate."""

    schema: str
    table: str
    keys: tuple[IndexKey, ...]
    include: tuple[str, ...] = ()
    where: str | None = None
    method: str = "btree"
    unique: bool = False

    @property
    def qualified_table(self) -> str:
        return f"{quote_ident(self.schema)}.{quote_ident(self.table)}"

    @property
    def normal_where(self) -> str | None:
        return None if self.where is None else normal_sql(self.where)

    def columns_read(self) -> frozenset[str]:
        """The table columns the index holds: keys, INCLUDE and predicate columns (for HOT)."""
        names: set[str] = set(self.include)
        for text in [k.expression for k in self.keys] + ([self.where] if self.where else []):
            try:
                tree = sqlglot.parse_one(text, read="postgres")
            except sqlglot.errors.SqlglotError:
                continue
            names.update(c.name for c in tree.find_all(exp.Column))
        return frozenset(names)

    def prefix_of(self, other: "IndexSpec") -> bool:
        """True when `other` makes this index redundant: same table and predicate, and
        this index's keys lead `other`'s (read either way), its INCLUDE columns held there."""
        if (self.schema, self.table, self.method) != (other.schema, other.table, other.method):
            return False
        if self.normal_where != other.normal_where or len(self.keys) > len(other.keys):
            return False
        if self.unique and not (other.unique and len(other.keys) == len(self.keys)):
            return False
        lead = other.keys[: len(self.keys)]
        forward = [k.normal for k in self.keys] == [k.normal for k in lead]
        backward = [k.reversed().normal for k in self.keys] == [k.normal for k in lead]
        if not (forward or backward):
            return False
        held = {normal_sql(k.expression) for k in other.keys} | set(other.include)
        return set(self.include) <= held

    def covers(
        self, candidate: "IndexSpec", equality: int, implied: frozenset[str] = frozenset()
    ) -> bool:
        """True when this index already serves `candidate`'s searches: its first `equality`
        keys are the candidate's equality keys in any order, the rest follow as in the
        candidate (or all reversed), and its predicate is none, the candidate's, or made of
        predicates the statement always applies (`implied`, in normal form). INCLUDE
        columns do not count: widening an index that exists is not new advice."""
        if (self.schema, self.table) != (candidate.schema, candidate.table):
            return False
        if self.method != "btree" or len(self.keys) < len(candidate.keys):
            return False
        if (
            self.where is not None
            and self.normal_where != candidate.normal_where
            and not conjuncts(self.where) <= implied
        ):
            return False
        equal = {normal_sql(k.expression) for k in candidate.keys[:equality]}
        if {normal_sql(k.expression) for k in self.keys[:equality]} != equal:
            return False
        rest = candidate.keys[equality:]
        mine = self.keys[equality : len(candidate.keys)]
        forward = [k.normal for k in rest] == [k.normal for k in mine]
        backward = [k.reversed().normal for k in rest] == [k.normal for k in mine]
        return forward or backward

    def default_name(self) -> str:
        """`<table>_<keys>_idx`, within PostgreSQL's 63 characters."""
        words: list[str] = []
        for key in self.keys:
            words.extend(re.findall(r"[a-z0-9]+", key.expression.lower().split("::")[0]))
        name = "_".join([self.table, *words, "partial" if self.where else "", "idx"])
        name = re.sub(r"_+", "_", name)
        if len(name) > _MAX_NAME:
            digest = hashlib.sha1(name.encode()).hexdigest()[:6]
            name = f"{name[: _MAX_NAME - 11]}_{digest}_idx"
        return name

    def definition(self, name: str, *, concurrently: bool = False, only: bool = False) -> str:
        """The CREATE INDEX statement (without the trailing semicolon)."""
        words = ["CREATE", "UNIQUE INDEX" if self.unique else "INDEX"]
        if concurrently:
            words.append("CONCURRENTLY")
        words += [quote_ident(name), "ON"]
        if only:
            words.append("ONLY")
        target = quote_ident(self.table) if self.schema == "public" else self.qualified_table
        text = " ".join(words) + f" {target}"
        if self.method != "btree":
            text += f" USING {self.method}"
        text += " (" + ", ".join(k.sql() for k in self.keys) + ")"
        if self.include:
            text += " INCLUDE (" + ", ".join(quote_ident(c) for c in self.include) + ")"
        if self.where:
            text += f" WHERE {self.where}"
        return text

    def columns_written(self) -> list[str]:
        return [k.written() for k in self.keys]
