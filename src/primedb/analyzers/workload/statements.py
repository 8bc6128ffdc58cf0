"""The `pg_stat_statements` workload: the statements that took the most time, normalised.

`pg_stat_statements` keeps each statement with its constants replaced by
`$1`, `$2`, ...: there are no values to run it with, so each becomes a case
labelled `generic`, costed by the planner's generic plan (see
`advice/whatif.py`), weighted by its share of the total execution time of
the statements taken. Only read-only statements of the current database are
taken (one SELECT, not a catalog query, not an EXPLAIN), and only those
PostgreSQL can prepare again from the normalised text.
"""

import logging
from typing import Any

import psycopg
from psycopg import sql
from sqlglot import expressions as exp

from primedb.analyzers.plans.statement import parse_statement
from primedb.analyzers.workload.cases import GENERIC, Case
from primedb.errors import UsageError
from primedb.sqlfiles import NamedQuery

__all__ = ["top_statements"]

PGSS_INSTALLED = "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements'"
# Over-fetch: statements that are not one read-only SELECT are dropped afterwards.
TOP = """
SELECT s.queryid, s.query, s.calls, s.total_exec_time
FROM pg_stat_statements AS s
JOIN pg_catalog.pg_database AS d ON d.oid = s.dbid
WHERE d.datname = pg_catalog.current_database() AND s.toplevel
  AND s.query ~* '^\\s*(select|with)\\s'
ORDER BY s.total_exec_time DESC
LIMIT %s
"""
PREPARE = "PREPARE primedb_probe AS {}"
DEALLOCATE = "DEALLOCATE primedb_probe"
_WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Merge)

log = logging.getLogger("primedb")


def _read_only(sql: str) -> bool:
    statement = parse_statement(sql)
    if not isinstance(statement, exp.Query) or statement.find(*_WRITES) is not None:
        return False
    if any(s.args.get("locks") for s in statement.find_all(exp.Select)):
        return False
    schemas = {t.db.lower() for t in statement.find_all(exp.Table)}
    names = {t.name.lower() for t in statement.find_all(exp.Table)}
    if schemas & {"pg_catalog", "information_schema"} or any(n.startswith("pg_") for n in names):
        return False
    return bool(names)


def _preparable(conn: psycopg.Connection[Any], text: str) -> bool:
    """Whether PostgreSQL can prepare the normalised text: it cannot when a constant it
    replaced was part of the syntax (`interval '1 day'` becomes `interval $1`)."""
    try:
        conn.execute(sql.SQL(PREPARE).format(sql.SQL(text)))
        conn.execute(DEALLOCATE)
    except psycopg.Error as exc:
        log.warning(
            "skipped a pg_stat_statements statement that cannot be prepared (%s): %s",
            (exc.diag.message_primary or str(exc)).strip(),
            " ".join(text.split())[:120],
        )
        return False
    return True


def top_statements(conn: psycopg.Connection[Any], top: int) -> list[Case]:
    """The `top` read-only statements by total execution time, as generic cases."""
    if conn.execute(PGSS_INSTALLED).fetchone() is None:
        raise UsageError(
            "pg_stat_statements is not installed in this database; CREATE EXTENSION "
            "pg_stat_statements (with it in shared_preload_libraries), or advise the named queries"
        )
    rows = conn.execute(TOP, (top * 4,)).fetchall()
    chosen = [r for r in rows if _read_only(r[1]) and _preparable(conn, r[1])][:top]
    total = sum(float(r[3]) for r in chosen) or 1.0
    return [
        Case(
            NamedQuery(
                name=f"pgss_{int(queryid) & 0xFFFFFFFFFFFFFFFF:016x}",
                sql=str(query),
                doc=f"{int(calls):,} calls, {float(ms):,.1f} ms in all",
                params=(),
                source="pg_stat_statements",
            ),
            GENERIC,
            None,
            weight=float(ms) / total,
        )
        for queryid, query, calls, ms in chosen
    ]
