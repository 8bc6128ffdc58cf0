"""Verification: build the advised indexes for real, run the queries again, keep what helps.

What-if costs are the planner's guesses. Here every selected index is built
with a plain CREATE INDEX inside one transaction that is always rolled back,
and each affected case is measured before and after (a warm-up, then the
median of `runs` runs of `EXPLAIN (ANALYZE, BUFFERS)`, see
`workload.measure`), and its rows are fetched and compared. An index is kept
only when the cases whose plans read it return the same rows and, together,
read fewer buffers, none of them more, and the audit's redundancy rules do
not flag it beside the existing and the other advised indexes (`redundancy`).
Tables with an expression index are
analyzed inside the transaction, so the planner has the expression's
statistics as it will after a real build and ANALYZE.

Where it runs is the caller's decision (`VerifyMode`): on a copy (the
embedded default, or a database marked as one) nothing can be disturbed; on
the user's own database the build holds a SHARE lock on the table (writes
wait) for as long as it takes, so it runs with a short `lock_timeout` and
gives up rather than queue behind traffic.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import psycopg
from psycopg import sql

from primedb.analyzers.advice.redundancy import Redundancy, redundancy_of
from primedb.analyzers.advice.spec import IndexSpec
from primedb.analyzers.advice.whatif import explain_plain
from primedb.analyzers.plans import Plan
from primedb.analyzers.workload import Case, Measurement, measure
from primedb.durations import format_duration

__all__ = ["Built", "CaseCheck", "Figures", "VerifyMode", "verify_indexes"]

INDEX_SIZE = """
SELECT CASE WHEN c.relkind = 'I' THEN (
           SELECT COALESCE(sum(pg_catalog.pg_relation_size(p.relid)), 0)
           FROM pg_catalog.pg_partition_tree(c.oid) AS p
       ) ELSE pg_catalog.pg_relation_size(c.oid) END::bigint,
       ARRAY(SELECT p.relid::regclass::text FROM pg_catalog.pg_partition_tree(c.oid) AS p)
FROM pg_catalog.pg_class c
WHERE c.oid = %s::regclass
"""

Key = tuple[str, str]


class VerifyMode(Enum):
    """Where and whether advice is verified by real builds."""

    COPY = "copy"  # the embedded default, or a database marked as a copy
    THIS_DATABASE = "this database"  # --verify-on-this-database: SHARE lock, lock_timeout
    NONE = "none"  # --no-verify: what-if estimates only


@dataclass(frozen=True, slots=True)
class Figures:
    """What a case cost on one side of the change: measured, or only estimated."""

    cost: float  # the planner's estimate
    plan: Plan
    execution_ms: float | None = None  # None: not run (a statement without values, --no-verify)
    buffers: int | None = None
    rows: int | None = None

    @classmethod
    def measured(cls, m: Measurement) -> "Figures":
        return cls(m.plan.total_cost, m.plan, m.execution_ms, m.buffers, m.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "execution_ms": None if self.execution_ms is None else round(self.execution_ms, 3),
            "buffers": self.buffers,
            "rows": self.rows,
            "cost": round(self.cost, 2),
            "plan": self.plan.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class CaseCheck:
    """One case without and with the advised indexes."""

    case: Case
    before: Figures
    after: Figures
    same_rows: bool  # always True for a statement that cannot be run (no values)


@dataclass(frozen=True, slots=True)
class Built:
    """An index as built for verification: its real size, the cases its plans serve."""

    name: str
    spec: IndexSpec
    size_bytes: int
    checks: tuple[CaseCheck, ...]  # the cases whose plan read it after the build
    verified: bool
    why: str | None  # why it was not kept
    replaces: tuple[str, ...] = ()  # existing indexes it makes redundant (the audit's rules)


def rows_digest(conn: psycopg.Connection[Any], case: Case) -> str:
    """A digest of the rows `case` returns, in order (the queries order what they return)."""
    digest = hashlib.sha256()
    params = {p: (case.params or {})[p] for p in case.query.params}
    with conn.cursor() as cur:
        cur.execute(case.query.sql.rstrip().rstrip(";"), params)
        for row in cur:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _figures(
    conn: psycopg.Connection[Any],
    cases: Iterable[Case],
    runs: int,
    progress: Callable[[str], None] | None,
    when: str,
) -> dict[Key, tuple[Figures, str]]:
    """Each case measured (or, without values, its generic plan), with its rows' digest."""
    found = {}
    for case in cases:
        if progress is not None:
            progress(f"{when}: {case.query.name} [{case.sample}]")
        if case.generic:
            plan = explain_plain(conn, case)
            found[case.key] = (Figures(plan.total_cost, plan), "")
        else:
            measured = measure(conn, case, runs=runs)
            found[case.key] = (Figures.measured(measured), rows_digest(conn, case))
    return found


