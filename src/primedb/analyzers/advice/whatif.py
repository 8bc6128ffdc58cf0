"""What-if: the planner's cost of a statement as if some indexes existed.

Two ways, behind one Protocol (`WhatIf`):

- **HypoPG** (`HypoWhatIf`): hypothetical indexes that only the planner of
  this session sees, created in microseconds, sized by HypoPG's estimate. The
  statements are costed with plain EXPLAIN: HypoPG's indexes cannot be read,
  so EXPLAIN ANALYZE would not use them.
- **Real builds** (`BuiltWhatIf`), when HypoPG is not installed: each index
  is built for real with CREATE INDEX inside one transaction that is rolled
  back at the end. Slower (a build reads the table), and it takes the SHARE
  lock of a build, so it runs only where verification may run.

A statement with parameter values (a named query's sample) is costed with a
custom plan, the values bound as the application binds them. A normalised
statement of `pg_stat_statements` has no values: it is prepared and costed
with its generic plan (`SET plan_cache_mode = force_generic_plan`, `PREPARE`,
`EXPLAIN EXECUTE` with NULL for every `$n`), which is the plan that does not
depend on the values; it is prepared again after every index change, since
a hypothetical index does not invalidate a cached plan.
"""

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from primedb.analyzers.advice.spec import IndexSpec
from primedb.analyzers.plans import Plan, read_plan
from primedb.analyzers.workload import Case
from primedb.sqlfiles import package_queries

__all__ = [
    "BuiltWhatIf",
    "CandidateFailed",
    "HypoWhatIf",
    "Hypothetical",
    "PlanCost",
    "Screened",
    "WhatIf",
    "explain_plain",
    "hypopg_installed",
]

EXPLAIN = "EXPLAIN (FORMAT JSON) {query}"
PREPARE = "PREPARE primedb_generic AS {query}"
EXPLAIN_GENERIC = "EXPLAIN (FORMAT JSON) EXECUTE primedb_generic{args}"
DEALLOCATE = "DEALLOCATE primedb_generic"
HYPOPG_INSTALLED = "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'hypopg'"
HYPO_CREATE = "SELECT indexrelid, indexname FROM hypopg_create_index(%s)"
HYPO_SIZE = "SELECT hypopg_relation_size(%s)"
HYPO_DROP = "SELECT hypopg_drop_index(%s)"
HYPO_RESET = "SELECT hypopg_reset()"
INDEX_NAMES = """
SELECT c.relname,
       CASE WHEN c.relkind = 'I' THEN (
           SELECT COALESCE(sum(pg_catalog.pg_relation_size(p.relid)), 0)
           FROM pg_catalog.pg_partition_tree(c.oid) AS p
       ) ELSE pg_catalog.pg_relation_size(c.oid) END::bigint AS size_bytes,
       ARRAY(SELECT p.relid::regclass::text FROM pg_catalog.pg_partition_tree(c.oid) AS p) AS tree
FROM pg_catalog.pg_class c
WHERE c.oid = %s::regclass
"""
_DOLLAR = re.compile(r"\$(\d+)")


class CandidateFailed(Exception):
    """PostgreSQL refused to create a (hypothetical) index: the reason, in its words."""


@dataclass(frozen=True, slots=True)
class Hypothetical:
    """An index that exists for the what-if session."""

    spec: IndexSpec
    handle: str  # what removes it: the HypoPG oid, or the real index name
    names: frozenset[str]  # how plans name it (a partitioned index: also its partitions')
    size_bytes: int


@dataclass(frozen=True, slots=True)
class PlanCost:
    """A statement's estimated total cost, the indexes its plan reads, and the plan."""

    total: float
    indexes: frozenset[str]
    plan: Plan | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Screened:
    """A candidate costed alone: its size, each case's cost, the cases whose plan read it."""

    size_bytes: int
    costs: dict[tuple[str, str], float]
    used: frozenset[tuple[str, str]]


Job = tuple[IndexSpec, Sequence[Case]]  # a candidate and the cases to cost it on


