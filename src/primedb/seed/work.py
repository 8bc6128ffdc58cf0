"""A seed cut into jobs: load each big table, rebuild each index and foreign key, analyze.

- The big tables (each at least 1/20 of the rows) load in jobs of their own,
  so they stream side by side, each from its own encoder thread.
- The other tables load together in one job that also rebuilds their indexes
  and the foreign keys between them before it commits. Tables with a
  deferred rule (an account has an owner) are among them: the rule runs at
  that commit and finds every small table loaded and indexed, as it would in
  a single transaction.
- Each index of a big table is a job of its own, per partition, so index
  builds spread over the connections; a partitioned index's `ON ONLY` parent
  and attachments follow its partitions; a partitioned table's primary key is
  one job (see `rebuild`).
- Each remaining foreign key waits for both tables and the unique index it
  relies on.
- ANALYZE jobs, one per table, run once everything else is committed.

Every job states the locks its statements take, so the scheduler never runs
two that would wait for each other.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import psycopg
from psycopg import sql

from primedb.errors import UsageError
from primedb.seed.jobs import Job, Phase, Session
from primedb.seed.load import Block, Target, copy_tables
from primedb.seed.locks import Claim, Lock
from primedb.seed.rebuild import (
    Builds,
    add_foreign_key,
    leaf,
    rebuild_foreign_keys,
    rebuild_indexes,
    recursing,
    tree,
)
from primedb.seed.setaside import ForeignKey, Index, SetAside
from primedb.seed.tables import Table
from primedb.seed.tuning import tune_index_builds, tune_queries

__all__ = ["OWN_JOB_SHARE", "analyze_jobs", "seed_jobs"]

OWN_JOB_SHARE = 0.05  # a table with at least this share of the rows loads in a job of its own

LOCK = "LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"
HAS_ROWS = "SELECT EXISTS (SELECT 1 FROM {table})"
TRUNCATE = "TRUNCATE {tables}"
ANALYZE = "ANALYZE {table}"

# Seconds per row, roughly (scale 1, one core): only their ratios matter, to start
# the longest chains of work first.
_COPY = 1.0e-6  # generating, sending and checking
_INDEX = 0.45e-6  # building one index
_INDEXES_PER_TABLE = 2
_FOREIGN_KEY = 0.15e-6
_ANALYZE = 0.5e-6

Notify = Callable[[Phase, str], None]  # a step done: (index or foreign key, its name)


def seed_jobs(
    work: Sequence[tuple[Table, Target]],
    aside: SetAside,
    on_block: Callable[[Block], None],
    on_step: Notify,
    copy_seconds: dict[str, float],
) -> list[Job]:
    """Every job of a seed but the ANALYZE ones, with what each needs first; the load
    jobs put each table's COPY seconds in `copy_seconds`."""
    total = sum(t.rows for t, _ in work)
    pinned = {r.root for r in aside.relations if r.oid in aside.pinned}
    alone = [
        (t, target)
        for t, target in work
        if t.rows >= OWN_JOB_SHARE * total and t.name not in pinned
    ]
    apart = {t.name for t, _ in alone}
    together = [(t, target) for t, target in work if t.name not in apart]
    graph = _Graph(aside, on_block, on_step, copy_seconds)
    if together:
        graph.load_together(together)
    for table, target in alone:
        graph.load_alone(table, target)
    for fk in aside.foreign_keys:
        graph.foreign_key(fk)
    return graph.jobs


def analyze_jobs(tables: Sequence[Table], aside: SetAside) -> list[Job]:
    """One ANALYZE per table (a partitioned table's covers its partitions too)."""

    def analyze(name: str) -> Callable[[Session], None]:
        def run(session: Session) -> None:
            session.conn.execute(sql.SQL(ANALYZE).format(table=_identifier(name)))

        return run

    return [
        Job(
            f"analyze {t.name}",
            Phase.ANALYZE,
            analyze(t.name),
            cost=t.rows * _ANALYZE,
            claims=_claims(aside, [t.name], Lock.SHARE_UPDATE_EXCLUSIVE),
        )
        for t in tables
    ]


