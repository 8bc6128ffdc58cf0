"""A comparable snapshot of a database's schema objects, by name (never by oid).

Internal triggers of foreign keys are named after oids (RI_ConstraintTrigger_a_16423),
so they are compared by what they are: table, constraint, function and firing.
"""

import time
from typing import Any

import psycopg

_USER = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"

SNAPSHOT: dict[str, str] = {
    "relations": f"""
        SELECT n.nspname, c.relname, c.relkind, c.relpersistence, c.reltablespace,
               c.relispartition, c.relreplident, c.relrowsecurity, c.reloptions,
               pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE {_USER} AND c.relkind IN ('r', 'p', 'i', 'I', 'S', 'v', 'm')
        ORDER BY 1, 2""",
    "indexes": f"""
        SELECT n.nspname, ic.relname, t.relname AS table_name,
               pg_catalog.pg_get_indexdef(i.indexrelid),
               i.indisunique, i.indisprimary, i.indisexclusion, i.indimmediate, i.indisclustered,
               i.indisvalid, i.indisready, i.indislive, i.indisreplident,
               (SELECT p.relname FROM pg_catalog.pg_inherits h
                JOIN pg_catalog.pg_class p ON p.oid = h.inhparent WHERE h.inhrelid = i.indexrelid)
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
        WHERE {_USER}
        ORDER BY 1, 2""",
    "constraints": f"""
        SELECT n.nspname, t.relname, c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid),
               c.condeferrable, c.condeferred, c.convalidated, c.conislocal, c.coninhcount,
               c.connoinherit, ic.relname AS index_name, f.relname AS referenced,
               (SELECT p.conname || ' ON ' || pt.relname FROM pg_catalog.pg_constraint p
                JOIN pg_catalog.pg_class pt ON pt.oid = p.conrelid WHERE p.oid = c.conparentid)
        FROM pg_catalog.pg_constraint c
        JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        LEFT JOIN pg_catalog.pg_class ic ON ic.oid = c.conindid
        LEFT JOIN pg_catalog.pg_class f ON f.oid = c.confrelid
        WHERE {_USER}
        ORDER BY 1, 2, 3, 12 NULLS FIRST, 13 NULLS FIRST""",
    "triggers": f"""
        SELECT n.nspname, t.relname,
               CASE WHEN g.tgisinternal THEN '(internal)' ELSE g.tgname END,
               g.tgfoid::regprocedure::text, g.tgtype, g.tgenabled, g.tgisinternal,
               g.tgdeferrable, g.tginitdeferred, k.conname,
               CASE WHEN g.tgisinternal THEN NULL ELSE pg_catalog.pg_get_triggerdef(g.oid) END,
               (SELECT pt.relname FROM pg_catalog.pg_trigger p
                JOIN pg_catalog.pg_class pt ON pt.oid = p.tgrelid WHERE p.oid = g.tgparentid),
               r.relname AS other_table
        FROM pg_catalog.pg_trigger g
        JOIN pg_catalog.pg_class t ON t.oid = g.tgrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        LEFT JOIN pg_catalog.pg_constraint k ON k.oid = g.tgconstraint
        LEFT JOIN pg_catalog.pg_class r ON r.oid = g.tgconstrrelid
        WHERE {_USER}
        ORDER BY 1, 2, 3, 4, 5, 10 NULLS FIRST, 13 NULLS FIRST""",
    "columns": f"""
        SELECT n.nspname, c.relname, a.attnum, a.attname, a.atttypid::regtype::text, a.attnotnull,
               a.attidentity, a.attgenerated, a.attstattarget, a.attislocal, a.attinhcount,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE {_USER} AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY 1, 2, 3""",
    "comments": f"""
        SELECT pg_catalog.pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description
        FROM pg_catalog.pg_description d
        JOIN pg_catalog.pg_class c
          ON d.classoid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objoid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE {_USER}
        UNION ALL
        SELECT pg_catalog.pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description
        FROM pg_catalog.pg_description d
        WHERE d.classoid IN ('pg_catalog.pg_constraint'::regclass, 'pg_catalog.pg_proc'::regclass,
                             'pg_catalog.pg_trigger'::regclass)
          AND d.objoid >= 16384
        ORDER BY 1""",
    "functions": f"""
        SELECT p.oid::regprocedure::text, pg_catalog.md5(pg_catalog.pg_get_functiondef(p.oid))
        FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE {_USER} AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
                            AND d.deptype = 'e')
        ORDER BY 1""",
}


def snapshot(dsn: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return {name: conn.execute(query).fetchall() for name, query in SNAPSHOT.items()}


SEED_SESSIONS = """
SELECT count(*) FROM pg_catalog.pg_stat_activity
WHERE datname = pg_catalog.current_database() AND application_name LIKE 'primedb-seed%'
  AND pid <> pg_catalog.pg_backend_pid()
"""


def wait_for_the_seed_to_end(dsn: str, timeout: float = 120.0) -> None:
    """Wait until no session of a seed (its own, its guardian's) is left on the database."""
    deadline = time.monotonic() + timeout
    while (left := seed_sessions(dsn)) > 0:
        assert time.monotonic() < deadline, f"{left} seed sessions still there"
        time.sleep(0.05)


def seed_sessions(dsn: str) -> int:
    """How many sessions of a seed (its own, its guardian's) are on the database."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(SEED_SESSIONS).fetchone()
    assert row is not None
    return int(row[0])


def sequences(dsn: str) -> dict[str, tuple[int, bool]]:
    """Every sequence's state: setval is not undone by a rollback, a seed must put it back."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c"
                " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                f" WHERE c.relkind = 'S' AND {_USER} ORDER BY 1"
            )
        ]
        return {
            name: conn.execute(f"SELECT last_value, is_called FROM {name}").fetchone()  # type: ignore[misc]
            for name in names
        }


def statistics(dsn: str) -> int:
    """How many columns of user tables have statistics (none, before any ANALYZE)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_stats"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    assert row is not None
    return int(row[0])
