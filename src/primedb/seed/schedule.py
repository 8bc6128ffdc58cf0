"""Run jobs on several connections at once, longest chain first, never two that would lock
each other out.

Each connection has a thread. A free thread takes, among the jobs whose needs
are done and whose locks clash with no running job's, the one heading the
longest chain of remaining work (its cost plus that of its longest line of
dependents), so the work that decides the end starts first. When a job fails
the others are cancelled (their transactions roll back) and the first error
is raised once every thread has stopped.

With one connection and `shared_transaction`, jobs run one after another in
the connection's open transaction, which the caller commits or rolls back.
"""

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.seed.jobs import Job, Phase, Session
from primedb.seed.locks import clash

__all__ = ["Timing", "run_jobs"]


@dataclass(frozen=True, slots=True)
class Timing:
    """A stretch of one job's time spent on one phase (time.perf_counter() seconds)."""

    job: str
    phase: Phase
    start: float
    end: float


def run_jobs(
    connections: Sequence[psycopg.Connection[Any]],
    jobs: Sequence[Job],
    *,
    shared_transaction: bool = False,
    cores: int | None = None,
    on_done: Callable[[Job], None] = lambda job: None,
) -> list[Timing]:
    """Run every job; returns when all are done, or raises the first failure.

    `cores` (default: one per connection) is what a job's `Session.idle` counts
    from: the cores the running jobs leave free when nothing else can start.
    """
    if shared_transaction and len(connections) != 1:
        raise ValueError("a shared transaction needs exactly one connection")
    runner = _Runner(connections, jobs, shared_transaction, on_done, cores or len(connections))
    return runner.run()


def _ranks(jobs: Sequence[Job]) -> dict[str, float]:
    """Each job's cost plus the largest rank among the jobs that need it."""
    dependents: dict[str, list[Job]] = {j.name: [] for j in jobs}
    for job in jobs:
        for need in job.needs:
            dependents[need].append(job)
    ranks: dict[str, float] = {}

    def rank(job: Job) -> float:
        if job.name not in ranks:
            after = max((rank(d) for d in dependents[job.name]), default=0.0)
            ranks[job.name] = job.cost + after
        return ranks[job.name]

    for job in jobs:
        rank(job)
    return ranks


class _Stretches:
    """The phases of one running job's time."""

    def __init__(self, job: Job) -> None:
        self._job = job.name
        self._phase = job.phase
        self._since = time.perf_counter()
        self._done: list[Timing] = []

    def mark(self, phase: Phase) -> None:
        now = time.perf_counter()
        self._done.append(Timing(self._job, self._phase, self._since, now))
        self._phase, self._since = phase, now

    def close(self) -> list[Timing]:
        self.mark(self._phase)
        return self._done


class _Runner:
    def __init__(
        self,
        connections: Sequence[psycopg.Connection[Any]],
        jobs: Sequence[Job],
        shared: bool,
        on_done: Callable[[Job], None],
        cores: int,
    ) -> None:
        names = {j.name for j in jobs}
        if len(names) != len(jobs):
            raise ValueError("job names must be unique")
        missing = {n for j in jobs for n in j.needs} - names
        if missing:
            raise ValueError(f"jobs need unknown jobs: {sorted(missing)}")
        self._connections = connections
        self._shared = shared
        self._cores = cores
        self._on_done = on_done
        self._ranks = _ranks(jobs)
        self._pending = sorted(jobs, key=lambda j: -self._ranks[j.name])
        self._done: set[str] = set()
        self._running: dict[int, Job] = {}  # worker index -> job
        self._timings: list[Timing] = []
        self._errors: list[BaseException] = []
        self._state = threading.Condition()

    def run(self) -> list[Timing]:
        if len(self._connections) == 1:
            self._work(0)  # no thread: an interrupt reaches the job directly
        else:
            threads = [
                threading.Thread(target=self._work, args=(i,), name=f"primedb-seed-{i}")
                for i in range(len(self._connections))
            ]
            for thread in threads:
                thread.start()
            while alive := [t for t in threads if t.is_alive()]:
                try:
                    alive[0].join(timeout=0.1)
                except BaseException as exc:  # Ctrl-C while waiting: stop the others
                    self._fail(exc)
                if self._errors:
                    # A cancel reaches the statement running then; a job of several
                    # statements may have started the next one since.
                    self._cancel_busy()
        if self._errors:
            raise self._errors[0]
        return self._timings

    def _work(self, worker: int) -> None:
        conn = self._connections[worker]
        try:
            while True:
                with self._state:
                    job, idle = self._next(worker)
                    if job is None:
                        return
                stretches = _Stretches(job)
                session = Session(conn, idle, stretches.mark)
                if self._shared:
                    job.run(session)
                else:
                    with conn.transaction():
                        job.run(session)
                with self._state:
                    del self._running[worker]
                    self._done.add(job.name)
                    self._timings.extend(stretches.close())
                    self._on_done(job)
                    self._state.notify_all()
        except BaseException as exc:
            self._fail(exc, worker)

    def _next(self, worker: int) -> tuple[Job | None, int]:
        """The job this worker runs next (None: nothing left, or a failure), and how many
        connections stay idle beside it; waits while nothing can start yet."""
        while True:
            if self._errors or not self._pending:
                return None, 0
            startable = [j for j in self._pending if self._can_start(j)]
            if startable:
                job = startable[0]  # pending is sorted by rank
                self._pending.remove(job)
                self._running[worker] = job
                others = any(self._can_start(j) for j in self._pending)
                idle = 0 if others else max(0, self._cores - len(self._running))
                return job, idle
            if not self._running:
                raise RuntimeError(f"seed jobs cannot start: {[j.name for j in self._pending]}")
            self._state.wait()

    def _can_start(self, job: Job) -> bool:
        if not job.needs <= self._done:
            return False
        return not any(clash(job.claims, other.claims) for other in self._running.values())

    def _fail(self, error: BaseException, worker: int | None = None) -> None:
        with self._state:
            self._errors.append(error)
            if worker is not None:
                self._running.pop(worker, None)
            self._state.notify_all()
        self._cancel_busy()

    def _cancel_busy(self) -> None:
        """Cancel the statements of the running jobs: they fail, their threads stop."""
        with self._state:
            busy = [self._connections[w] for w in self._running]
        for conn in busy:
            conn.cancel()
