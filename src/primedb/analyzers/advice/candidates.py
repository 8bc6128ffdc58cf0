"""Index candidates from the shape of each statement: equality, then sort, then one range.

For every table a statement reads (`shape.TableAccess`), the candidates are
B-tree indexes whose keys are, in order (the equality-sort-range rule):

1. the **equality** columns (lookups, and join columns for the probed side),
   ordered by how many statements of the workload look them up, then by
   their number of distinct values, so that statements share prefixes;
2. the **ORDER BY** keys in their direction and NULLS placement (keys bound
   by an equality are dropped: they are constant there);
3. one **range** column, or the columns of a row-value keyset comparison;

up to `MAX_KEYS` keys. Each is proposed plain, as a **partial** index when the
statement has constant predicates (which then leave the keys), and with
**INCLUDE** columns when those few columns would let it answer from the index
alone. Expressions in predicates or ORDER BY become expression keys. A
candidate that an existing index already covers (same leading keys, see
`IndexSpec.covers`; a partial index counts when the statement always applies
its predicate) is not proposed, nor one that a unique index's keys lead (that
index already finds at most one row).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from primedb.analyzers.advice.catalog import Catalog, TableFacts
from primedb.analyzers.advice.shape import SortTerm, TableAccess, Term, table_accesses
from primedb.analyzers.advice.spec import IndexKey, IndexSpec, normal_sql
from primedb.analyzers.plans.statement import parse_statement
from primedb.analyzers.workload.cases import ADHOC_SOURCE
from primedb.sqlfiles import NamedQuery

__all__ = ["MAX_INCLUDE", "MAX_KEYS", "Access", "Candidate", "accesses_of", "candidates_for"]

MAX_KEYS = 4
MAX_INCLUDE = 3  # more columns than this and the index is a second copy of the table


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed index, with how many of its leading keys are equality keys."""

    spec: IndexSpec
    equality: int
    queries: frozenset[str]  # the statements whose shape proposed it
    # The same search as a partial index (constant predicates in WHERE): candidates of one
    # family are alternatives, `(status, due_at)` or `(due_at) WHERE status = 'open'`.
    family: IndexSpec | None = None

    @property
    def table(self) -> tuple[str, str]:
        return (self.spec.schema, self.spec.table)


@dataclass(frozen=True, slots=True)
class Access:
    """A table access of a named statement, with the table it resolves to."""

    query: str
    access: TableAccess
    table: TableFacts


def accesses_of(queries: Iterable[NamedQuery], catalog: Catalog) -> list[Access]:
    """The table accesses of each statement, for the tables of the catalog."""

    def columns_of(name: str) -> frozenset[str] | None:
        table = catalog.table(name)
        return table.column_names() if table else None

    found: list[Access] = []
    for query in queries:
        statement = parse_statement(query.sql)
        if statement is None:
            continue
        adhoc = query.source.split(":")[0] == ADHOC_SOURCE
        for access in table_accesses(statement, columns_of, literals_are_values=adhoc):
            table = catalog.table(access.table, access.schema)
            if table is not None:
                found.append(Access(query.name, access, table))
    return found


def candidates_for(accesses: Sequence[Access], catalog: Catalog) -> tuple[Candidate, ...]:
    """The candidates of every access, merged, without those existing indexes cover."""
    usage = Counter(term.sql for a in accesses for term in (*a.access.lookups, *a.access.joins))
    existing = [i.spec for i in catalog.indexes if i.valid]
    found: dict[IndexSpec, tuple[int, set[str], IndexSpec | None]] = {}
    for item in accesses:
        implied = frozenset(normal_sql(c) for c in item.access.constants)
        for spec, equality in _specs(item.access, item.table, usage):
            partial = _as_partial(spec, equality, item.access)
            if any(
                index.covers(s, e, implied) or _unique_prefix(index, s)
                for index in existing
                for s, e in ((spec, equality), partial)
            ):
                continue
            if spec in found:
                found[spec][1].add(item.query)
            else:
                family = partial[0] if item.access.constants else None
                found[spec] = (equality, {item.query}, family)
    return tuple(
        Candidate(spec, equality, frozenset(queries), family)
        for spec, (equality, queries, family) in found.items()
    )


