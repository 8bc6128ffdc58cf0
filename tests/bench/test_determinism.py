"""What the gate relies on: the same data gives exactly the same rows, plans and buffers.

Every canonical query, both samples: the gate run five times on the same
tree finds nothing (not even a note), and a database built again from
scratch with the same scale, seed and month compares equal to the first.
Times are left out: they are the one figure that is not the same twice.
"""

import secrets
from pathlib import Path

from primedb.bench import BenchResult, BenchSettings, Record, Tolerances, load_baseline, settle
from primedb.pg import drop_database
from primedb.sandbox import build_sandbox

from ._helpers import AS_OF, MIGRATIONS, SCALE, SEED, run


def _exact(records: tuple[Record, ...]) -> list[tuple[object, ...]]:
    """What must repeat exactly: everything but the times."""
    return [(r.key, r.params, r.rows, r.checksum, r.shape, r.buffers) for r in records]


def _judged(dsn: str, baseline: Path) -> BenchResult:
    settings = BenchSettings(
        rounds=2,  # rounds must agree: two are enough to see it
        baseline=load_baseline(baseline),
        tolerances=Tolerances(check_time=False),
        migrations_dir=MIGRATIONS,
    )
    return run(dsn, settings=settings)


def test_the_gate_finds_nothing_on_an_unchanged_tree_five_times(
    bench_dsn: str, tmp_path: Path
) -> None:
    path = tmp_path / "base.json"
    first = run(bench_dsn, settings=BenchSettings(rounds=3, save=path))
    assert len(first.run.records) == 60  # 30 canonical queries, heavy and typical
    assert all(m.unstable is None for m in first.run.measurements)
    for _ in range(5):
        result = _judged(bench_dsn, path)
        assert result.comparison is not None
        assert result.comparison.findings == (), [f.line for f in result.comparison.findings]
        assert _exact(result.run.records) == _exact(first.run.records)


def test_a_database_built_again_from_scratch_compares_equal(
    server_dsn: str, bench_dsn: str, tmp_path: Path
) -> None:
    path = tmp_path / "base.json"
    first = run(bench_dsn, settings=BenchSettings(rounds=3, save=path))
    name = f"t_{secrets.token_hex(5)}"
    try:
        box = build_sandbox(
            server_dsn,
            migrations_dir=MIGRATIONS,
            database=name,
            scale=SCALE,
            seed=SEED,
            as_of=AS_OF,
        )
        settle(box.dsn)
        again = _judged(box.dsn, path)
    finally:
        drop_database(server_dsn, name)
    assert again.comparison is not None
    assert again.comparison.findings == (), [f.line for f in again.comparison.findings]
    assert _exact(again.run.records) == _exact(first.run.records)
