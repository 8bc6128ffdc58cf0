"""ANALYZE the loaded tables on two connections at once, after the commit.

ANALYZE of one table runs in one backend; two connections keep both cores
of a small machine busy. A partitioned table's ANALYZE also analyzes each of
its partitions. Statistics are not part of the seed's atomic unit: the rows
are committed before this runs, and a later ANALYZE (or autovacuum) would
produce the same.
"""

import threading
from collections.abc import Sequence

from psycopg import sql

from primedb.pg.connect import connect

__all__ = ["analyze_tables"]

ANALYZE = "ANALYZE {table}"


def analyze_tables(dsn: str, tables: Sequence[tuple[str, int]], *, connections: int = 2) -> None:
    """ANALYZE each (table, rows) pair, biggest first, over `connections` connections."""
    pending = sorted(tables, key=lambda t: -t[1])
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with connect(dsn, autocommit=True) as conn:
                while True:
                    with lock:
                        if not pending or errors:
                            return
                        name, _ = pending.pop(0)
                    conn.execute(sql.SQL(ANALYZE).format(table=sql.Identifier(name)))
        except BaseException as exc:
            with lock:
                errors.append(exc)

    threads = [
        threading.Thread(target=work, name=f"primedb-analyze-{i}") for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
