"""Count what a schema holds: the one-screen summary after `schema apply`."""

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg.rows import dict_row

from primedb.pg.connect import connect
from primedb.texttable import table

__all__ = ["AppliedSchema", "per_table", "summarize"]


@dataclass(frozen=True, slots=True)
class AppliedSchema:
    """The schema files applied to a database, and what they created."""

    files: tuple[Path, ...]
    created: dict[str, int]  # objects of each kind (see `summarize`)

    def as_dict(self) -> dict[str, object]:
        return {"files": [f.name for f in self.files], "created": self.created}

    def as_text(self) -> str:
        rows = [{"object": k, "count": v} for k, v in self.created.items()]
        return f"applied {len(self.files)} files\n" + table(rows)


# One row: how many objects of each kind live in the user's schemas, the tables
# named in %(without)s (bookkeeping) left out with their indexes and constraints.
SUMMARY = """
WITH left_out AS (
  SELECT pg_catalog.to_regclass(name) AS oid FROM unnest(%(without)s::text[]) AS name
), user_ns AS (
  SELECT oid FROM pg_catalog.pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%%'
), ext_objs AS (
  SELECT objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
)
SELECT
  (SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace IN (SELECT oid FROM user_ns)
     AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND c.oid NOT IN (SELECT objid FROM ext_objs)
     AND c.oid NOT IN (SELECT oid FROM left_out WHERE oid IS NOT NULL)) AS tables,
  (SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace IN (SELECT oid FROM user_ns)
     AND c.relispartition AND c.relkind IN ('r', 'p')) AS partitions,
  (SELECT count(*) FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
     WHERE c.relnamespace IN (SELECT oid FROM user_ns) AND NOT c.relispartition
     AND k.conparentid = 0
     AND c.oid NOT IN (SELECT oid FROM left_out WHERE oid IS NOT NULL)) AS constraints,
  (SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
     JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
     WHERE c.relnamespace IN (SELECT oid FROM user_ns) AND NOT t.relispartition
     AND t.oid NOT IN (SELECT objid FROM ext_objs)
     AND t.oid NOT IN (SELECT oid FROM left_out WHERE oid IS NOT NULL)) AS indexes,
  (SELECT count(*) FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid
     WHERE c.relnamespace IN (SELECT oid FROM user_ns) AND NOT g.tgisinternal
     AND NOT c.relispartition) AS triggers,
  (SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace IN (SELECT oid FROM user_ns)
     AND p.oid NOT IN (SELECT objid FROM ext_objs)) AS functions,
  (SELECT count(*) FROM pg_catalog.pg_type t WHERE t.typnamespace IN (SELECT oid FROM user_ns)
     AND t.typtype IN ('e', 'd') AND t.oid NOT IN (SELECT objid FROM ext_objs)) AS types
"""


def summarize(dsn: str, *, without: Collection[str] = ()) -> dict[str, int]:
    """Tables, partitions, constraints, indexes, triggers, functions and types; the tables
    named in `without` (qualified names) are left out, with what belongs to them."""
    with connect(dsn) as conn:
        cur = conn.execute(SUMMARY, {"without": list(without)})
        row = cur.fetchone()
        names = [d.name for d in cur.description or ()]
    return dict(zip(names, row or (), strict=True))


# One row per table of the user's schemas (partitions folded into their parent).
PER_TABLE = """
SELECT c.relname AS "table",
  (SELECT count(*) FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT count(*) FROM pg_catalog.pg_constraint k
     WHERE k.conrelid = c.oid AND k.conparentid = 0) AS constraints,
  (SELECT count(*) FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid) AS indexes,
  (SELECT count(*) FROM pg_catalog.pg_trigger g
     WHERE g.tgrelid = c.oid AND NOT g.tgisinternal) AS triggers,
  (SELECT count(*) FROM pg_catalog.pg_inherits h WHERE h.inhparent = c.oid) AS partitions
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%%'
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype = 'e')
  AND c.oid NOT IN (
    SELECT oid FROM (SELECT pg_catalog.to_regclass(name) AS oid
                     FROM unnest(%(without)s::text[]) AS name) AS left_out
    WHERE oid IS NOT NULL)
ORDER BY n.nspname, c.relname
"""


def per_table(dsn: str, *, without: Collection[str] = ()) -> list[dict[str, Any]]:
    """Columns, constraints, indexes, triggers and partitions of each table, but those
    named in `without` (qualified names)."""
    with connect(dsn) as conn:
        cursor = conn.cursor(row_factory=dict_row)
        return cursor.execute(PER_TABLE, {"without": list(without)}).fetchall()
