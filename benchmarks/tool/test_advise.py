"""The index advisor at scale 1: from constraints-only indexes to advice, against schema/'s own.

Three databases hold the same seeded rows: (a) with only the indexes the
constraints need (every other index of the schema dropped), (b) with
`schema/`'s own indexes, (c) = (a) plus the indexes `primedb advise` verified
when run on (a). Every canonical query is measured on each, for each sampled
parameter set (a warm-up, then the median of 5 runs of EXPLAIN (ANALYZE,
BUFFERS)): the table prints buffers and ms side by side, and c/b, the
advised set's buffers over schema/'s. The advise run itself (candidates,
HypoPG screening, greedy selection, verification by real builds) is what is
timed, with its candidates screened per second in extra_info.
`test_hypopg_screening_rate` screens every candidate on its own, five rounds:
candidates per second of wall time, and per second of the server process's
CPU time (from /proc, when the server runs on this machine), which a busy
machine does not distort.

Run: `.venv/bin/pytest benchmarks/tool/test_advise.py --benchmark-only -s`.
`PRIMEDB_BENCH_DSN` names a seeded database at the schema's head to copy
(its server must let primedb create databases); without it a throwaway
cluster is seeded at `PRIMEDB_BENCH_SCALE` (default 1).
"""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from primedb.analyzers.advice.advisor import AdviseSettings, advise
from primedb.analyzers.advice.baseline import drop_optional_indexes
from primedb.analyzers.advice.candidates import accesses_of, candidates_for
from primedb.analyzers.advice.catalog import read_catalog
from primedb.analyzers.advice.report import AdviceReport
from primedb.analyzers.advice.verify import VerifyMode
from primedb.analyzers.advice.whatif import HypoWhatIf
from primedb.analyzers.workload import Case, measure, named_cases
from primedb.pg import connect, create_database, drop_database, throwaway_cluster, with_dbname
from primedb.queries import load_mutations, load_queries
from primedb.sandbox import build_sandbox
from primedb.texttable import table

ROOT = Path(__file__).resolve().parents[2]
SCALE = float(os.environ.get("PRIMEDB_BENCH_SCALE", "1"))


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[str, str]]:
    """(server DSN, name of a seeded database at head) to copy."""
    given = os.environ.get("PRIMEDB_BENCH_DSN")
    if given:
        with connect(given) as conn:
            row = conn.execute("SELECT current_database()").fetchone()
        assert row is not None
        yield with_dbname(given, "postgres"), str(row[0])
        return
    with throwaway_cluster() as cluster:
        box = build_sandbox(cluster.dsn(), migrations_dir=ROOT / "migrations", scale=SCALE)
        yield cluster.dsn(), box.database


NAMES = {kind: f"bench_advise_{kind}_{secrets.token_hex(3)}" for kind in ("constraints", "schema")}


