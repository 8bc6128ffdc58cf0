"""Choose the indexes to advise: greedy by cost saved per byte, consolidated, above a floor.

1. **Baseline**: each case's estimated cost with the indexes that exist.
2. **Screening**: each candidate alone, costed on the cases of the statements
   that proposed it; those the planner does not use, or that save too little,
   go. (The greedy step then costs the survivors on every case of their table.)
3. **Greedy**: repeatedly add the candidate whose marginal saving (with the
   ones already chosen in place) per byte of index is highest, re-costing
   lazily: a candidate's last score is an upper bound of its next one, so it
   is re-costed only when it reaches the top (the CELF trick). A candidate is
   taken only if it saves at least `MIN_SHARE` of some case's cost and at
   least `MIN_COST` cost units: noise is not advice.
4. **Consolidation**: when a chosen index is a prefix of a later one (same
   table and predicate, see `IndexSpec.prefix_of`), the shorter is dropped,
   and a candidate that is a prefix of a chosen one is not considered again;
   nor is the same search in the other form, partial or keyed (the one with
   the better saving per byte, usually the smaller partial index, came first).
   At the end, a chosen index that no case's plan reads any more is dropped.

Savings are weighted per case (1 per sampled parameter set of a named query;
the share of total time for `pg_stat_statements`).
"""

import heapq
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from primedb.analyzers.advice.candidates import Candidate
from primedb.analyzers.advice.whatif import CandidateFailed, Hypothetical, PlanCost, WhatIf
from primedb.analyzers.workload import Case

__all__ = ["MIN_COST", "MIN_SHARE", "Choice", "Rejection", "Selection", "select_indexes"]

MIN_SHARE = 0.20  # of a case's current cost
MIN_COST = 5.0  # cost units (about five random page reads' worth of sequential ones)

log = logging.getLogger("primedb")

Key = tuple[str, str]  # (query name, sample)


@dataclass(frozen=True, slots=True)
class Choice:
    """A chosen index: what HypoPG (or a build) estimated, and the cases whose plans read it."""

    candidate: Candidate
    size_bytes: int
    cases: tuple[Key, ...]


@dataclass(frozen=True, slots=True)
class Rejection:
    candidate: Candidate
    why: str


@dataclass(frozen=True, slots=True)
class Selection:
    chosen: tuple[Choice, ...]
    rejected: tuple[Rejection, ...]
    base: Mapping[Key, PlanCost]
    final: Mapping[Key, PlanCost]
    screened: int  # candidates costed alone
    screening_seconds: float
    costings: int  # EXPLAINs run, screening and greedy together
    seconds: float

    @property
    def screened_per_second(self) -> float:
        return self.screened / self.screening_seconds if self.screening_seconds else 0.0


@dataclass(slots=True)
class _Trial:
    candidate: Candidate
    size_bytes: int = 0
    costs: dict[Key, float] = field(default_factory=dict)
    used: frozenset[Key] = frozenset()


class _Greedy:
    def __init__(
        self,
        whatif: WhatIf,
        cases: Sequence[Case],
        tables_of: Callable[[Case], frozenset[tuple[str, str]]],
    ) -> None:
        self.whatif = whatif
        self.cases = {c.key: c for c in cases}
        self.on_table: dict[tuple[str, str], list[Key]] = {}
        for case in cases:
            for table in tables_of(case):
                self.on_table.setdefault(table, []).append(case.key)
        self.costings = 0
        self.current: dict[Key, PlanCost] = {}
        self.chosen: list[tuple[Candidate, Hypothetical]] = []
        self.rejected: list[Rejection] = []

    def cost(self, keys: Sequence[Key]) -> dict[Key, PlanCost]:
        self.costings += len(keys)
        return {key: self.whatif.cost(self.cases[key]) for key in keys}

    def trial(self, candidate: Candidate) -> _Trial | None:
        """`candidate` added to what is chosen: the costs of the cases on its table."""
        keys = self.on_table.get(candidate.table, [])
        self.costings += len(keys)
        try:
            screened = self.whatif.screen(candidate.spec, [self.cases[k] for k in keys])
        except CandidateFailed as exc:
            self.rejected.append(Rejection(candidate, f"PostgreSQL refused it: {exc}"))
            return None
        return _Trial(candidate, screened.size_bytes, screened.costs, screened.used)

    def screen(self, candidates: Sequence[Candidate]) -> list[_Trial | None]:
        """Each candidate alone, on the cases of the statements that proposed it."""
        jobs = []
        for candidate in candidates:
            keys = [k for k in self.on_table.get(candidate.table, []) if k[0] in candidate.queries]
            self.costings += len(keys)
            jobs.append((candidate.spec, [self.cases[k] for k in keys]))
        trials: list[_Trial | None] = []
        for candidate, result in zip(candidates, self.whatif.screen_many(jobs), strict=True):
            if isinstance(result, CandidateFailed):
                self.rejected.append(Rejection(candidate, f"PostgreSQL refused it: {result}"))
                trials.append(None)
            else:
                trials.append(_Trial(candidate, result.size_bytes, result.costs, result.used))
        return trials

    def saving(self, trial: _Trial) -> tuple[float, bool]:
        """The weighted cost saved, and whether some case gains enough to count."""
        total, enough = 0.0, False
        for key in trial.used:
            before, after = self.current[key].total, trial.costs[key]
            saved = before - after
            total += saved * self.cases[key].weight
            enough = enough or (saved >= MIN_COST and saved >= MIN_SHARE * before)
        for key, cost in trial.costs.items():
            if key not in trial.used:  # a plan that got dearer elsewhere counts against it
                total -= max(cost - self.current[key].total, 0.0) * self.cases[key].weight
        return total, enough

    def take(self, trial: _Trial) -> None:
        index = self.whatif.add(trial.candidate.spec)
        self.chosen.append((trial.candidate, index))
        for shorter in [c for c in self.chosen if c[0].spec.prefix_of(trial.candidate.spec)]:
            if shorter[0] is trial.candidate:
                continue
            self.whatif.remove(shorter[1])
            self.chosen.remove(shorter)
            self.rejected.append(
                Rejection(shorter[0], f"a prefix of {trial.candidate.spec.default_name()}")
            )
        self.current.update(self.cost(self.on_table.get(trial.candidate.table, [])))