class WhatIf(Protocol):
    kind: str  # "hypopg" or "real builds", for the report

    def add(self, spec: IndexSpec) -> Hypothetical: ...

    def remove(self, index: Hypothetical) -> None: ...

    def cost(self, case: Case) -> PlanCost: ...

    def screen(self, spec: IndexSpec, cases: Sequence[Case]) -> Screened: ...

    def screen_many(self, jobs: Sequence[Job]) -> list[Screened | CandidateFailed]: ...

    def close(self) -> None: ...


def screen_each(whatif: WhatIf, jobs: Sequence[Job]) -> list[Screened | CandidateFailed]:
    """Each job screened by steps, in turn, a refusal in place of its figures."""
    found: list[Screened | CandidateFailed] = []
    for spec, cases in jobs:
        try:
            found.append(screen_by_steps(whatif, spec, cases))
        except CandidateFailed as exc:
            found.append(exc)
    return found


def screen_by_steps(whatif: WhatIf, spec: IndexSpec, cases: Sequence[Case]) -> Screened:
    """Add the index, cost each case, remove it: screening one statement at a time."""
    index = whatif.add(spec)
    try:
        costs = {case.key: whatif.cost(case) for case in cases}
    finally:
        whatif.remove(index)
    return Screened(
        index.size_bytes,
        {key: cost.total for key, cost in costs.items()},
        frozenset(key for key, cost in costs.items() if cost.indexes & index.names),
    )


def hypopg_installed(conn: psycopg.Connection[Any]) -> bool:
    return conn.execute(HYPOPG_INSTALLED).fetchone() is not None


def explain_plain(conn: psycopg.Connection[Any], case: Case) -> Plan:
    """The plan of `case` without running it: custom with its values, generic without."""
    text = case.query.sql.rstrip().rstrip(";")
    if case.params is not None:
        statement = sql.SQL(EXPLAIN).format(query=sql.SQL(text))
        row = conn.execute(statement, {p: case.params[p] for p in case.query.params}).fetchone()
        assert row is not None
        return read_plan(row[0])
    count = max((int(n) for n in _DOLLAR.findall(text)), default=0)
    args = "(" + ", ".join(["NULL"] * count) + ")" if count else ""
    conn.execute("SET plan_cache_mode = force_generic_plan")
    try:
        conn.execute(sql.SQL(PREPARE).format(query=sql.SQL(text)))
        try:
            row = conn.execute(sql.SQL(EXPLAIN_GENERIC).format(args=sql.SQL(args))).fetchone()
        finally:
            conn.execute(DEALLOCATE)
    finally:
        conn.execute("RESET plan_cache_mode")
    assert row is not None
    return read_plan(row[0])


def _plan_cost(plan: Plan) -> PlanCost:
    return PlanCost(plan.total_cost, frozenset(plan.indexes_used()), plan)


