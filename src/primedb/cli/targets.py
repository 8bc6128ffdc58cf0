"""The database an analysis command works on: the user's, or the embedded default.

`explain`, `advise`, `bench` and `workload` read a DSN the usual way (`--dsn`,
`PRIMEDB_DSN`, `DATABASE_URL`) and work on that database as it is. Given
none, they build the embedded default on a throwaway server, exactly as
`primedb demo` does (`primedb.sandbox`: migrated to head, seeded at `--scale`
with `--seed`), and remove it when the command ends.
"""

import contextlib
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from primedb.cli.seed import SeedProgress
from primedb.pg import dsn as dsns
from primedb.pg import server_dsn
from primedb.sandbox import build_sandbox
from primedb.secrets import mask

__all__ = ["analysis_database"]

log = logging.getLogger("primedb")


@contextlib.contextmanager
def analysis_database(
    dsn: str | None,
    *,
    migrations_dir: Path,
    scale: float | None,
    seed: int,
    as_of: date | None = None,
) -> Iterator[str]:
    """Yield the DSN to analyse: the user's database, else a sandbox seeded at `scale`."""
    resolved = dsns.resolve(dsn)
    if resolved is not None:
        log.info("using the database from %s: %s", dsns.source(dsn), mask(resolved))
        yield resolved
        return
    with server_dsn(None) as server:
        what = f"seeded at scale {scale:g}, seed {seed}" if scale is not None else "not seeded"
        log.info("building the embedded default database: migrated to head, %s", what)
        box = build_sandbox(
            server,
            migrations_dir=migrations_dir,
            scale=scale,
            seed=seed,
            as_of=as_of,
            progress=SeedProgress(),
        )
        yield box.dsn
