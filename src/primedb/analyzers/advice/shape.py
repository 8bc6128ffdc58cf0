"""How a statement reaches each table it reads: the raw material of index candidates.

sqlglot parses the statement; each SELECT (the main one, subqueries, CTEs and
set operation branches) is read on its own, with references to tables outside
it treated as values, like parameters. For every table of a SELECT, the
predicates of its WHERE and JOIN conditions are sorted by what an index can do
with them:

- **lookups**: `column = value` (a parameter, an outer column, `now()`), `IN`
  and `= ANY(...)`: equality keys;
- **joins**: `column = other_table.column`: equality keys when the table is
  probed from the other side;
- **ranges**: `<`, `<=`, `>`, `>=`, `BETWEEN` against values; a row-value
  comparison `(a, b) < ($1, $2)` is a **keyset** range on its columns;
- **constants**: predicates naming only this table's columns and constants
  (`status = 'open'`, `read_at IS NULL`, `NOT read`, `rules @> '[...]'`):
  what a partial index's WHERE can hold;
- **order**: the ORDER BY, when all its keys are this table's, with their
  directions and NULLS placement;
- **columns**: every column the statement reads from the table (None when it
  reads them all), which tells whether an index can answer without the heap;
  a column named only by constant predicates is not among them (a partial
  index's WHERE vouches for it).

Expressions (`lower(email)`) are kept as written, without the table alias, so
they can become expression index keys.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from sqlglot import expressions as exp

__all__ = ["SortTerm", "TableAccess", "Term", "table_accesses"]

# Mirror image of each comparison, for `value op column`.
_FLIPPED: dict[type[exp.Expr], type[exp.Expr]] = {
    exp.EQ: exp.EQ,
    exp.LT: exp.GT,
    exp.LTE: exp.GTE,
    exp.GT: exp.LT,
    exp.GTE: exp.LTE,
}
_RANGES = (exp.LT, exp.LTE, exp.GT, exp.GTE)
# What a constant predicate may be built of: no columns, parameters or function calls
# (a function may be volatile, which a partial index predicate cannot hold).
_CONSTANT_PARTS = (
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Cast,
    exp.DataType,
    exp.Array,
    exp.Tuple,
    exp.Paren,
    exp.Neg,
    exp.Identifier,
    exp.Var,
)

# Calls whose value changes between statements (or that sqlglot does not know, so might):
# a partial index predicate cannot hold them.
_VARYING = (
    exp.Anonymous,
    exp.CurrentDate,
    exp.CurrentTime,
    exp.CurrentTimestamp,
    exp.CurrentUser,
    exp.Rand,
)

_T = TypeVar("_T")
ColumnsOf = Callable[[str], frozenset[str] | None]  # a table's columns, None when unknown


@dataclass(frozen=True, slots=True)
class Term:
    """An expression over one table's columns, written without the table's alias."""

    sql: str
    columns: frozenset[str]

    @property
    def is_column(self) -> bool:
        return len(self.columns) == 1 and self.sql == next(iter(self.columns))


@dataclass(frozen=True, slots=True)
class SortTerm:
    term: Term
    descending: bool = False
    nulls_first: bool | None = None  # None: PostgreSQL's default for the direction


@dataclass(frozen=True, slots=True, kw_only=True)
class TableAccess:
    """How one SELECT reads one table."""

    table: str
    schema: str | None
    alias: str
    lookups: tuple[Term, ...] = ()
    joins: tuple[Term, ...] = ()
    ranges: tuple[Term, ...] = ()
    keyset: tuple[Term, ...] = ()
    constants: tuple[str, ...] = ()  # predicates with constants only, SQL without the alias
    constant_keys: tuple[Term, ...] = ()  # the columns of `column = constant` among those
    order: tuple[SortTerm, ...] = ()
    columns: frozenset[str] | None = field(default=None)  # None: all of them (`*`)
    limited: bool = False  # the SELECT has a LIMIT


def table_accesses(
    statement: exp.Expr, columns_of: ColumnsOf, *, literals_are_values: bool = False
) -> tuple[TableAccess, ...]:
    """Every table access of every SELECT in `statement`.

    `literals_are_values`: the statement was written with its values in (ad-hoc
    SQL), so `user_id = 42` is a lookup, not the predicate of a partial index;
    only NULL tests and boolean columns stay constant predicates.
    """
    found: list[TableAccess] = []
    for select in statement.find_all(exp.Select):
        found.extend(_Scope(select, columns_of, literals_are_values).accesses())
    return tuple(found)


@dataclass(slots=True)
class _Facts:
    """What the predicates of one SELECT say about one of its tables, as they are read."""

    lookups: list[Term] = field(default_factory=list)
    joins: list[Term] = field(default_factory=list)
    ranges: list[Term] = field(default_factory=list)
    keyset: tuple[Term, ...] = ()
    constants: list[str] = field(default_factory=list)
    constant_keys: list[Term] = field(default_factory=list)


def _add(bucket: list[_T], value: _T) -> None:
    if value not in bucket:
        bucket.append(value)


class _Scope:
    """One SELECT: its tables by alias, and what its predicates say about each."""

    def __init__(
        self, select: exp.Select, columns_of: ColumnsOf, literals_are_values: bool
    ) -> None:
        self.select = select
        self.columns_of = columns_of
        self.literals_are_values = literals_are_values
        self.tables: dict[str, exp.Table] = {}
        sources = [select.args.get("from_") or select.args.get("from")]
        sources += [j.this for j in select.args.get("joins") or ()]
        for source in sources:
            table = source.this if isinstance(source, exp.From) else source
            if isinstance(table, exp.Table) and table.name:
                self.tables[(table.alias_or_name or table.name).lower()] = table
        self.facts = {alias: _Facts() for alias in self.tables}
        self._constant_nodes: list[exp.Expr] = []  # predicates a partial index would hold

    # -- which table a piece of SQL belongs to -------------------------------------------

    def _owner(self, column: exp.Column) -> str | None:
        """The alias of this scope that `column` belongs to; None for an outer reference."""
        qualifier = column.table.lower() if column.table else ""
        if qualifier:
            return qualifier if qualifier in self.tables else None
        known = {a: self.columns_of(t.name.lower()) for a, t in self.tables.items()}
        owners = [a for a, cols in known.items() if cols is not None and column.name in cols]
        if len(owners) == 1:
            return owners[0]
        unknown = [a for a, cols in known.items() if cols is None]
        return unknown[0] if not owners and len(self.tables) == 1 and unknown else None

    def _own_columns(self, node: exp.Expr) -> dict[str, set[str]]:
        """The columns of this scope's tables in `node`, by alias (subqueries not entered)."""
        found: dict[str, set[str]] = {}
        for column in _columns_outside_subqueries(node):
            if (owner := self._owner(column)) is not None:
                found.setdefault(owner, set()).add(column.name)
        return found

    def _term(self, node: exp.Expr, alias: str) -> Term:
        bare = node.copy()
        for column in bare.find_all(exp.Column):
            column.set("table", None)
        columns = frozenset(c.name for c in bare.find_all(exp.Column))
        return Term(bare.sql(dialect="postgres", normalize_functions="lower"), columns)

    # -- predicates ----------------------------------------------------------------------

    def _conjuncts(self) -> Iterator[exp.Expr]:
        where = self.select.args.get("where")
        if where is not None:
            yield from where.this.flatten() if isinstance(where.this, exp.And) else [where.this]
        for join in self.select.args.get("joins") or ():
            on = join.args.get("on")
            if on is not None:
                yield from on.flatten() if isinstance(on, exp.And) else [on]

    def _classify(self, predicate: exp.Expr) -> None:
        node = predicate.unnest() if isinstance(predicate, exp.Paren) else predicate
        owners = self._own_columns(node)
        if len(owners) == 1 and self._constant_except_columns(node):
            alias = next(iter(owners))
            facts = self.facts[alias]
            self._constant_nodes.append(predicate)
            _add(facts.constants, self._term(node, alias).sql)
            if (key := _constant_key(node)) is not None:
                _add(facts.constant_keys, self._term(key, alias))
            return
        if isinstance(node, exp.Between):
            self._compare(node.this, exp.GTE(this=node.this, expression=node.args["low"]))
            return
        if isinstance(node, exp.In) and not node.args.get("query"):
            self._in(node.this, node.expressions)
            return
        if type(node) in _FLIPPED:
            self._compare(node.this, node)
            self._compare(node.expression, _flip(node))

    def _constant_except_columns(self, node: exp.Expr) -> bool:
        """True when `node` holds this scope's columns and constants only.

        No parameter, no outer column (a value, like a parameter), no call that may vary.
        """
        for part in node.walk():
            if isinstance(part, exp.Parameter | exp.Placeholder | exp.Subquery | exp.Select):
                return False
            if isinstance(part, _VARYING):
                return False
            if isinstance(part, exp.Column) and self._owner(part) is None:
                return False
            if self.literals_are_values and isinstance(part, exp.Literal):
                return False
        return True

    def _compare(self, side: exp.Expr, node: exp.Expr) -> None:
        """`side op other`: what it says about side's table, if side is one table's."""
        other = node.expression if side is node.this else node.this
        if isinstance(side, exp.Tuple) and isinstance(other, exp.Tuple):
            self._tuple(side, other, node)
            return
        mine = self._own_columns(side)
        if len(mine) != 1:
            return
        alias = next(iter(mine))
        theirs = self._own_columns(other)
        if alias in theirs:
            return
        term, facts = self._term(side, alias), self.facts[alias]
        if isinstance(node, exp.EQ):
            _add(facts.joins if theirs else facts.lookups, term)
        elif isinstance(node, _RANGES) and not theirs:
            _add(facts.ranges, term)

    def _tuple(self, left: exp.Tuple, right: exp.Tuple, node: exp.Expr) -> None:
        owners = self._own_columns(left)
        if len(owners) != 1 or self._own_columns(right):
            return
        alias = next(iter(owners))
        terms = tuple(self._term(e, alias) for e in left.expressions)
        facts = self.facts[alias]
        if isinstance(node, exp.EQ):
            for term in terms:
                _add(facts.lookups, term)
        elif isinstance(node, _RANGES) and terms:
            facts.keyset = facts.keyset or terms
            _add(facts.ranges, terms[0])

    def _in(self, side: exp.Expr, values: list[exp.Expr]) -> None:
        mine = self._own_columns(side)
        if len(mine) == 1 and not any(self._own_columns(v) for v in values):
            alias = next(iter(mine))
            _add(self.facts[alias].lookups, self._term(side, alias))

    # -- the result ----------------------------------------------------------------------

    def _order(self) -> dict[str, tuple[SortTerm, ...]]:
        order = self.select.args.get("order")
        if order is None:
            return {}
        keys: list[SortTerm] = []
        owner: str | None = None
        for ordered in order.expressions:
            owners = self._own_columns(ordered.this)
            if len(owners) != 1 or (owner is not None and owner not in owners):
                return {}
            owner = next(iter(owners))
            descending = bool(ordered.args.get("desc"))
            nulls_first = bool(ordered.args.get("nulls_first"))
            keys.append(
                SortTerm(
                    self._term(ordered.this, owner),
                    descending,
                    None if nulls_first == descending else nulls_first,
                )
            )
        return {owner: tuple(keys)} if owner else {}

    def _read_columns(self) -> dict[str, frozenset[str] | None]:
        star = any(isinstance(e, exp.Star) for e in self.select.expressions)
        read: dict[str, set[str]] = {alias: set() for alias in self.tables}
        for column in _columns_outside_subqueries(self.select):
            if self._in_constant_predicate(column):
                continue  # a partial index's WHERE vouches for it: not read from the index
            if isinstance(column.this, exp.Star):
                star_of = column.table.lower()
                if star_of in read:
                    read[star_of] = {"*"}
                continue
            if (owner := self._owner(column)) is not None:
                read[owner].add(column.name)
        # Columns of this scope's tables used inside its subqueries (correlations).
        for sub in self.select.find_all(exp.Subquery, exp.Exists):
            for column in sub.find_all(exp.Column):
                owner = column.table.lower() if column.table else ""
                if owner in read and owner not in _aliases_of(sub):
                    read[owner].add(column.name)
        return {
            alias: None if star or "*" in cols else frozenset(cols) for alias, cols in read.items()
        }

    def _in_constant_predicate(self, column: exp.Column) -> bool:
        parent = column.parent
        while parent is not None and parent is not self.select:
            if any(parent is node for node in self._constant_nodes):
                return True
            parent = parent.parent
        return False

    def accesses(self) -> Iterator[TableAccess]:
        for predicate in self._conjuncts():
            self._classify(predicate)
        order = self._order()
        columns = self._read_columns()
        limited = self.select.args.get("limit") is not None
        for alias, table in self.tables.items():
            facts = self.facts[alias]
            yield TableAccess(
                table=table.name.lower(),
                schema=table.db.lower() or None,
                alias=alias,
                lookups=tuple(facts.lookups),
                joins=tuple(facts.joins),
                ranges=tuple(facts.ranges),
                keyset=facts.keyset,
                constants=tuple(facts.constants),
                constant_keys=tuple(facts.constant_keys),
                order=order.get(alias, ()),
                columns=columns[alias],
                limited=limited,
            )


