"""The database server a command works on: the user's, or a throwaway one."""

import contextlib
import logging
from collections.abc import Iterator

from primedb.pg import dsn as dsns
from primedb.pg.throwaway import throwaway_cluster
from primedb.secrets import mask

log = logging.getLogger("primedb")


@contextlib.contextmanager
def server_dsn(option: str | None) -> Iterator[str]:
    """Yield a DSN for the command: the resolved one, else a throwaway cluster's.

    With the embedded default, the cluster lives until the block ends and its
    start is announced on stderr.
    """
    resolved = dsns.resolve(option)
    if resolved is not None:
        log.info("using the database from %s: %s", dsns.source(option), mask(resolved))
        yield resolved
        return
    with throwaway_cluster() as cluster:
        log.info(
            "no --dsn, PRIMEDB_DSN or DATABASE_URL: using a throwaway PostgreSQL %d cluster "
            "at %s (removed when this command ends)",
            cluster.binaries.major,
            cluster.dsn(),
        )
        yield cluster.dsn()
