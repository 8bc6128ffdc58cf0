"""What every step of the demo reads: the server, the database it builds, the settings."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from primedb.pg import with_dbname

__all__ = ["DemoContext", "DemoSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoSettings:
    database: str
    migrations_dir: Path
    queries_dir: Path
    baselines_dir: Path
    baseline: str = "ci"  # the committed baseline the benchmark step compares with
    scale: float = 0.01
    seed: int = 1
    as_of: dt.date | None = None  # the seeded data's month (None: the baseline's, else this one)
    runs: int = 3  # measured runs per parameter set (explain, advise, the comparison)
    bench_rounds: int = 3  # recorded rounds per case of the benchmark
    throwaway: bool = False  # on a throwaway cluster: the database goes when the command ends


@dataclass(frozen=True, slots=True)
class DemoContext:
    server_dsn: str
    settings: DemoSettings

    @property
    def dsn(self) -> str:
        """The database the demo builds."""
        return with_dbname(self.server_dsn, self.settings.database)

    def copy_name(self, what: str) -> str:
        """The name of a copy of the demo's database (`primedb_demo_constraints`)."""
        return f"{self.settings.database}_{what}"[:63]
