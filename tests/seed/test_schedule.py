"""The scheduler of seed jobs: needs first, longest chain first, no two jobs that lock each
other out, and a failure that stops the others."""

import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from primedb.seed.jobs import Job, Phase, Session
from primedb.seed.locks import Claim, Lock, clash
from primedb.seed.schedule import run_jobs


@pytest.fixture
def connections(dsn: str) -> Iterator[list[psycopg.Connection[Any]]]:
    conns = [psycopg.connect(dsn, autocommit=True) for _ in range(2)]
    conns[0].execute("CREATE TABLE a (x int); CREATE TABLE b (x int)")
    yield conns
    for conn in conns:
        conn.close()


class Log:
    """What ran when, on which backend (intervals, not durations, are compared)."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[float, float]] = {}
        self.backends: dict[str, int] = {}
        self.lock = threading.Lock()

    def job(self, name: str, sql: str = "SELECT 1", **kw: Any) -> Job:
        def run(session: Session) -> None:
            start = time.monotonic()
            session.conn.execute(sql)
            with self.lock:
                self.spans[name] = (start, time.monotonic())
                self.backends[name] = session.conn.info.backend_pid

        return Job(name, Phase.INDEXES, run, **kw)

    def overlap(self, a: str, b: str) -> bool:
        (a0, a1), (b0, b1) = self.spans[a], self.spans[b]
        return a0 < b1 and b0 < a1


def test_a_job_starts_once_its_needs_are_done(connections: list[Any]) -> None:
    log = Log()
    jobs = [
        log.job("last", needs=frozenset({"first", "second"})),
        log.job("first", "SELECT pg_sleep(0.2)"),
        log.job("second"),
    ]
    timings = run_jobs(connections, jobs)
    assert log.spans["last"][0] >= max(log.spans["first"][1], log.spans["second"][1])
    assert {t.job for t in timings} == {"first", "second", "last"}


def test_jobs_without_a_lock_conflict_run_side_by_side(connections: list[Any]) -> None:
    log = Log()
    share = (Claim("public.a", Lock.SHARE),)  # two CREATE INDEX on one table: no conflict
    run_jobs(
        connections,
        [log.job(n, "SELECT pg_sleep(0.3)", claims=share) for n in ("one", "two")],
    )
    assert log.overlap("one", "two")
    assert log.backends["one"] != log.backends["two"]


def test_jobs_whose_locks_conflict_never_overlap(connections: list[Any]) -> None:
    log = Log()
    # Two foreign keys to one table both take SHARE ROW EXCLUSIVE on it.
    jobs = [
        log.job(n, "SELECT pg_sleep(0.2)", claims=(Claim("public.a", Lock.SHARE_ROW_EXCLUSIVE),))
        for n in ("fk1", "fk2")
    ]
    run_jobs(connections, jobs)
    assert not log.overlap("fk1", "fk2")


def test_the_longest_chain_starts_first(connections: list[Any]) -> None:
    log = Log()
    jobs = [
        log.job("short", cost=1.0),
        log.job("head", cost=1.0),
        log.job("tail", cost=5.0, needs=frozenset({"head"})),
    ]
    run_jobs(connections[:1], jobs)
    order = sorted(log.spans, key=lambda n: log.spans[n][0])
    assert order == ["head", "tail", "short"]


def test_a_failure_cancels_the_running_jobs_and_is_raised(connections: list[Any]) -> None:
    seen: list[BaseException] = []

    def slow(session: Session) -> None:
        try:
            session.conn.execute("SELECT pg_sleep(60)")
        except psycopg.Error as exc:
            seen.append(exc)
            raise

    def failing(session: Session) -> None:
        time.sleep(0.2)  # the slow one is running by now
        session.conn.execute("SELECT 1/0")

    jobs = [Job("slow", Phase.COPY, slow, cost=2.0), Job("fails", Phase.COPY, failing)]
    with pytest.raises(psycopg.errors.DivisionByZero):
        run_jobs(connections, jobs)
    assert [type(e) for e in seen] == [psycopg.errors.QueryCanceled]


def test_each_job_commits_on_its_own_unless_the_transaction_is_shared(
    dsn: str, connections: list[Any]
) -> None:
    xids: list[int] = []

    def record(session: Session) -> None:
        row = session.conn.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()
        xids.append(row[0])

    jobs = [Job(f"j{i}", Phase.COPY, record) for i in range(3)]
    run_jobs(connections, jobs)
    assert len(set(xids)) == 3
    xids.clear()
    with psycopg.connect(dsn) as conn:
        run_jobs([conn], jobs, shared_transaction=True)
        conn.rollback()
    assert len(set(xids)) == 1


def test_a_job_that_can_never_start_is_an_error(connections: list[Any]) -> None:
    with pytest.raises(ValueError, match="unknown jobs"):
        run_jobs(connections, [Job("orphan", Phase.COPY, lambda s: None, needs=frozenset({"x"}))])


def test_a_job_alone_at_the_end_is_told_the_idle_cores(connections: list[Any]) -> None:
    told: dict[str, int] = {}

    def tell(name: str) -> Any:
        def run(session: Session) -> None:
            told[name] = session.idle

        return run

    run_jobs(connections, [Job("alone", Phase.INDEXES, tell("alone"))], cores=4)
    assert told == {"alone": 3}


@pytest.mark.parametrize(
    ("ours", "theirs", "conflict"),
    [
        (Lock.SHARE, Lock.SHARE, False),  # CREATE INDEX beside CREATE INDEX
        (Lock.SHARE, Lock.ROW_EXCLUSIVE, True),  # CREATE INDEX waits for writers
        (Lock.SHARE_ROW_EXCLUSIVE, Lock.SHARE_ROW_EXCLUSIVE, True),  # FK beside FK
        (Lock.SHARE_UPDATE_EXCLUSIVE, Lock.SHARE_UPDATE_EXCLUSIVE, True),  # ANALYZE twice
        (Lock.ACCESS_SHARE, Lock.EXCLUSIVE, False),
        (Lock.ACCESS_EXCLUSIVE, Lock.ACCESS_SHARE, True),
        (Lock.ROW_SHARE, Lock.SHARE_UPDATE_EXCLUSIVE, False),
    ],
)
def test_lock_conflicts_are_postgresqls(ours: Lock, theirs: Lock, conflict: bool) -> None:
    assert ours.conflicts_with(theirs) is conflict
    assert theirs.conflicts_with(ours) is conflict  # the table is symmetric
    assert clash([Claim("t", ours)], [Claim("t", theirs)]) is conflict
    assert not clash([Claim("t", ours)], [Claim("u", theirs)])  # other relations never clash


def test_the_lock_table_matches_the_servers(dsn: str) -> None:
    # Each pair the table calls conflicting makes a real LOCK TABLE ... NOWAIT fail.
    with psycopg.connect(dsn, autocommit=True) as setup:
        setup.execute("CREATE TABLE t (x int)")
    with psycopg.connect(dsn) as holder, psycopg.connect(dsn) as other:
        for held in Lock:
            holder.execute(f"LOCK TABLE t IN {held.value} MODE")
            for wanted in Lock:
                try:
                    other.execute(f"LOCK TABLE t IN {wanted.value} MODE NOWAIT")
                    waited = False
                except psycopg.errors.LockNotAvailable:
                    waited = True
                other.rollback()
                assert waited is wanted.conflicts_with(held), (held, wanted)
            holder.rollback()
