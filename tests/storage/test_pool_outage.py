"""The pool across a server outage: refused while the server is down, working once it is back.

On a cluster of its own (never the session's shared server), stopped and started
again on the same port: with the server down, a write, a read and
`DatabaseStorage.open` are each refused as `DatabaseUnreachable`; once it is
back, the very first write succeeds, both after an outage the pool noticed and
after a restart it did not (every idle connection dead). The times are not
asserted: the README gives them as measured.
"""

import tempfile
import threading
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from primedb.errors import DatabaseUnreachable
from primedb.pg import Cluster, create_database
from primedb.pg.cluster import free_port
from primedb.pg.throwaway import PREFIX
from primedb.schema import apply_schema
from primedb.storage import AesGcmKeyring, DatabaseStorage, PoolSettings

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    # Where throwaway clusters live (the server's user can reach it), on a fixed port: a
    # restarted server must be where the pool left it.
    own = Cluster(Path(tempfile.mkdtemp(prefix=PREFIX)), port=free_port(), throwaway=True)
    own.start()
    try:
        yield own
    finally:
        own.remove()


def test_refused_while_down_and_the_first_write_works_once_back(cluster: Cluster) -> None:
    dsn = create_database(cluster.dsn(), "outage")
    apply_schema(dsn, SCHEMA_DIR)
    box = AesGcmKeyring.generate()
    serial = count()

    def write(storage: DatabaseStorage) -> None:
        storage.create_user(email=f"u{next(serial)}@acme.com.br", name="U")

    settings = PoolSettings(max_size=4)
    with DatabaseStorage.open(dsn, box=box, pool=settings) as storage:
        # Several idle connections, as a pool has after some load.
        workers = [
            threading.Thread(target=lambda: [write(storage) for _ in range(10)]) for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert storage.pool.get_stats()["pool_size"] > 1

        cluster.stop()
        with pytest.raises(DatabaseUnreachable):
            write(storage)
        with pytest.raises(DatabaseUnreachable):
            storage.get_account(1)
        with pytest.raises(DatabaseUnreachable):
            DatabaseStorage.open(dsn, box=box, pool=settings)
        cluster.start()
        write(storage)  # the first attempt, not a retry loop

        # A restart between two requests: the pool still holds only dead connections.
        cluster.stop()
        cluster.start()
        write(storage)
