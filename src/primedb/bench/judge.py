"""`primedb bench` as one call: measure the cases, save them, judge them against a baseline.

The order matters for a CI log: the conditions are read and checked against
the baseline's before anything is measured (a run that cannot be compared
fails in a second, naming the difference); the baseline is written only once
every case was measured; the JUnit file is written whatever the verdict, so
that the CI shows the failed cases.
"""

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from primedb.bench.baseline import Baseline, load_baseline, shown, write_baseline
from primedb.bench.conditions import Conditions, DataSpec, differences
from primedb.bench.gate import Comparison, Tolerances, compare
from primedb.bench.junit import write_junit
from primedb.bench.record import Record
from primedb.bench.report import BenchResult
from primedb.bench.revisions import SchemaFacts
from primedb.bench.run import run_bench
from primedb.bench.session import prepare_session
from primedb.errors import PrimedbError, UsageError
from primedb.pg.connect import connect
from primedb.sqlfiles import NamedQuery

__all__ = [
    "BenchSettings",
    "bench_database",
    "data_to_build",
    "existing_baseline",
    "in_ci",
    "save_hint",
]

FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True, slots=True, kw_only=True)
class BenchSettings:
    rounds: int = 10
    warmup: int = 1
    save: Path | None = None
    baseline: Baseline | None = None
    tolerances: Tolerances = field(default_factory=Tolerances)
    time_note: str | None = None  # why time is not compared, when it is not
    allow_different_conditions: bool = False
    junit: Path | None = None
    migrations_dir: Path | None = None
    only: Sequence[str] = ()  # the query names asked for (none: all)
    save_hint: str = "update the baseline with primedb bench --save NAME"


def in_ci() -> bool:
    """True when the `CI` variable says so (GitHub Actions, GitLab, Buildkite... set it)."""
    return os.environ.get("CI", "").strip().lower() not in FALSE_WORDS


def save_hint(baseline_path: Path, baselines_dir: Path) -> str:
    """`update the baseline with primedb bench --save ci` (a name when it can be one)."""
    inside = baseline_path.parent.resolve() == baselines_dir.resolve()
    target = baseline_path.stem if inside and baseline_path.suffix == ".json" else baseline_path
    return f"update the baseline with `primedb bench --save {target}`"


def existing_baseline(path: Path | None) -> Baseline | None:
    """The baseline already at `path` (a --save target), if there is a readable one."""
    if path is None or not path.is_file():
        return None
    try:
        return load_baseline(path)
    except PrimedbError:
        return None  # not a baseline: --save overwrites it, and nothing is taken from it


def data_to_build(
    baseline: Baseline | None, scale: float | None, seed: int | None, as_of: dt.date | None
) -> DataSpec:
    """The data of the embedded default: as asked, else the baseline's (the one compared with,
    else the one about to be saved over, so a refreshed baseline keeps its month), else scale
    0.01, seed 1, this month."""
    known = baseline.conditions.data if baseline else DataSpec()
    today = dt.datetime.now(dt.UTC).date().replace(day=1)
    return DataSpec(
        scale=scale if scale is not None else known.scale if known.scale is not None else 0.01,
        seed=seed if seed is not None else known.seed if known.seed is not None else 1,
        as_of=(as_of or known.as_of or today).replace(day=1),
    )


def bench_database(
    dsn: str, queries: Sequence[NamedQuery], *, data: DataSpec, settings: BenchSettings
) -> BenchResult:
    """Measure `queries` on `dsn` (whose data `data` describes), save and compare as set."""
    baseline = settings.baseline
    allowed: list[str] = []
    # Saving some queries (NAME given) over a baseline updates their cases in it.
    kept = existing_baseline(settings.save) if settings.only else None

    def accept(conditions: Conditions) -> None:
        if kept is not None:
            _check_partial_save(kept, conditions)
        if baseline is None:
            return
        found = differences(baseline.conditions, conditions)
        if found and not settings.allow_different_conditions:
            raise UsageError(
                f"the baseline {shown(baseline.path)} was measured under other conditions: "
                f"{'; '.join(found)}; measure under the same ones, or pass "
                "--allow-different-conditions to compare only rows and plans"
            )
        allowed.extend(found)

    run = run_bench(
        dsn, queries, data=data, rounds=settings.rounds, warmup=settings.warmup, accept=accept
    )
    records = run.records
    if settings.save is not None:
        saved = _merged(kept, records) if kept is not None else records
        write_baseline(settings.save, run.conditions, saved, rounds=run.rounds, warmup=run.warmup)
    comparison: Comparison | None = None
    if baseline is not None:
        with connect(dsn, autocommit=True) as conn:
            prepare_session(conn)
            facts = SchemaFacts(
                conn,
                settings.migrations_dir,
                since=baseline.conditions.revision,
                until=run.conditions.revision,
            )
            comparison = compare(
                baseline,
                records,
                plans=run.plans,
                facts=facts,
                tolerances=settings.tolerances,
                save_hint=settings.save_hint,
                different_conditions=allowed,
                time_note=settings.time_note,
                only=settings.only,
                current=run.conditions,
            )
    if settings.junit is not None:
        write_junit(settings.junit, records, comparison)
    return BenchResult(run=run, comparison=comparison, saved=settings.save)


def _check_partial_save(kept: Baseline, conditions: Conditions) -> None:
    """Some cases may join a baseline only if the others still hold: same conditions, schema."""
    found = list(differences(kept.conditions, conditions))
    if kept.conditions.schema_hash != conditions.schema_hash:
        found.append("the schema")
    if found:
        raise UsageError(
            f"cannot update some queries in {shown(kept.path)}: it was measured under other "
            f"conditions ({'; '.join(found)}); save every query (no NAME) to replace it"
        )


def _merged(kept: Baseline, records: Sequence[Record]) -> list[Record]:
    """The kept records, with those of the queries measured again replaced by `records`
    where the first of them stood (at the end for queries new to the baseline)."""
    queries = {r.query for r in records}
    out: list[Record] = []
    placed = False
    for record in kept.records:
        if record.query not in queries:
            out.append(record)
        elif not placed:
            out.extend(records)
            placed = True
    return out if placed else [*out, *records]
