"""The session the benchmarks measure in, and the state of the data they measure.

Rows, plans and buffers repeat exactly only when nothing but the query varies.
Found on the PrimeCloudProV2 queries, and fixed here at their cause:

- parallel plans: how many workers a Gather gets depends on what else runs on
  the server, and with them the time and the buffers' split between processes;
  the benchmarks measure each query on one core
  (`max_parallel_workers_per_gather = 0`, recorded with the other settings);
- JIT: above `jit_above_cost` a query compiles code first, a cost that has
  nothing to do with its plan and varies with the machine (`jit = off`);
- the text of the rows, which the checksum covers, depends on the session's
  time zone and output styles: they are fixed (UTC, ISO);
- visibility: an index-only scan reads the heap for every page the visibility
  map does not vouch for, and hint bits are set by the first reader after a
  load; until autovacuum has passed, which happens at a moment nobody chose,
  buffers change between two runs on the same data. `settle` VACUUMs (FREEZE)
  a database the benchmarks built themselves, so autovacuum finds nothing to do;
  a database given with --dsn is measured as it is (docs/ci.md says to VACUUM it);
- a benchmark only reads: its session is read-only, so a database given with
  --dsn cannot be changed by it;
- the first run of a query in a connection reads the system catalogs it needs
  into the backend's caches, and those reads are counted in its buffers: every
  case is run once unrecorded first (`primedb.bench.measure`).

Statistics are another cause: ANALYZE samples 300 x default_statistics_target
rows per table, at random, so on a table larger than that two ANALYZEs can
give two plans. The seed ANALYZEs what it loads; at the CI scale every table
is smaller than the sample, so its statistics are exact and repeat.
"""

from typing import Any

import psycopg

from primedb.pg.connect import connect

__all__ = ["SESSION_SETTINGS", "prepare_session", "settle"]

# Set in every benchmark session, in this order; the plan-changing ones are also recorded
# in a baseline's conditions (primedb.bench.conditions).
SESSION_SETTINGS: tuple[tuple[str, str], ...] = (
    ("max_parallel_workers_per_gather", "0"),
    ("jit", "off"),
    ("TimeZone", "UTC"),
    ("DateStyle", "ISO, YMD"),
    ("IntervalStyle", "postgres"),
    ("extra_float_digits", "1"),
    ("bytea_output", "hex"),
    ("default_transaction_read_only", "on"),
)
SET_CONFIG = "SELECT pg_catalog.set_config(%(name)s, %(value)s, false)"
VACUUM_FREEZE = "VACUUM (FREEZE)"


def prepare_session(conn: psycopg.Connection[Any]) -> None:
    """Apply `SESSION_SETTINGS` to the session of `conn` (not just its transaction)."""
    for name, value in SESSION_SETTINGS:
        conn.execute(SET_CONFIG, {"name": name, "value": value})


def settle(dsn: str) -> None:
    """VACUUM (FREEZE) the whole database: visibility map set, hint bits and xmins frozen."""
    with connect(dsn, autocommit=True) as conn:
        conn.execute(VACUUM_FREEZE)
