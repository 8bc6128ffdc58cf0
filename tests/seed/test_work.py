"""The seed's work cut into jobs on the real schema: what loads side by side, what each
rebuild waits for, and which jobs would lock each other out.

The scheduler (test_schedule) runs whatever these jobs allow; these tests check the
jobs allow what the seed promises: the big tables load at the same time, every index
of a partition builds on its own as soon as its table is in, every foreign key waits
for both tables and the index it relies on, and every object set aside is rebuilt
exactly once.
"""

import itertools
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest

from primedb.seed import generate, plan, seed_database
from primedb.seed.jobs import Job, Phase, Session
from primedb.seed.load import resolve_target
from primedb.seed.locks import Lock, clash
from primedb.seed.rebuild import Builds
from primedb.seed.setaside import SetAside, capture
from primedb.seed.work import analyze_jobs, seed_jobs
from primedb.seed.world import Sizes, make_world

BIG = ("usage_records", "audit_logs", "notifications")  # each over 1/20 of the rows


@pytest.fixture
def graph(schema_dsn: str) -> Iterator[tuple[list[Job], SetAside]]:
    """The jobs of a seed at scale 0.01 of the schema database, and what it sets aside."""
    tables = plan(make_world(Sizes.at(0.01), 1, date(2026, 3, 1)))
    with psycopg.connect(schema_dsn) as conn:
        aside = capture(conn, [t.name for t in tables])
        work = [(t, resolve_target(conn, t.name)) for t in tables]
        conn.rollback()
    yield seed_jobs(work, aside, lambda block: None, lambda phase, name: None, {}), aside


def _by_name(jobs: list[Job]) -> dict[str, Job]:
    return {j.name: j for j in jobs}


def _together(jobs: list[Job]) -> Job:
    return next(j for j in jobs if j.phase is Phase.COPY and "," in j.name)


def test_each_big_table_loads_in_a_job_of_its_own_and_the_rest_together(
    graph: tuple[list[Job], SetAside],
) -> None:
    jobs, aside = graph
    loads = [j for j in jobs if j.phase is Phase.COPY]
    assert {j.name for j in loads} - {_together(jobs).name} == {f"load {t}" for t in BIG}
    small = {r.root for r in aside.relations} - set(BIG)
    assert set(_together(jobs).name.removeprefix("load ").split(", ")) == small
    # Nothing comes before a load, and no two loads lock each other out: they all
    # may stream at once.
    assert all(not j.needs for j in loads)
    for a, b in itertools.combinations(loads, 2):
        assert not clash(a.claims, b.claims), (a.name, b.name)


def test_every_index_and_foreign_key_set_aside_is_rebuilt_once(
    graph: tuple[list[Job], SetAside],
) -> None:
    jobs, aside = graph
    small = aside.subset(_together(jobs).name.removeprefix("load ").split(", "))
    index_jobs = [j for j in jobs if j.phase is Phase.INDEXES]
    assert len(index_jobs) + len(Builds(small)) == len(Builds(aside))
    assert len(index_jobs) == len({j.name for j in index_jobs})
    fk_jobs = [j for j in jobs if j.phase is Phase.FOREIGN_KEYS]
    assert len(fk_jobs) + len(small.foreign_keys) == len(aside.foreign_keys)
    named = {j.name.rsplit(".", 1)[1] for j in fk_jobs} | {fk.name for fk in small.foreign_keys}
    assert named == {fk.name for fk in aside.foreign_keys}


