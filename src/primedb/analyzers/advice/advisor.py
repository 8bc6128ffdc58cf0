"""`primedb advise`, end to end: candidates, what-if, selection, verification, the report.

The steps are the modules of this package, in order: read the catalog
(`catalog`), read each statement's shape and propose candidates
(`candidates`), cost them with HypoPG, or by real builds where HypoPG is
missing (`whatif`), choose (`selection`), build the chosen ones for real and
measure (`verify`), and report each index with its write cost (`writecost`,
`report`).
"""

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from primedb.analyzers.advice.candidates import Candidate, accesses_of, candidates_for
from primedb.analyzers.advice.catalog import Catalog, TableFacts, read_catalog
from primedb.analyzers.advice.report import (
    AdviceReport,
    AdvisedIndex,
    Rejected,
    Served,
    online_statements,
)
from primedb.analyzers.advice.selection import Choice, Selection, select_indexes
from primedb.analyzers.advice.spec import IndexSpec
from primedb.analyzers.advice.verify import Built, Figures, VerifyMode, verify_indexes
from primedb.analyzers.advice.whatif import BuiltWhatIf, HypoWhatIf, WhatIf, hypopg_installed
from primedb.analyzers.advice.writecost import Update, updates_of, write_cost
from primedb.analyzers.workload import Case
from primedb.errors import UsageError
from primedb.pg import connect
from primedb.sqlfiles import NamedQuery

__all__ = ["AdviseSettings", "advise"]

log = logging.getLogger("primedb")

Tables = dict[str, set[tuple[str, str]]]  # query name -> (schema, table) it reads


@dataclass(frozen=True, slots=True)
class AdviseSettings:
    verify: VerifyMode
    runs: int = 3  # measured runs per case before and after, after one warm-up
    lock_timeout_ms: int = 1_000  # for builds on the user's own database


def advise(
    dsn: str,
    cases: Sequence[Case],
    *,
    mutations: Sequence[NamedQuery] = (),
    settings: AdviseSettings,
    progress: Callable[[str], None] | None = None,
) -> AdviceReport:
    """Advise indexes for `cases` on the database of `dsn` (see the module docstring)."""
    started = time.perf_counter()
    notes: list[str] = []
    with connect(dsn, autocommit=True) as conn:
        catalog = read_catalog(conn)
        queries = list({c.query.name: c.query for c in cases}.values())
        accesses = accesses_of(queries, catalog)
        candidates = candidates_for(accesses, catalog)
        tables: Tables = {}
        for access in accesses:
            tables.setdefault(access.query, set()).add((access.table.schema, access.table.name))
        log.info("%d candidates from %d statements", len(candidates), len(queries))
        if hypopg_installed(conn):
            selection = _select(HypoWhatIf(conn), cases, candidates, tables)
        elif settings.verify is VerifyMode.NONE:
            raise UsageError(
                "hypopg is not installed in this database and --no-verify forbids building "
                "indexes; CREATE EXTENSION hypopg, or let advise build them (on a copy of the "
                "database, or with --verify-on-this-database)"
            )
        else:
            notes.append(
                "HypoPG is not installed in this database: every candidate was costed by a "
                "real build, in a transaction rolled back at the end (slower)"
            )
            with connect(dsn) as building:
                what_if = BuiltWhatIf(building, lock_timeout_ms=settings.lock_timeout_ms)
                selection = _select(what_if, cases, candidates, tables)
        named = _names(selection.chosen, catalog)
        rejected = [
            Rejected(r.candidate.spec.definition(r.candidate.spec.default_name()), r.why)
            for r in selection.rejected
        ]
        updates = updates_of(mutations)
        advised: list[AdvisedIndex] = []
        if settings.verify is VerifyMode.NONE:
            notes.append("not verified (--no-verify): the figures are the planner's estimates")
            for name, choice in named:
                advised.append(_estimated(name, choice, selection, catalog, updates))
        else:
            touched = {
                (choice.candidate.spec.schema, choice.candidate.spec.table) for _, choice in named
            }
            affected = [c for c in cases if tables.get(c.query.name, set()) & touched]
            specs = [(name, choice.candidate.spec) for name, choice in named]
            for built in verify_indexes(
                conn,
                specs,
                affected,
                runs=settings.runs,
                lock_timeout_ms=settings.lock_timeout_ms,
                progress=progress,
            ):
                if built.verified:
                    advised.append(_verified(built, catalog, updates))
                else:
                    definition = built.spec.definition(built.name)
                    rejected.append(Rejected(definition, built.why or "", verification=True))
    return AdviceReport(
        indexes=tuple(advised),
        rejected=tuple(rejected),
        whatif=BuiltWhatIf.kind if notes and "real build" in notes[0] else HypoWhatIf.kind,
        verification=settings.verify,
        cases=len(cases),
        candidates=len(candidates),
        screened_per_second=selection.screened_per_second,
        costings=selection.costings,
        seconds=time.perf_counter() - started,
        notes=tuple(notes),
    )


def _select(
    what_if: WhatIf, cases: Sequence[Case], candidates: Sequence[Candidate], tables: Tables
) -> Selection:
    try:
        return select_indexes(
            what_if, cases, candidates, lambda case: frozenset(tables.get(case.query.name, ()))
        )
    finally:
        what_if.close()


def _names(chosen: Sequence[Choice], catalog: Catalog) -> list[tuple[str, Choice]]:
    """A name for each chosen index, unused in its schema."""
    taken = set(catalog.index_names())
    named = []
    for choice in chosen:
        base = name = choice.candidate.spec.default_name()
        number = 1
        while name in taken:
            number += 1
            name = f"{base[:59]}_{number}"
        taken.add(name)
        named.append((name, choice))
    return named


def _table(catalog: Catalog, spec: IndexSpec) -> TableFacts:
    table = catalog.table(spec.table, spec.schema)
    assert table is not None  # candidates are made for the catalog's tables only
    return table


def _statements(name: str, spec: IndexSpec, catalog: Catalog) -> tuple[str, ...]:
    table = _table(catalog, spec)
    return online_statements(name, spec, table.partitions, table.partitioned)


def _verified(built: Built, catalog: Catalog, updates: Sequence[Update]) -> AdvisedIndex:
    spec = built.spec
    return AdvisedIndex(
        name=built.name,
        spec=spec,
        statements=_statements(built.name, spec, catalog),
        size_bytes=built.size_bytes,
        size_measured=True,
        write_cost=write_cost(spec, _table(catalog, spec), catalog, updates),
        served=tuple(
            Served(c.case.query.name, c.case.sample, c.before, c.after) for c in built.checks
        ),
        verified=True,
        replaces=built.replaces,
    )


def _estimated(
    name: str,
    choice: Choice,
    selection: Selection,
    catalog: Catalog,
    updates: Sequence[Update],
) -> AdvisedIndex:
    spec = choice.candidate.spec
    served = []
    for key in choice.cases:
        before, after = selection.base[key], selection.final[key]
        if before.plan is None or after.plan is None:
            continue
        served.append(
            Served(
                key[0], key[1], Figures(before.total, before.plan), Figures(after.total, after.plan)
            )
        )
    return AdvisedIndex(
        name=name,
        spec=spec,
        statements=_statements(name, spec, catalog),
        size_bytes=choice.size_bytes,
        size_measured=False,
        write_cost=write_cost(spec, _table(catalog, spec), catalog, updates),
        served=tuple(served),
        verified=False,
    )