def select_indexes(
    whatif: WhatIf,
    cases: Sequence[Case],
    candidates: Sequence[Candidate],
    tables_of: Callable[[Case], frozenset[tuple[str, str]]],
) -> Selection:
    """Screen `candidates` on `cases`, then choose greedily (see the module docstring)."""
    started = time.perf_counter()
    greedy = _Greedy(whatif, cases, tables_of)
    base = greedy.cost(list(greedy.cases))
    greedy.current = dict(base)
    heap: list[tuple[float, int, int]] = []  # (-score, order, candidate index)
    trials: dict[int, _Trial] = {}
    screen_started = time.perf_counter()
    for number, trial in enumerate(greedy.screen(candidates)):
        candidate = candidates[number]
        if trial is None:
            continue
        saved, enough = greedy.saving(trial)
        if not trial.used:
            greedy.rejected.append(Rejection(candidate, "the planner would not use it"))
        elif not enough or saved <= 0:
            greedy.rejected.append(Rejection(candidate, "it saves too little"))
        else:
            trials[number] = trial
            heapq.heappush(heap, (-saved / max(trial.size_bytes, 1), number, 0))
    screening = time.perf_counter() - screen_started
    log.info(
        "screened %d candidates in %.2f s (%s), %d worth a closer look",
        len(candidates),
        screening,
        whatif.kind,
        len(trials),
    )
    round_ = 0
    while heap:
        _, number, stamp = heapq.heappop(heap)
        candidate = candidates[number]
        if any(candidate.spec.prefix_of(c.spec) for c, _ in greedy.chosen):
            greedy.rejected.append(Rejection(candidate, "a prefix of a chosen index"))
            continue
        if candidate.family is not None and any(
            candidate.family == c.family for c, _ in greedy.chosen
        ):
            greedy.rejected.append(
                Rejection(candidate, "the same search as a chosen index, partial or keyed")
            )
            continue
        if stamp == round_:
            greedy.take(trials[number])
            round_ += 1
            continue
        trial = greedy.trial(candidate)
        if trial is None:
            continue
        saved, enough = greedy.saving(trial)
        if not enough or saved <= 0 or not trial.used:
            greedy.rejected.append(Rejection(candidate, "the indexes chosen before serve it"))
            continue
        trials[number] = trial
        heapq.heappush(heap, (-saved / max(trial.size_bytes, 1), number, round_))
    return _finish(greedy, base, len(candidates), screening, started)


def _finish(
    greedy: _Greedy, base: dict[Key, PlanCost], screened: int, screening: float, started: float
) -> Selection:
    """Drop chosen indexes no plan reads any more; say which cases each one serves."""
    while True:
        reads = {
            id(c): [k for k, cost in greedy.current.items() if cost.indexes & h.names]
            for c, h in greedy.chosen
        }
        idle = [(c, h) for c, h in greedy.chosen if not reads[id(c)]]
        if not idle:
            break
        for candidate, index in idle:
            greedy.whatif.remove(index)
            greedy.chosen.remove((candidate, index))
            greedy.rejected.append(
                Rejection(candidate, "indexes chosen after it serve its queries")
            )
        greedy.current.update(greedy.cost(list(greedy.cases)))
    chosen = tuple(
        Choice(candidate, index.size_bytes, tuple(reads[id(candidate)]))
        for candidate, index in greedy.chosen
    )
    for _, index in greedy.chosen:
        greedy.whatif.remove(index)
    return Selection(
        chosen=chosen,
        rejected=tuple(greedy.rejected),
        base=base,
        final=dict(greedy.current),
        screened=screened,
        screening_seconds=screening,
        costings=greedy.costings,
        seconds=time.perf_counter() - started,
    )
