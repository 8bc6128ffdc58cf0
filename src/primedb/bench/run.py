"""Run the benchmark of the canonical queries on one database: conditions, then every case.

One connection, in autocommit (each round is its own transaction, so no
snapshot is held across the run), with the benchmark session's settings
(`primedb.bench.session`, read-only included: the canonical queries only read,
and a database given with --dsn must not be changed by a benchmark).
"""

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from primedb.analyzers.plans import Plan
from primedb.bench.cases import bench_cases
from primedb.bench.conditions import Conditions, DataSpec, read_conditions
from primedb.bench.measure import Measurement, measure
from primedb.bench.record import Record
from primedb.bench.session import prepare_session
from primedb.pg.connect import connect
from primedb.sqlfiles import NamedQuery

__all__ = ["BenchRun", "run_bench"]

log = logging.getLogger("primedb")


@dataclass(frozen=True, slots=True)
class BenchRun:
    conditions: Conditions
    measurements: tuple[Measurement, ...]
    rounds: int
    warmup: int
    seconds: float

    @property
    def records(self) -> tuple[Record, ...]:
        return tuple(Record.of(m) for m in self.measurements)

    @property
    def plans(self) -> dict[tuple[str, str], Plan]:
        return {m.case.key: m.plan for m in self.measurements}


def run_bench(
    dsn: str,
    queries: Sequence[NamedQuery],
    *,
    data: DataSpec,
    rounds: int,
    warmup: int,
    accept: Callable[[Conditions], None] | None = None,
) -> BenchRun:
    """Measure every case of `queries` on `dsn`, `warmup` rounds dropped and `rounds` kept.

    `accept` sees the conditions before anything is measured, and may refuse them.
    """
    started = time.perf_counter()
    with connect(dsn, autocommit=True) as conn:
        prepare_session(conn)
        conditions = read_conditions(conn, dsn, data)
        if accept is not None:
            accept(conditions)
        cases = bench_cases(conn, queries)
        measurements = []
        for case in cases:
            measured = measure(conn, case, rounds=rounds, warmup=warmup)
            log.debug(
                "bench: %s: %d rows, %d buffers, median %.3f ms",
                case.label,
                measured.rows,
                measured.buffers,
                measured.median_ms,
            )
            measurements.append(measured)
    seconds = time.perf_counter() - started
    log.info("measured %d cases in %.1f s", len(measurements), seconds)
    return BenchRun(conditions, tuple(measurements), rounds, warmup, seconds)
