"""What the bench tests share: the data they describe, and the bench run as the CLI runs it."""

import datetime as dt
from pathlib import Path

from primedb.bench import BenchResult, BenchSettings, DataSpec, bench_database
from primedb.queries import load_queries

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "migrations"
QUERIES = ROOT / "queries"
SCALE = 0.01  # the tests' tiny data set, as tests/conftest.py seeds it
SEED = 1
AS_OF = dt.date(2026, 12, 1)  # pinned: the data does not move with the calendar
DATA = DataSpec(scale=SCALE, seed=SEED, as_of=AS_OF)


def run(
    dsn: str,
    names: tuple[str, ...] = (),
    *,
    queries_dir: Path = QUERIES,
    data: DataSpec = DATA,
    rounds: int = 3,
    settings: BenchSettings | None = None,
) -> BenchResult:
    """The bench on `dsn` (the queries named, else all), as `primedb bench` runs it."""
    found = load_queries(queries_dir)
    queries = [found[n] for n in names] if names else list(found.values())
    chosen = settings or BenchSettings(rounds=rounds, migrations_dir=MIGRATIONS)
    return bench_database(dsn, queries, data=data, settings=chosen)
