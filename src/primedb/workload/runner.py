"""Run the workload: worker threads drawing operations from the mix for a duration.

The storage is opened with a Prometheus registry (`DatabaseStorage.open(...,
registry=...)`), exactly as an application would, so the in-process page
(served with `--metrics`) shows the pool and the named queries moving while
the run lasts. A `Recorder` listens beside the histogram for the exact
figures of the summary. Workers share one pool of `concurrency` connections.
"""

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from prometheus_client import CollectorRegistry

from primedb.errors import DatabaseUnreachable, UsageError
from primedb.exporters import QueryLatency
from primedb.queries import load_all
from primedb.secrets import mask
from primedb.storage import AesGcmKeyring, DatabaseStorage, PoolSettings, StorageError
from primedb.workload.entities import Entities, load_entities
from primedb.workload.mix import pick
from primedb.workload.recorder import Recorder, Tee
from primedb.workload.secrets import SeededSecrets
from primedb.workload.summary import QueryFigures, WorkloadSummary, percentile

__all__ = ["HEALTH_CHECK", "Progress", "run_workload"]

# What a load balancer's health check sends: unnamed SQL, counted under its operation.
HEALTH_CHECK = "SELECT 1"
_HEALTH_CHECK_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Progress:
    elapsed: float
    duration: float
    operations: int
    refused: int


class _Tally:
    def __init__(self) -> None:
        self.operations = 0
        self.refusals: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.failure: BaseException | None = None


def _worker(
    storage: DatabaseStorage,
    latency: QueryLatency,
    entities: Entities,
    rng: random.Random,
    deadline: float,
    tally: _Tally,
    stop: threading.Event,
) -> None:
    done, refusals = 0, Counter[str]()
    try:
        while not stop.is_set() and time.monotonic() < deadline:
            if rng.random() < _HEALTH_CHECK_SHARE:
                with storage.pool.connection() as conn, latency.timed(HEALTH_CHECK):
                    conn.execute(HEALTH_CHECK)
            else:
                step = pick(rng)
                try:
                    step.run(storage, entities, rng)
                except StorageError as exc:
                    refusals[type(exc).__name__] += 1
            done += 1
            if done % 64 == 0:
                with tally.lock:
                    tally.operations += done
                    tally.refusals.update(refusals)
                done, refusals = 0, Counter()
    except (DatabaseUnreachable, psycopg.OperationalError) as exc:
        tally.failure = exc
        stop.set()
    finally:
        with tally.lock:
            tally.operations += done
            tally.refusals.update(refusals)


def run_workload(
    dsn: str,
    *,
    duration: float,
    concurrency: int,
    registry: CollectorRegistry,
    seed: int = 1,
    pool_name: str = "primedb.workload",
    progress: Callable[[Progress], None] | None = None,
) -> WorkloadSummary:
    """Run the mix on `dsn` for `duration` seconds with `concurrency` workers."""
    if concurrency < 1:
        raise UsageError(f"--concurrency {concurrency} must be at least 1")
    try:
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            entities = load_entities(conn)
    except psycopg.OperationalError as exc:
        raise DatabaseUnreachable(
            f"cannot connect to {mask(dsn)}: {str(exc).strip().splitlines()[0]}; check the DSN"
        ) from exc
    recorder = Recorder()
    tally = _Tally()
    stop = threading.Event()
    with DatabaseStorage.open(
        dsn,
        box=SeededSecrets(AesGcmKeyring.generate("workload-1")),
        pool=PoolSettings(min_size=concurrency, max_size=concurrency),
        queries=load_all(),
        registry=registry,
        pool_name=pool_name,
    ) as storage:
        latency = storage.observer
        assert isinstance(latency, QueryLatency)
        storage.observer = Tee(latency, recorder)
        started = time.monotonic()
        deadline = started + duration
        workers = [
            threading.Thread(
                target=_worker,
                args=(storage, latency, entities, random.Random(seed * 1000 + i), deadline),
                kwargs={"tally": tally, "stop": stop},
                name=f"workload-{i}",
                daemon=True,
            )
            for i in range(concurrency)
        ]
        for worker in workers:
            worker.start()
        try:
            while any(w.is_alive() for w in workers) and not stop.wait(1.0):
                if progress is not None:
                    with tally.lock:
                        snapshot = Progress(
                            time.monotonic() - started,
                            duration,
                            tally.operations,
                            sum(tally.refusals.values()),
                        )
                    progress(snapshot)
        finally:
            stop.set()
            for worker in workers:
                worker.join()
        elapsed = time.monotonic() - started
    if tally.failure is not None:
        raise DatabaseUnreachable(
            f"the workload lost the database after {elapsed:.1f} s "
            f"({str(tally.failure).strip().splitlines()[0]}); check the server and rerun"
        ) from tally.failure
    return _summary(recorder, tally, elapsed, concurrency)


def _summary(
    recorder: Recorder, tally: _Tally, elapsed: float, concurrency: int
) -> WorkloadSummary:
    queries = []
    for name, samples in sorted(recorder.seconds.items()):
        ordered = sorted(samples)
        queries.append(
            QueryFigures(
                query=name,
                count=len(ordered),
                errors=recorder.failures.get(name, 0),
                p50_ms=percentile(ordered, 0.50) * 1000,
                p99_ms=percentile(ordered, 0.99) * 1000,
            )
        )
    return WorkloadSummary(
        seconds=elapsed,
        concurrency=concurrency,
        operations=tally.operations,
        refused=sum(tally.refusals.values()),
        queries=tuple(queries),
        error_classes=tuple(sorted(recorder.classes.items())),
        refusals=tuple(sorted(tally.refusals.items())),
    )
