"""The limit `primedb seed` is measured against: the same rows, COPYed into unconstrained copies.

    python benchmarks/tool/plain_copy.py DSN [--scale 1] [--seed 1] [--as-of YYYY-MM-DD]
                                             [--connections 1]

In the database DSN, whose schema `plain` holds copies of the tables without
index, CHECK, trigger, foreign key or partitioning (`unconstrained_copies.sql`),
truncates the copies and loads the rows `primedb seed` would load with the
seed's own builders, encoder, encoder thread and binary `COPY ... FREEZE`; on
one connection in one transaction, or on N connections (the tables spread over
them, biggest first, one transaction each). Prints JSON: rows, the seconds of
the COPY, each table's. What the seed does beyond this (CHECKs and triggers on
every row, index and foreign-key rebuilds, ANALYZE) is what it costs over the
limit.
"""

import argparse
import json
import threading
import time
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from psycopg import sql

from primedb.seed import plan
from primedb.seed.load import Target, copy_tables, resolve_target
from primedb.seed.tables import Table
from primedb.seed.world import Sizes, make_world, month_start

SEARCH_PATH = "SET search_path = plain"
TRUNCATE = "TRUNCATE {tables}"


def load(dsn: str, work: list[tuple[Table, Target]], seconds: dict[str, float]) -> None:
    """One connection, one transaction: truncate (so COPY may freeze), COPY, commit."""
    with psycopg.connect(dsn) as conn:
        conn.execute(SEARCH_PATH)
        names = sql.SQL(", ").join(sql.Identifier(t.name) for t, _ in work)
        conn.execute(sql.SQL(TRUNCATE).format(tables=names))
        seconds.update(copy_tables(conn, work, lambda block: None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dsn")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None)  # default: today
    parser.add_argument("--connections", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    anchor = month_start(args.as_of or datetime.now(UTC))
    tables = plan(make_world(Sizes.at(args.scale), args.seed, anchor))
    with psycopg.connect(args.dsn) as conn:
        conn.execute(SEARCH_PATH)
        work = [(t, resolve_target(conn, t.name)) for t in tables]
    # Biggest first, each to the connection with the fewest rows so far.
    shares: list[list[tuple[Table, Target]]] = [[] for _ in range(args.connections)]
    for item in sorted(work, key=lambda w: -w[0].rows):
        min(shares, key=lambda s: sum(t.rows for t, _ in s)).append(item)
    seconds: dict[str, float] = {}
    errors: list[BaseException] = []

    def run(share: list[tuple[Table, Target]]) -> None:
        try:
            load(args.dsn, share, seconds)
        except BaseException as exc:
            errors.append(exc)

    copy_started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(s,)) for s in shares if s]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    done = time.perf_counter()
    report: dict[str, Any] = {
        "rows": sum(t.rows for t in tables),
        "connections": args.connections,
        "copy_seconds": round(done - copy_started, 3),
        "copy_busy": round(sum(seconds.values()), 3),
        "seconds": round(done - started, 3),
        "tables": {name: round(s, 3) for name, s in seconds.items()},
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