def _columns_outside_subqueries(node: exp.Expr) -> Iterator[exp.Column]:
    """Columns of `node` not inside a nested SELECT (which is a scope of its own)."""
    for found in node.find_all(exp.Column):
        parent = found.parent if found is not node else None
        nested = False
        while parent is not None and parent is not node:
            if isinstance(parent, exp.Select | exp.Subquery):
                nested = True
                break
            parent = parent.parent
        if not nested:
            yield found


def _aliases_of(node: exp.Expr) -> set[str]:
    return {(t.alias_or_name or t.name).lower() for t in node.find_all(exp.Table)}


def _constant_key(node: exp.Expr) -> exp.Expr | None:
    """The side of a constant predicate an index could hold as a key: `status` of
    `status = 'open'`, `read` of `NOT read`, `read_at` of `read_at IS NULL`."""
    left: exp.Expr | None = node.args.get("this")
    right: exp.Expr | None = node.args.get("expression")
    if isinstance(node, exp.EQ) and left is not None and right is not None:
        if _is_constant(right):
            return left
        if _is_constant(left):
            return right
    if isinstance(node, exp.Not) and isinstance(left, exp.Column):
        return left
    if isinstance(node, exp.Is) and isinstance(left, exp.Column) and not node.args.get("negate"):
        return left  # IS NULL, IS TRUE fix the value; IS NOT NULL does not
    return node if isinstance(node, exp.Column) else None


def _is_constant(node: exp.Expr) -> bool:
    return all(isinstance(part, _CONSTANT_PARTS) for part in node.walk())


def _flip(node: exp.Expr) -> exp.Expr:
    flipped = _FLIPPED[type(node)]
    return flipped(this=node.expression, expression=node.this)
