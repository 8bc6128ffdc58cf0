"""Who holds the locks a primedb session waited for: one line a DBA can act on.

When a statement of primedb's hits `lock_timeout`, the error names the
sessions that hold locks on tables of the database (the usual culprits: a
transaction left open, a running migration, a forgotten `LOCK TABLE`, an
index build), with the locks, how long they have been in their state and what
they last ran, rather than "canceling statement due to lock timeout" alone.
"""

import psycopg

from primedb.errors import DatabaseBusy
from primedb.pg.connect import connect

__all__ = ["LOCK_TIMEOUT", "STATEMENT_TIMEOUT", "lock_holders", "timed_out"]

LOCK_TIMEOUT = "55P03"  # lock_not_available
STATEMENT_TIMEOUT = "57014"  # query_canceled (statement_timeout)

HOLDERS = """
SELECT l.pid,
       string_agg(DISTINCT format('%s on %I.%I', l.mode, n.nspname, c.relname), ', ') AS locks,
       coalesce(nullif(min(a.application_name), ''), '?') AS application, min(a.state) AS state,
       round(extract(epoch FROM now() - min(coalesce(a.state_change, a.backend_start))))::int
         AS secs,
       left(regexp_replace(coalesce(min(a.query), ''), '\\s+', ' ', 'g'), 60) AS query
FROM pg_catalog.pg_locks l
JOIN pg_catalog.pg_class c ON c.oid = l.relation
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database
                                  WHERE datname = pg_catalog.current_database())
  AND l.pid <> pg_catalog.pg_backend_pid()
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
GROUP BY l.pid
ORDER BY secs DESC NULLS LAST, l.pid
LIMIT 5
"""


def lock_holders(dsn: str) -> str:
    """`pid 4242 (psql, idle in transaction for 35 s: LOCK TABLE ...) holds
    AccessExclusiveLock on public.buckets`, or why nobody could be named."""
    try:
        with connect(dsn, autocommit=True, connect_timeout=5, statement_timeout_ms=5000) as conn:
            rows = conn.execute(HOLDERS).fetchall()
    except Exception as exc:  # the message is only a hint: reading it never fails the command
        return f"the sessions holding the locks could not be read ({type(exc).__name__})"
    if not rows:
        return "no other session holds a lock on a table any more"
    return "; ".join(
        f"pid {pid} ({app}, {state} for {secs} s: {query}) holds {locks}"
        for pid, locks, app, state, secs, query in rows
    )


def timed_out(exc: psycopg.Error, dsn: str, what: str) -> DatabaseBusy | None:
    """The error to raise when `what` hit lock_timeout or statement_timeout, else None."""
    if exc.sqlstate == LOCK_TIMEOUT:
        return DatabaseBusy(
            f"{what} waited for a lock longer than lock_timeout allows: {lock_holders(dsn)}; "
            "rerun when they are done, or raise --lock-timeout"
        )
    if exc.sqlstate == STATEMENT_TIMEOUT:
        return DatabaseBusy(
            f"{what} ran longer than statement_timeout allows; rerun with a larger "
            "--statement-timeout"
        )
    return None
