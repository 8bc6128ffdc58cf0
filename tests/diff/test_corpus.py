"""The diff corpus: every case in `cases/` planned, applied, re-diffed and rolled back.

A case is a folder: `before.sql` (the current schema), `after.sql` (the
desired one, which may hold rename markers), `case.toml` (what to expect:
the hazard kinds of each direction, whether the upgrade runs statements
outside a transaction, rename hints, and for cases with `rows.sql` a query
and the rows it returns after the upgrade and after the rollback, which show
what a change keeps and what it loses).

Per case, on two fresh databases of the session server: apply `before` (and
its rows) to one and `after` to the other, plan from the first catalog to the
second, run the upgrade as a migration would (runs of transactional
statements in a transaction, the others in autocommit), expect exactly the
desired catalog and an empty new diff, run the rollback, expect exactly the
current catalog again.
"""

import pytest

from primedb.catalog import read_catalog
from primedb.diff import diff, parse_rename, plan_sql
from primedb.diff.markers import file_renames

from .harness import Case, all_cases, databases, differences, execute, rows_of, run_script

CASES = all_cases()


def test_the_corpus_is_large_and_covers_every_kind_of_change() -> None:
    assert len(CASES) >= 80
    names = {c.name for c in CASES}
    for kind in (
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
    ):
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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, server_dsn: str, empty_template: str) -> None:
    with databases(server_dsn, empty_template, 2) as (here, there):
        run_script(here, case.before)
        if case.rows_sql:
            run_script(here, case.rows_sql)
        run_script(there, case.after)
        current, desired = read_catalog(here), read_catalog(there)
        hints = [parse_rename(h) for h in case.renames] + file_renames(case.after, "after.sql")

        plan = diff(current, desired, renames=hints)
        assert not plan.empty
        shown = plan_sql(plan)
        assert {h.kind.value for _, h in plan.hazards("up")} == case.up_hazards, shown
        assert {h.kind.value for _, h in plan.hazards("down")} == case.down_hazards, shown
        assert any(not s.transactional for s in plan.up()) == case.non_transactional, shown

        execute(here, plan.up(), plan.timeouts)
        upgraded = read_catalog(here)
        assert differences(upgraded, desired) == [], shown
        assert diff(upgraded, desired).empty
        if case.query_up:
            assert rows_of(here, case.query_up) == case.rows_after_up

        execute(here, plan.down(), plan.timeouts)
        rolled_back = read_catalog(here)
        assert differences(rolled_back, current) == [], plan_sql(plan, "down")
        assert diff(rolled_back, current).empty
        if case.query_down:
            assert rows_of(here, case.query_down) == case.rows_after_down
