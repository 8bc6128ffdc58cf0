"""The diff corpus: every case in `cases/` planned and run both ways, over rows, judged twice.

A case is a folder: `before.sql` (the current schema), `after.sql` (the
desired one, which may hold rename markers), `case.toml` (what to expect:
the hazard kinds of each direction, whether the upgrade runs statements
outside a transaction, rename hints, rows to check, a rollback that must be
refused), and optionally `rows.sql` (rows of the before database, with
`[rows]` a query and the rows it returns after the upgrade and after the
rollback) and `rows.after.sql` (rows of the after database).

Per case, on two emptied databases of the worker's pool (`pool.py`): apply
`before` to one and `after` to the other, and put a row in every table
(`fill.py`). Forward: plan from the first catalog to the second, run the
upgrade as a migration would (runs of transactional statements in a
transaction, the others in autocommit), expect exactly the desired catalog,
the same normalised `pg_dump --schema-only` as the built database
(`pgdump.py`) and an empty new diff; run the rollback, expect the current
catalog again. Reverse: the plan from the desired catalog to the current
one, run on the after database (with its rows), judged the same way.
"""

import time

import pytest

from primedb.catalog import Catalog, read_catalog
from primedb.diff import Plan, diff, parse_rename, plan_sql
from primedb.diff.markers import file_renames

from . import pgdump
from .fill import fill
from .harness import (
    Case,
    all_cases,
    differences,
    execute,
    reversed_hints,
    rows_of,
    run_script,
)
from .pool import DatabasePool

CASES = all_cases()
KINDS = (
    "schema",
    "extension",
    "enum",
    "domain",
    "sequence",
    "function",
    "procedure",
    "table",
    "column",
    "pk",
    "unique",
    "check",
    "fk",
    "exclusion",
    "index",
    "view",
    "matview",
    "trigger",
    "policy",
    "partition",
    "monthly",
    "rename",
    "collation",
    "composite",
    "aggregate",
    "inherit",
    "grant",
    "default_privileges",
    "owner",
)


def test_the_corpus_is_large_and_covers_every_kind_of_change() -> None:
    assert len(CASES) >= 200
    names = {c.name for c in CASES}
    for kind in KINDS:
        assert any(n.startswith(kind) for n in names), kind
    for verb in ("add", "drop", "change", "rename"):
        assert any(verb in n for n in names), verb
    seen = {k for c in CASES for k in c.up_hazards | c.down_hazards}
    # Every hazard kind the diff can raise; missing_lock_timeout and
    # unbounded_dml belong to `primedb lint` (a plan always sets its timeouts
    # and never changes rows).
    from primedb.diff import HazardKind

    planned = {k.value for k in HazardKind} - {"missing_lock_timeout", "unbounded_dml"}
    assert planned <= seen, planned - seen


def _run(dsn: str, plan: Plan, direction: str, refused: str | None) -> None:
    statements = plan.up() if direction == "up" else plan.down()
    if refused is None:
        execute(dsn, statements, plan.timeouts)
        return
    with pytest.raises(AssertionError, match=refused):
        execute(dsn, statements, plan.timeouts)


def _upgrade(
    dsn: str, plan: Plan, desired: Catalog, desired_dump: list[str], refused: str | None
) -> None:
    """Run the plan's upgrade; expect the desired catalog, dump and no diff left."""
    shown = plan_sql(plan)
    _run(dsn, plan, "up", refused)
    if refused is not None:
        return
    upgraded = read_catalog(dsn, with_owners=desired.owners_included)
    assert differences(upgraded, desired) == [], shown
    assert diff(upgraded, desired).empty, shown
    got = pgdump.dump(dsn)
    assert got == desired_dump, pgdump.difference(got, desired_dump) + "\n" + shown


def _rollback(dsn: str, plan: Plan, current: Catalog, refused: str | None) -> None:
    """Run the plan's rollback; expect the catalog it started from (or the refusal)."""
    _run(dsn, plan, "down", refused)
    if refused is not None:
        return
    rolled_back = read_catalog(dsn, with_owners=current.owners_included)
    assert differences(rolled_back, current) == [], plan_sql(plan, "down")
    assert diff(rolled_back, current).empty


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, pool: DatabasePool) -> None:
    started = time.perf_counter()
    with pool.databases(2) as (here, there):
        run_script(here, case.before)
        if case.rows_sql:
            run_script(here, case.rows_sql)
        run_script(there, case.after)
        if case.rows_after_sql:
            run_script(there, case.rows_after_sql)
        dumps = pgdump.start(here), pgdump.start(there)
        owners = case.with_owners
        current = read_catalog(here, with_owners=owners)
        desired = read_catalog(there, with_owners=owners)
        if case.fill_before:
            assert fill(here) == [], "tables left empty: give them rows in rows.sql"
        if case.fill_after:
            assert fill(there) == [], "tables left empty: give them rows in rows.after.sql"
        current_dump, desired_dump = pgdump.finish(dumps[0]), pgdump.finish(dumps[1])
        hints = [parse_rename(h) for h in case.renames] + file_renames(case.after, "after.sql")

        # Forward: the before database brought to the after schema, and back.
        plan = diff(current, desired, renames=hints)
        assert not plan.empty
        shown = plan_sql(plan)
        assert {h.kind.value for _, h in plan.hazards("up")} == case.up_hazards, shown
        assert {h.kind.value for _, h in plan.hazards("down")} == case.down_hazards, shown
        assert any(not s.transactional for s in plan.up()) == case.non_transactional, shown
        if "order" in case.extra:
            assert [c.description for c in plan.changes] == case.extra["order"]["up"], shown
        _upgrade(here, plan, desired, desired_dump, None)
        if case.query_up:
            assert rows_of(here, case.query_up) == case.rows_after_up
        _rollback(here, plan, current, case.down_refused)
        if case.query_down and case.down_refused is None:
            assert rows_of(here, case.query_down) == case.rows_after_down

        # Reverse: the after database, with its rows, brought to the before schema.
        back = diff(desired, current, renames=reversed_hints(hints))
        assert not back.empty
        _upgrade(there, back, current, current_dump, case.reverse_refused)
        if case.reverse_refused is None:
            _rollback(there, back, desired, None)
    print(f"\ncorpus-case {case.name} {time.perf_counter() - started:.3f}s")