class _Graph:
    def __init__(
        self,
        aside: SetAside,
        on_block: Callable[[Block], None],
        on_step: Notify,
        copy_seconds: dict[str, float],
    ) -> None:
        self.aside = aside
        self._copy_seconds = copy_seconds
        self.jobs: list[Job] = []
        self._on_block = on_block
        self._on_step = on_step
        self._loaded_by: dict[str, str] = {}  # table -> the job that loads it
        self._rows: dict[str, int] = {}
        self._builder: dict[int, str] = {}  # root index oid -> the job that re-creates it
        self._together = ""  # the job loading the small tables together

    def load_together(self, work: Sequence[tuple[Table, Target]]) -> None:
        names = [t.name for t, _ in work]
        part = self.aside.subset(names)
        name = "load " + ", ".join(names)
        rows = sum(t.rows for t, _ in work)

        def run(session: Session) -> None:
            _empty(session.conn, names)
            self._copy_seconds.update(copy_tables(session.conn, work, self._on_block))
            session.mark(Phase.INDEXES)
            tune_index_builds(session.conn, session.idle)
            rebuild_indexes(session.conn, part, lambda what: self._on_step(Phase.INDEXES, what))
            session.mark(Phase.FOREIGN_KEYS)
            rebuild_foreign_keys(
                session.conn, part, lambda what: self._on_step(Phase.FOREIGN_KEYS, what)
            )

        cost = rows * (_COPY + _INDEX * _INDEXES_PER_TABLE + _FOREIGN_KEY)
        self._add(
            Job(
                name,
                Phase.COPY,
                run,
                cost=cost,
                claims=_claims(self.aside, names, Lock.ACCESS_EXCLUSIVE),
            )
        )
        self._together = name
        for table in names:
            self._loaded_by[table] = name
        self._rows.update({t.name: t.rows for t, _ in work})
        for index in part.indexes:
            self._builder[self.aside.root_of(index).oid] = name

    def load_alone(self, table: Table, target: Target) -> None:
        name = f"load {table.name}"

        def run(session: Session) -> None:
            _empty(session.conn, [table.name])
            self._copy_seconds.update(copy_tables(session.conn, [(table, target)], self._on_block))

        self._add(
            Job(
                name,
                Phase.COPY,
                run,
                cost=table.rows * _COPY,
                claims=_claims(self.aside, [table.name], Lock.ACCESS_EXCLUSIVE),
            )
        )
        self._loaded_by[table.name] = name
        self._rows[table.name] = table.rows
        self._indexes(table)

    def _indexes(self, table: Table) -> None:
        part = self.aside.subset([table.name])
        plan = Builds(part)
        loaded = frozenset({self._loaded_by[table.name]})
        leaves = [r for r in part.relations if not r.partitioned]
        per_leaf = table.rows * _INDEX / max(1, len(leaves))
        made: dict[int, str] = {}  # index oid -> its job
        for index in plan.leaves:
            relation = self.aside.relation(index.table_oid)
            assert relation is not None
            made[index.oid] = self._add(
                Job(
                    f"index {index.schema}.{index.name}",
                    Phase.INDEXES,
                    self._leaf(index),
                    cost=per_leaf,
                    needs=loaded,
                    claims=(Claim(relation.qualified, Lock.SHARE),),
                )
            )
        everything = _claims(self.aside, [table.name], Lock.ACCESS_EXCLUSIVE)
        for top in plan.recursing:
            made[top.oid] = self._add(
                Job(
                    f"index {top.schema}.{top.name}",
                    Phase.INDEXES,
                    self._recursing(top),
                    cost=table.rows * _INDEX,
                    needs=loaded,
                    claims=everything,
                )
            )
        for top in plan.trees:
            members = frozenset(made[i.oid] for i in part.tree(top) if i.oid in made)
            made[top.oid] = self._add(
                Job(
                    f"index {top.schema}.{top.name}",
                    Phase.INDEXES,
                    self._tree(top),
                    cost=0.0,
                    needs=loaded | members,
                    claims=everything,
                )
            )
        for index in part.indexes:
            root = part.root_of(index)
            if root.oid in made:
                self._builder[root.oid] = made[root.oid]

    def foreign_key(self, fk: ForeignKey) -> None:
        """A job for a foreign key not rebuilt by a load job."""
        owner = self._root(fk.table_oid)
        referenced = self._root(fk.referenced_oid)
        if owner is None or referenced is None:
            return  # outside the seed: never set aside
        first = self._loaded_by[owner]
        if first == self._loaded_by[referenced] == self._together:
            return  # rebuilt by the job loading both tables
        needs = {first, self._loaded_by[referenced]}
        index = self._index(fk.index_oid)
        if index is not None and self._builder.get(index) is not None:
            needs.add(self._builder[index])

        def run(session: Session) -> None:
            tune_queries(session.conn, session.idle)
            add_foreign_key(session.conn, fk)
            self._on_step(Phase.FOREIGN_KEYS, fk.name)

        claims = _claims(self.aside, sorted({owner, referenced}), Lock.SHARE_ROW_EXCLUSIVE)
        self._add(
            Job(
                f"foreign key {fk.schema}.{fk.table_name}.{fk.name}",
                Phase.FOREIGN_KEYS,
                run,
                cost=self._rows[owner] * _FOREIGN_KEY,
                needs=frozenset(needs),
                claims=claims,
            )
        )

    def _leaf(self, index: Index) -> Callable[[Session], None]:
        def run(session: Session) -> None:
            tune_index_builds(session.conn, session.idle)
            leaf(session.conn, index)
            self._on_step(Phase.INDEXES, index.name)

        return run

    def _recursing(self, top: Index) -> Callable[[Session], None]:
        def run(session: Session) -> None:
            tune_index_builds(session.conn, session.idle)
            recursing(session.conn, self.aside, top)
            self._on_step(Phase.INDEXES, top.name)

        return run

    def _tree(self, top: Index) -> Callable[[Session], None]:
        def run(session: Session) -> None:
            tree(session.conn, self.aside, top)
            self._on_step(Phase.INDEXES, top.name)

        return run

    def _root(self, oid: int) -> str | None:
        relation = self.aside.relation(oid)
        return relation.root if relation is not None else None

    def _index(self, oid: int) -> int | None:
        """The root of the set-aside index tree `oid` belongs to (None: kept in place)."""
        index = next((i for i in self.aside.indexes if i.oid == oid), None)
        return self.aside.root_of(index).oid if index is not None else None

    def _add(self, job: Job) -> str:
        self.jobs.append(job)
        return job.name


def _claims(aside: SetAside, tables: Iterable[str], mode: Lock) -> tuple[Claim, ...]:
    """`mode` on each table and every partition below it."""
    names = set(tables)
    return tuple(Claim(r.qualified, mode) for r in aside.relations if r.root in names)


def _empty(conn: psycopg.Connection[Any], names: Sequence[str]) -> None:
    """Lock the tables, check they are still empty, and truncate them (so COPY may
    freeze the rows): a row another session wrote since the seed began fails it."""
    tables = sql.SQL(", ").join(_identifier(n) for n in names)
    conn.execute(sql.SQL(LOCK).format(tables=tables))
    for name in names:
        found = conn.execute(sql.SQL(HAS_ROWS).format(table=_identifier(name))).fetchone()
        if found and found[0]:
            raise UsageError(
                f"table {name} got rows from another session while the seed ran; "
                "seed a database nothing else writes to"
            )
    conn.execute(sql.SQL(TRUNCATE).format(tables=tables))


def _identifier(name: str) -> sql.Identifier:
    return sql.Identifier(*name.split("."))