def test_an_index_of_a_partition_waits_only_for_its_table_and_builds_beside_the_others(
    graph: tuple[list[Job], SetAside],
) -> None:
    jobs, aside = graph
    partitions = {r.qualified: r for r in aside.relations if r.level == 1}
    leaves = [
        j
        for j in jobs
        if j.phase is Phase.INDEXES and len(j.claims) == 1 and j.claims[0].relation in partitions
    ]
    # A plain index on every monthly partition of both partitioned big tables.
    assert {partitions[j.claims[0].relation].root for j in leaves} == {
        "usage_records",
        "audit_logs",
    }
    for job in leaves:
        root = partitions[job.claims[0].relation].root
        assert job.needs == {f"load {root}"}, job.name
        assert job.claims[0].mode is Lock.SHARE
    # Two partitions' builds, two builds on one partition, a build beside another
    # table's load: none waits for the other.
    jobs_by_name = _by_name(jobs)
    for a, b in itertools.combinations(leaves, 2):
        assert not clash(a.claims, b.claims), (a.name, b.name)
    first = leaves[0]
    other = next(t for t in BIG if t != partitions[first.claims[0].relation].root)
    assert not clash(first.claims, jobs_by_name[f"load {other}"].claims)


def test_a_foreign_key_waits_for_both_tables_and_the_index_it_relies_on(
    graph: tuple[list[Job], SetAside],
) -> None:
    jobs, aside = graph
    jobs_by_name = _by_name(jobs)
    fk = next(f for f in aside.foreign_keys if f.name == "usage_records_bucket_fkey")
    job = jobs_by_name[f"foreign key public.usage_records.{fk.name}"]
    # buckets and its unique index come from the job loading the small tables.
    assert job.needs == {"load usage_records", _together(jobs).name}
    fk_jobs = [j for j in jobs if j.phase is Phase.FOREIGN_KEYS]
    for fk_job in fk_jobs:
        table = fk_job.name.split(".")[1]
        assert f"load {table}" in fk_job.needs or _together(jobs).name in fk_job.needs
    # Two foreign keys to users take SHARE ROW EXCLUSIVE on it both: never side by side.
    to_users = [
        jobs_by_name[f"foreign key public.{f.table_name}.{f.name}"]
        for f in aside.foreign_keys
        if f.referenced_table == "users" and f.table_name in BIG
    ]
    assert len(to_users) >= 2
    assert clash(to_users[0].claims, to_users[1].claims)


def test_each_table_is_analyzed_by_one_job_and_two_tables_side_by_side(
    graph: tuple[list[Job], SetAside],
) -> None:
    _, aside = graph
    tables = plan(make_world(Sizes.at(0.01), 1, date(2026, 3, 1)))
    jobs = analyze_jobs(tables, aside)
    assert [j.name for j in jobs] == [f"analyze {t.name}" for t in tables]
    by_name = _by_name(jobs)
    # A partitioned table's ANALYZE covers its partitions: it claims them too.
    audit = {c.relation for c in by_name["analyze audit_logs"].claims}
    assert {r.qualified for r in aside.relations if r.root == "audit_logs"} == audit
    assert not clash(by_name["analyze audit_logs"].claims, by_name["analyze users"].claims)


def test_a_seed_on_two_connections_loads_two_big_tables_at_once(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first two load jobs meet at a barrier: run one after the other, the first
    # would wait alone and the seed would fail.
    barrier = threading.Barrier(2, timeout=60)
    met: list[tuple[str, int]] = []
    lock = threading.Lock()
    real = generate.seed_jobs

    def meeting(job: Job) -> Job:
        def run(session: Session) -> None:
            with lock:
                first_two = len(met) < 2
                if first_two:
                    met.append((job.name, session.conn.info.backend_pid))
            if first_two:
                barrier.wait()
            job.run(session)

        return Job(job.name, job.phase, run, job.cost, job.needs, job.claims)

    def jobs(*args: Any) -> list[Job]:
        return [meeting(j) if j.phase is Phase.COPY else j for j in real(*args)]

    monkeypatch.setattr(generate, "seed_jobs", jobs)
    report = seed_database(schema_dsn, scale=0.01, connections=2)
    assert report.connections == 2
    assert len(met) == 2
    assert len({pid for _, pid in met}) == 2  # two backends
    assert all(name.startswith("load ") for name, _ in met)
