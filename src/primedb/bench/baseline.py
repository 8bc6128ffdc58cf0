"""Baseline files: pytest-benchmark's JSON, with primedb's conditions and records inside.

A baseline is the JSON document pytest-benchmark writes (`--benchmark-json`,
`--benchmark-save`): `machine_info`, `commit_info`, `benchmarks`, `datetime`,
`version`. primedb puts its conditions in `machine_info["primedb"]` and each
case's record in the `extra_info` of its entry, named as pytest names the same
case in `benchmarks/queries/test_queries.py` (`test_query[<query>-<sample>]`).
So `primedb bench --save` writes what `pytest-benchmark compare` reads, and
`primedb bench --compare` reads what the pytest suite saves.

The `stats` of an entry written by `primedb bench` are the server's execution
times of its rounds (EXPLAIN ANALYZE), in seconds as pytest-benchmark keeps
them; the suite's are the client's round trips. The gate reads neither: it
compares the execution times in the records, measured the same way by both.

Baselines are committed under `benchmarks/baselines/` (`--save ci` writes
`benchmarks/baselines/ci.json`); a path (with a `/` or ending in `.json`) is
taken as it is.
"""

import datetime as dt
import json
import math
import os
import platform
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primedb import __version__
from primedb.bench.conditions import Conditions
from primedb.bench.record import Record
from primedb.errors import BadInput, UsageError

__all__ = [
    "Baseline",
    "baseline_path",
    "entry_name",
    "load_baseline",
    "shown",
    "write_baseline",
]

SUITE = "benchmarks/queries/test_queries.py"
PYTEST_BENCHMARK_FORMAT = "5.2.3"  # the version of pytest-benchmark whose format this writes
TIMER = "server execution time (EXPLAIN ANALYZE)"


@dataclass(frozen=True, slots=True)
class Baseline:
    path: Path
    conditions: Conditions
    records: tuple[Record, ...]
    saved_at: str | None = None

    def get(self, key: tuple[str, str]) -> Record | None:
        return next((r for r in self.records if r.key == key), None)


def baseline_path(spec: str, folder: Path) -> Path:
    """`ci` -> `<folder>/ci.json`; a path (with a `/` or a `.json` suffix) as it is."""
    if "/" in spec or os.sep in spec or spec.endswith(".json"):
        return Path(spec)
    if not spec or spec.startswith("."):
        raise UsageError(f"baseline name {spec!r} is not a name; give e.g. --save ci")
    return folder / f"{spec}.json"


def shown(path: Path) -> str:
    """`path` as a message shows it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def entry_name(query: str, sample: str) -> str:
    """The pytest name of a case: its test id in the suite."""
    return f"test_query[{query}-{sample}]"


def load_baseline(path: Path) -> Baseline:
    """The baseline at `path`; a file that is not one is refused, naming what is wrong."""
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise UsageError(
            f"no baseline at {path}; make one with primedb bench --save {path.stem}"
        ) from exc
    except (OSError, ValueError) as exc:
        raise BadInput(f"{path} is not a JSON baseline ({exc}); save it again") from exc
    if not isinstance(document, dict) or not isinstance(document.get("benchmarks"), list):
        raise BadInput(f"{path} is not a pytest-benchmark JSON file (no benchmarks list)")
    info = (document.get("machine_info") or {}).get("primedb")
    if not isinstance(info, dict) or "conditions" not in info:
        raise BadInput(
            f"{path} has no primedb conditions (machine_info.primedb); it was not saved by "
            "primedb bench --save or by the suite of benchmarks/queries/"
        )
    conditions = Conditions.from_dict(info["conditions"], str(path))
    records = []
    for entry in document["benchmarks"]:
        where = f"{path}: {entry.get('name', '?') if isinstance(entry, dict) else '?'}"
        extra = entry.get("extra_info") if isinstance(entry, dict) else None
        if not isinstance(extra, dict) or "query" not in extra:
            continue  # another benchmark saved in the same file: not a case of the gate
        records.append(Record.from_extra_info(extra, where))
    if not records:
        raise BadInput(f"{path} holds no canonical query benchmark; save it again")
    return Baseline(path, conditions, tuple(records), document.get("datetime"))


def write_baseline(
    path: Path, conditions: Conditions, records: Sequence[Record], *, rounds: int, warmup: int
) -> None:
    """Write `records` measured under `conditions` as a pytest-benchmark JSON file."""
    document = {
        "machine_info": machine_info(conditions, rounds=rounds, warmup=warmup),
        "commit_info": {},
        "benchmarks": [_entry(r, rounds=rounds, warmup=warmup) for r in records],
        "datetime": dt.datetime.now(dt.UTC).isoformat(),
        "version": PYTEST_BENCHMARK_FORMAT,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n")


def machine_info(conditions: Conditions, *, rounds: int, warmup: int) -> dict[str, Any]:
    """pytest-benchmark's `machine_info` (the fields `compare` shows), with primedb's in it."""
    return {
        "machine": platform.machine(),
        "processor": platform.processor(),
        "python_implementation": platform.python_implementation(),
        "python_version": platform.python_version(),
        "system": platform.system(),
        "release": platform.release(),
        "cpu": {"count": os.cpu_count()},
        "primedb": primedb_info(conditions, rounds=rounds, warmup=warmup),
    }


def primedb_info(conditions: Conditions, *, rounds: int, warmup: int) -> dict[str, Any]:
    return {
        "version": __version__,
        "conditions": conditions.as_dict(),
        "rounds": rounds,
        "warmup": warmup,
    }


def _entry(record: Record, *, rounds: int, warmup: int) -> dict[str, Any]:
    name = entry_name(record.query, record.sample)
    seconds = [ms / 1000 for ms in record.execution_ms] or [record.median_ms / 1000]
    return {
        "group": record.query,
        "name": name,
        "fullname": f"{SUITE}::{name}",
        "params": {"query": record.query, "sample": record.sample},
        "param": f"{record.query}-{record.sample}",
        "extra_info": record.extra_info(),
        "options": {"timer": TIMER, "warmup": warmup, "min_rounds": rounds},
        # Without the rounds' data, as pytest-benchmark saves by default (--benchmark-save-data
        # adds it): a committed baseline then changes by a few lines per case when refreshed.
        "stats": {**_stats(seconds), "iterations": 1},
    }


def _stats(data: Sequence[float]) -> Mapping[str, Any]:
    """The statistics pytest-benchmark keeps for an entry, over `data` (seconds)."""
    ordered = sorted(data)
    n = len(ordered)
    mean = statistics.fmean(ordered)
    stddev = statistics.stdev(ordered) if n > 1 else 0.0
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if n > 1 else ordered * 3
    iqr = q3 - q1
    low, high = q1 - 1.5 * iqr, q3 + 1.5 * iqr
    iqr_outliers = sum(1 for v in ordered if v < low or v > high)
    stddev_outliers = sum(1 for v in ordered if abs(v - mean) > stddev)
    total = math.fsum(ordered)
    return {
        "min": ordered[0],
        "max": ordered[-1],
        "mean": mean,
        "stddev": stddev,
        "rounds": n,
        "median": statistics.median(ordered),
        "iqr": iqr,
        "q1": q1,
        "q3": q3,
        "iqr_outliers": iqr_outliers,
        "stddev_outliers": stddev_outliers,
        "outliers": f"{stddev_outliers};{iqr_outliers}",
        "ld15iqr": min(v for v in ordered if v >= low),
        "hd15iqr": max(v for v in ordered if v <= high),
        "ops": n / total if total else 0.0,
        "total": total,
    }