def verify_indexes(
    conn: psycopg.Connection[Any],
    indexes: Sequence[tuple[str, IndexSpec]],
    cases: Sequence[Case],
    *,
    runs: int = 3,
    lock_timeout_ms: int = 1_000,
    progress: Callable[[str], None] | None = None,
) -> list[Built]:
    """Build `indexes` (name, spec) in a rolled-back transaction; judge each on `cases`.

    `conn` is in autocommit mode; `cases` are those reading the indexes' tables.
    """
    before = _figures(conn, cases, runs, progress, "before")
    sizes: dict[str, tuple[int, frozenset[str]]] = {}
    with conn.transaction(force_rollback=True):
        timeout = format_duration(lock_timeout_ms) if lock_timeout_ms else "0"
        conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(timeout)))
        for name, spec in indexes:
            if progress is not None:
                progress(f"building {name}")
            conn.execute(spec.definition(name))
            row = conn.execute(INDEX_SIZE, (f"{_q(spec.schema)}.{_q(name)}",)).fetchone()
            assert row is not None
            sizes[name] = (int(row[0]), frozenset(n.split(".")[-1] for n in row[1]) | {name})
        for schema, table in {(s.schema, s.table) for _, s in indexes if _has_expression(s)}:
            conn.execute(
                sql.SQL("ANALYZE {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            )
        redundancy = redundancy_of(conn, indexes)
        after = _figures(conn, cases, runs, progress, "after")
    return [
        _judge(name, spec, sizes[name], before, after, cases, redundancy[name])
        for name, spec in indexes
    ]


def _has_expression(spec: IndexSpec) -> bool:
    return any(not key.is_column for key in spec.keys)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _judge(
    name: str,
    spec: IndexSpec,
    size: tuple[int, frozenset[str]],
    before: Mapping[Key, tuple[Figures, str]],
    after: Mapping[Key, tuple[Figures, str]],
    cases: Sequence[Case],
    redundancy: Redundancy,
) -> Built:
    size_bytes, names = size
    checks = tuple(
        CaseCheck(
            case,
            before[case.key][0],
            after[case.key][0],
            before[case.key][1] == after[case.key][1],
        )
        for case in cases
        if set(after[case.key][0].plan.indexes_used()) & names
    )
    if redundancy.flagged is not None:
        why: str | None = f"the audit would flag it ({redundancy.flagged})"
    else:
        why = why_not_kept(checks)
    return Built(name, spec, size_bytes, checks, why is None, why, redundancy.replaces)


def _label(check: CaseCheck) -> str:
    return f"{check.case.query.name} [{check.case.sample}]"


def why_not_kept(checks: Sequence[CaseCheck]) -> str | None:
    """Why the cases whose plans read an index do not vindicate it; None when they do."""
    if not checks:
        return "built for real, the planner did not use it"
    if wrong := [_label(c) for c in checks if not c.same_rows]:
        return f"returned different rows for {', '.join(wrong)}"
    measured = [c for c in checks if c.before.buffers is not None and c.after.buffers is not None]
    estimated = [c for c in checks if c not in measured]
    worse = [
        f"{_label(c)} {c.before.buffers} -> {c.after.buffers}"
        for c in measured
        if (c.after.buffers or 0) > (c.before.buffers or 0)
    ]
    if worse:
        return f"reads more buffers for {', '.join(worse)}"
    if measured and sum(c.after.buffers or 0 for c in measured) >= sum(
        c.before.buffers or 0 for c in measured
    ):
        return "reads no fewer buffers than without it"
    if estimated and sum(c.after.cost for c in estimated) >= sum(c.before.cost for c in estimated):
        return "built for real, the generic plans cost no less"
    return None