class HypoWhatIf:
    """Hypothetical indexes of HypoPG, in an autocommit session of their own.

    Screening runs server-side (`sql/screen.sql`): one round trip for all the
    candidates, the statements' values written in as literals by psycopg's
    client-side binding (the same constants the planner gets from bound
    values). On a busy machine the round trips, not the planning, were most of
    the time of screening one candidate per call (about 300 a second against
    900 in one call, at scale 1 with the load at 8 on 2 cores). Where the
    temporary function cannot be created (a read-only standby), or for
    statements without values, screening goes one statement at a time.
    """

    kind = "hypopg"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        conn.execute(HYPO_RESET)
        self._literal: dict[tuple[str, str], str] = {}
        queries = package_queries("primedb.analyzers.advice", check=False)
        self._screen_sql = queries["screen"].sql
        try:
            with conn.transaction():
                conn.execute(queries["create_screen_function"].sql)
            self._server_side = True
        except psycopg.Error:
            self._server_side = False

    def add(self, spec: IndexSpec) -> Hypothetical:
        try:
            row = self.conn.execute(HYPO_CREATE, (spec.definition("x"),)).fetchone()
        except psycopg.Error as exc:
            raise CandidateFailed((exc.diag.message_primary or str(exc)).strip()) from exc
        if row is None:
            raise CandidateFailed("HypoPG created no index")
        oid, name = row
        size_row = self.conn.execute(HYPO_SIZE, (oid,)).fetchone()
        size = int(size_row[0]) if size_row and size_row[0] is not None else 0
        return Hypothetical(spec, str(oid), frozenset({name}), size)

    def remove(self, index: Hypothetical) -> None:
        self.conn.execute(HYPO_DROP, (int(index.handle),))

    def cost(self, case: Case) -> PlanCost:
        return _plan_cost(explain_plain(self.conn, case))

    def _literal_sql(self, case: Case) -> str:
        if case.key not in self._literal:
            text = case.query.sql.rstrip().rstrip(";")
            params = {p: (case.params or {})[p] for p in case.query.params}
            self._literal[case.key] = psycopg.ClientCursor(self.conn).mogrify(text, params)
        return self._literal[case.key]

    def screen(self, spec: IndexSpec, cases: Sequence[Case]) -> Screened:
        (result,) = self.screen_many([(spec, cases)])
        if isinstance(result, CandidateFailed):
            raise result
        return result

    def screen_many(self, jobs: Sequence[Job]) -> list[Screened | CandidateFailed]:
        if not self._server_side or any(c.generic for _, cases in jobs for c in cases):
            return screen_each(self, jobs)
        payload = [
            {
                "definition": spec.definition("x"),
                "statements": [self._literal_sql(c) for c in cases],
            }
            for spec, cases in jobs
        ]
        rows = self.conn.execute(self._screen_sql, {"jobs": Jsonb(payload)}).fetchall()
        found: list[Screened | CandidateFailed] = []
        for (_, cases), (_, size, costs, used, error) in zip(jobs, rows, strict=True):
            if error is not None:
                found.append(CandidateFailed(str(error)))
                continue
            found.append(
                Screened(
                    int(size or 0),
                    {case.key: float(c) for case, c in zip(cases, costs, strict=True)},
                    frozenset(case.key for case, u in zip(cases, used, strict=True) if u),
                )
            )
        return found

    def close(self) -> None:
        self.conn.execute(HYPO_RESET)


class BuiltWhatIf:
    """Real indexes built in the open transaction of `conn` (not autocommit), rolled back
    by `close`; each build in a savepoint of its own, so a refused one loses nothing."""

    kind = "real builds"

    def __init__(self, conn: psycopg.Connection[Any], *, lock_timeout_ms: int = 3_000) -> None:
        if conn.autocommit:
            raise ValueError("real what-if builds need a connection that is not autocommit")
        self.conn = conn
        self._numbers = itertools.count(1)
        conn.execute(
            sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{lock_timeout_ms}ms"))
        )

    def add(self, spec: IndexSpec) -> Hypothetical:
        name = f"primedb_whatif_{next(self._numbers)}"
        try:
            with self.conn.transaction():
                self.conn.execute(spec.definition(name))
        except psycopg.Error as exc:
            raise CandidateFailed((exc.diag.message_primary or str(exc)).strip()) from exc
        qualified = f"{spec.schema}.{name}"
        row = self.conn.execute(INDEX_NAMES, (qualified,)).fetchone()
        assert row is not None
        names = {name, *(n.split(".")[-1] for n in row[2])}
        return Hypothetical(spec, qualified, frozenset(names), int(row[1]))

    def remove(self, index: Hypothetical) -> None:
        schema, name = index.handle.split(".", 1)
        self.conn.execute(
            sql.SQL("DROP INDEX {}.{}").format(sql.Identifier(schema), sql.Identifier(name))
        )

    def cost(self, case: Case) -> PlanCost:
        return _plan_cost(explain_plain(self.conn, case))

    def screen(self, spec: IndexSpec, cases: Sequence[Case]) -> Screened:
        return screen_by_steps(self, spec, cases)

    def screen_many(self, jobs: Sequence[Job]) -> list[Screened | CandidateFailed]:
        return screen_each(self, jobs)

    def close(self) -> None:
        self.conn.rollback()