def _as_partial(spec: IndexSpec, equality: int, access: TableAccess) -> tuple[IndexSpec, int]:
    """The same search as a partial index: keys fixed by constant predicates move to WHERE
    (`(user_id, read)` for `NOT read` is `(user_id) WHERE NOT read`)."""
    if not access.constants or spec.where is not None:
        return spec, equality
    fixed = {t.sql for t in access.constant_keys}
    keys = tuple(k for k in spec.keys if k.expression not in fixed)
    moved = sum(1 for k in spec.keys[:equality] if k.expression in fixed)
    where = " AND ".join(sorted(access.constants))
    return IndexSpec(spec.schema, spec.table, keys, spec.include, where), equality - moved


def _unique_prefix(index: IndexSpec, candidate: IndexSpec) -> bool:
    """A unique index whose keys lead the candidate's already finds at most one row: more
    keys cannot narrow it, and INCLUDE columns would copy the table to save one page."""
    if not index.unique or index.where is not None or index.method != "btree":
        return False
    plain = IndexSpec(index.schema, index.table, index.keys)
    bare = IndexSpec(candidate.schema, candidate.table, candidate.keys, where=candidate.where)
    return plain.prefix_of(IndexSpec(bare.schema, bare.table, bare.keys))


def _ordered(terms: Iterable[Term], table: TableFacts, usage: Counter[str]) -> list[Term]:
    unique = list(dict.fromkeys(terms))
    return sorted(unique, key=lambda t: (-usage[t.sql], -_distinct(t, table), t.sql))


def _distinct(term: Term, table: TableFacts) -> float:
    return table.distinct(term.sql) if term.is_column else 0.0


def _specs(
    access: TableAccess, table: TableFacts, usage: Counter[str]
) -> Iterable[tuple[IndexSpec, int]]:
    lookups = _ordered(access.lookups, table, usage)
    joins = _ordered([t for t in access.joins if t not in lookups], table, usage)
    # Without its join columns the table is the one the join starts from; with them, the
    # one it probes: both are proposed, the planner picks its side.
    equality_sets = [lookups, lookups + joins] if joins else [lookups]
    constants = list(access.constants)
    where = " AND ".join(sorted(constants)) if constants else None
    variants: list[tuple[list[Term], str | None]] = []
    for equal in equality_sets:
        if where is not None:
            variants.append((equal, where))
            variants.append((_ordered([*equal, *access.constant_keys], table, usage), None))
        else:
            variants.append((equal, None))
    for equal, predicate in variants:
        for key_list in _key_lists(equal, access):
            if not key_list:
                continue
            spec = IndexSpec(table.schema, table.name, tuple(key_list[:MAX_KEYS]), where=predicate)
            yield spec, min(len(equal), MAX_KEYS)
            include = _include(spec, access, table)
            if include:
                yield (
                    IndexSpec(spec.schema, spec.table, spec.keys, include, predicate),
                    min(len(equal), MAX_KEYS),
                )


def _key_lists(equal: list[Term], access: TableAccess) -> list[list[IndexKey]]:
    """Equality keys, then the sort keys, or then the range: the key lists to propose."""
    head = [IndexKey(t.sql) for t in equal]
    bound = {t.sql for t in equal}
    sort = [s for s in access.order if s.term.sql not in bound]
    lists: list[list[IndexKey]] = [head] if head else []
    if sort:
        lists.append(head + [_sort_key(s) for s in sort])
    ranges = [r for r in access.ranges if r.sql not in bound]
    if ranges and (not sort or sort[0].term.sql != ranges[0].sql):
        lists.append([*head, IndexKey(ranges[0].sql)])
    if access.keyset and not sort:
        lists.append(head + [IndexKey(t.sql) for t in access.keyset if t.sql not in bound])
    unique: dict[tuple[IndexKey, ...], None] = {}
    for keys in lists:
        unique.setdefault(tuple(keys[:MAX_KEYS]), None)
    return [list(keys) for keys in unique]


def _sort_key(sort: SortTerm) -> IndexKey:
    return IndexKey(sort.term.sql, sort.descending, sort.nulls_first)


def _include(spec: IndexSpec, access: TableAccess, table: TableFacts) -> tuple[str, ...]:
    """The columns to INCLUDE so the statement can read this table from the index alone."""
    if access.columns is None:
        return ()
    held = {k.expression for k in spec.keys}
    needed = sorted(c for c in access.columns if c not in held and table.column(c) is not None)
    if not needed or len(needed) > MAX_INCLUDE:
        return ()
    return tuple(needed)