@pytest.fixture(scope="module")
def copies(seeded: tuple[str, str]) -> Iterator[dict[str, str]]:
    server, source = seeded
    names = NAMES
    dsns = {kind: create_database(server, name, template=source) for kind, name in names.items()}
    with connect(dsns["constraints"]) as conn:
        drop_optional_indexes(conn)
    for dsn in dsns.values():
        with connect(dsn, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    yield dsns
    for name in names.values():
        drop_database(server, name)


def _advised_copy(server: str, source: str, report: AdviceReport) -> tuple[str, str]:
    name = f"bench_advise_advised_{secrets.token_hex(3)}"
    dsn = create_database(server, name, template=source)
    with connect(dsn, autocommit=True) as conn:
        for index in report.indexes:
            conn.execute(index.definition)
        conn.execute("VACUUM ANALYZE")
    return name, dsn


def _measure_all(dsn: str, cases: list[Case]) -> dict[tuple[str, str], Any]:
    with connect(dsn, autocommit=True) as conn:
        return {case.key: measure(conn, case, runs=5) for case in cases}


def test_advise_from_constraints_only(benchmark: Any, copies: dict[str, str]) -> None:
    queries = load_queries(ROOT / "queries")
    mutations = list(load_mutations(ROOT / "queries").values())
    with connect(copies["constraints"], autocommit=True) as conn:
        cases = named_cases(conn, queries.values())
    reports: list[AdviceReport] = []

    def run() -> None:
        reports.append(
            advise(
                copies["constraints"],
                cases,
                mutations=mutations,
                settings=AdviseSettings(verify=VerifyMode.COPY),
            )
        )

    benchmark.pedantic(run, rounds=1, iterations=1)
    report = reports[-1]
    server = with_dbname(copies["constraints"], "postgres")
    advised_name, advised = _advised_copy(server, NAMES["constraints"], report)
    try:
        figures = {kind: _measure_all(dsn, cases) for kind, dsn in copies.items()}
        figures["advised"] = _measure_all(advised, cases)
    finally:
        drop_database(server, advised_name)
    rows = []
    for case in cases:
        a, b, c = (figures[k][case.key] for k in ("constraints", "schema", "advised"))
        rows.append(
            {
                "query": case.query.name,
                "sample": case.sample,
                "(a) buffers": a.buffers,
                "(b) buffers": b.buffers,
                "(c) buffers": c.buffers,
                "c/b": f"{c.buffers / b.buffers:.2f}" if b.buffers else "-",
                "(a) ms": f"{a.execution_ms:.2f}",
                "(b) ms": f"{b.execution_ms:.2f}",
                "(c) ms": f"{c.execution_ms:.2f}",
            }
        )
    worst = max((r["(c) buffers"] / max(r["(b) buffers"], 1), r["query"]) for r in rows)
    benchmark.extra_info.update(
        {
            "advised": [i.definition for i in report.indexes],
            "candidates": report.candidates,
            "candidates_screened_per_second": round(report.screened_per_second, 1),
            "plans_costed": report.costings,
            "advise_seconds": round(report.seconds, 2),
            "worst_c_over_b": [round(worst[0], 2), worst[1]],
            "table": rows,
        }
    )
    print()
    print(report.as_text())
    print()
    print(table(rows))
    print(
        f"\nadvise run {report.seconds:.1f} s; {report.candidates} candidates, "
        f"{report.screened_per_second:,.0f} screened/s; worst c/b {worst[0]:.2f} ({worst[1]})"
    )


def _backend_cpu_seconds(pid: int) -> float | None:
    """utime + stime of a server process on this machine, from /proc; None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_hypopg_screening_rate(benchmark: Any, copies: dict[str, str]) -> None:
    """Every candidate of the canonical workload screened once (HypoPG, one round trip)."""
    queries = load_queries(ROOT / "queries")
    with connect(copies["constraints"], autocommit=True) as conn:
        cases = named_cases(conn, queries.values())
        catalog = read_catalog(conn)
        accesses = accesses_of(queries.values(), catalog)
        candidates = candidates_for(accesses, catalog)
        once = [(c.spec, [k for k in cases if k.query.name in c.queries]) for c in candidates]
        jobs = once * 10  # ten times over: a round outlasts the CPU clock's 10 ms ticks
        what_if = HypoWhatIf(conn)
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        pid = int(row[0])
        cpu: list[float] = []

        def screen() -> None:
            before = _backend_cpu_seconds(pid)
            what_if.screen_many(jobs)
            after = _backend_cpu_seconds(pid)
            if before is not None and after is not None:
                cpu.append(after - before)

        benchmark.pedantic(screen, rounds=5, iterations=1, warmup_rounds=1)
        what_if.close()
    fastest = benchmark.stats.stats.min
    benchmark.extra_info.update(
        {
            "candidates": len(candidates),
            "screened_per_round": len(jobs),
            "plans_per_round": sum(len(c) for _, c in jobs),
            "candidates_per_second_wall": round(len(jobs) / fastest, 1),
            "candidates_per_backend_cpu_second": (
                round(len(jobs) / min(cpu), 1) if cpu and min(cpu) > 0 else None
            ),
        }
    )
    print(f"\nscreening: {benchmark.extra_info}")
