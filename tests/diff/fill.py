"""Rows in every table before a migration: what an empty scratch database never shows.

A plan made on empty databases runs on full ones: a NOT NULL added, a type
converted, a constraint validated, a table attached all read rows. So before
each direction of a corpus case, every table (that the case's own rows.sql
did not fill) gets one generic row: a value of each column's type that
satisfies the usual rules (the first enum label, 1, 'a', a date in 2024, a
row of the referenced table for a foreign key), falling back to NULL for the
nullable columns when the row is refused. A table still empty afterwards is
reported, so a case either fills it itself or says why it cannot.
"""

import re
from typing import Any

import psycopg
from psycopg import sql

_TABLES = """
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind = 'p' AS partitioned,
       c.relispartition AS partition
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
"""

_COLUMNS = """
SELECT a.attrelid, a.attname AS name, a.attnotnull AS not_null,
       a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '' AS has_default,
       a.attgenerated <> '' OR a.attidentity = 'a' AS computed,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       coalesce(b.typtype, t.typtype) AS typtype,
       coalesce(b.typcategory, t.typcategory) AS category,
       coalesce(b.typname, t.typname) AS base_name,
       coalesce(b.oid, t.oid) AS base_oid, t.typelem <> 0 AND t.typcategory = 'A' AS is_array
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type AS b ON t.typtype = 'd' AND b.oid = t.typbasetype
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

_FOREIGN_KEYS = """
SELECT k.conrelid, k.confrelid,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY AS u(n, o)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = u.n
             ORDER BY u.o) AS columns,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY AS u(n, o)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.confrelid AND a.attnum = u.n
             ORDER BY u.o) AS referenced
FROM pg_catalog.pg_constraint AS k WHERE k.contype = 'f'
"""

# Each partition's bound, with the key columns of the table it partitions.
_BOUNDS = """
SELECT i.inhrelid AS partition, i.inhparent AS parent,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(pt.partattrs) WITH ORDINALITY AS u(n, o)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = pt.partrelid AND a.attnum = u.n
             ORDER BY u.o) AS key
FROM pg_catalog.pg_inherits AS i
JOIN pg_catalog.pg_class AS c ON c.oid = i.inhrelid
JOIN pg_catalog.pg_partitioned_table AS pt ON pt.partrelid = i.inhparent
WHERE c.relispartition
"""

_FIRST_LABEL = (
    "SELECT e.enumlabel FROM pg_catalog.pg_enum AS e WHERE e.enumtypid = %s "
    "ORDER BY e.enumsortorder LIMIT 1"
)

_BY_NAME = {
    "uuid": "00000000-0000-4000-8000-000000000001",
    "json": "{}",
    "jsonb": "{}",
    "bytea": "\\x00",
    "date": "2024-01-15",
    "timestamp": "2024-01-15 12:00:00",
    "timestamptz": "2024-01-15 12:00:00+00",
    "time": "12:00:00",
    "timetz": "12:00:00+00",
    "interval": "1 day",
    "bool": "true",
    "inet": "127.0.0.1",
    "cidr": "127.0.0.0/8",
    "macaddr": "08:00:2b:01:02:03",
    "money": "1",
    "tsvector": "a",
    "xml": "<a/>",
    "int4range": "[1,2)",
    "int8range": "[1,2)",
    "numrange": "[1,2)",
    "tstzrange": "[2024-01-01,2024-02-01)",
    "daterange": "[2024-01-01,2024-02-01)",
}
_BY_CATEGORY = {"N": "1", "S": "a", "B": "true", "V": "1"}


def _value(conn: psycopg.Connection[Any], col: dict[str, Any]) -> str | None:
    if col["is_array"]:
        return "{}"
    if col["typtype"] == "e":
        row = conn.execute(_FIRST_LABEL, (col["base_oid"],)).fetchone()
        return row[0] if row else None
    if col["typtype"] == "c":
        return None
    return _BY_NAME.get(col["base_name"], _BY_CATEGORY.get(col["category"]))


def _insert(
    conn: psycopg.Connection[Any], table: dict[str, Any], values: dict[str, str | None]
) -> bool:
    name = sql.Identifier(table["schema"], table["name"])
    if values:
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in values)
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            name, cols, sql.SQL(", ").join(sql.Placeholder() * len(values))
        )
        params: tuple[Any, ...] = tuple(values.values())
    else:
        query, params = sql.SQL("INSERT INTO {} DEFAULT VALUES").format(name), ()
    try:
        with conn.transaction():
            conn.execute(query, params)
    except psycopg.Error:
        return False
    return True


def _has_rows(conn: psycopg.Connection[Any], table: dict[str, Any]) -> bool:
    query = sql.SQL("SELECT EXISTS (SELECT FROM {})").format(
        sql.Identifier(table["schema"], table["name"])
    )
    row = conn.execute(query).fetchone()
    return bool(row and row[0])


def _items(text: str) -> list[str]:
    """`'a', 'b'` -> the items, split at top-level commas."""
    items, depth, current, quoted = [], 0, "", False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += ch
    return [*items, current.strip()] if current.strip() else items


def _literal(item: str) -> str | None:
    """The text of a bound's value: `'2020-01-01'::date` -> 2020-01-01."""
    if item.upper() in ("NULL", "MINVALUE", "MAXVALUE"):
        return None
    match = re.match(r"^'((?:[^']|'')*)'", item)
    if match:
        return match[1].replace("''", "'")
    return item.split("::")[0]


def _bound_values(bound: str, key: list[str]) -> dict[str, str | None] | None:
    """Key values that fall inside a partition bound (None: a DEFAULT or HASH one)."""
    if match := re.match(r"^FOR VALUES FROM \((.*)\) TO \((.*)\)$", bound):
        low = _items(match[1])
        if any(i.upper() == "MINVALUE" for i in low):
            return None
        return dict(zip(key, (_literal(i) for i in low), strict=False))
    if match := re.match(r"^FOR VALUES IN \((.*)\)$", bound):
        first = _items(match[1])[0]
        return {key[0]: _literal(first)} if key else None
    return None


def fill(dsn: str) -> list[str]:
    """One row in each empty table; returns the tables still empty (`schema.name`)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        # Text-typed parameters: every value goes in as its text form.
        conn.adapters.register_dumper(str, psycopg.types.string.StrDumperUnknown)
        tables = conn.execute(_TABLES).fetchall()
        by_oid = {
            t[0]: dict(zip(("oid", "schema", "name", "partitioned", "partition"), t, strict=True))
            for t in tables
        }
        cur = conn.cursor(row_factory=psycopg.rows.dict_row)
        columns: dict[int, list[dict[str, Any]]] = {}
        for col in cur.execute(_COLUMNS).fetchall():
            if col["attrelid"] in by_oid:
                columns.setdefault(col["attrelid"], []).append(col)
        fks: dict[int, list[dict[str, Any]]] = {}
        for fk in cur.execute(_FOREIGN_KEYS).fetchall():
            if fk["conrelid"] in by_oid:
                fks.setdefault(fk["conrelid"], []).append(fk)
        overrides: dict[int, dict[str, str | None]] = {}
        parents: dict[int, int] = {}
        bounds: dict[int, dict[str, str | None]] = {}
        for b in cur.execute(_BOUNDS).fetchall():
            parents[b["partition"]] = b["parent"]
            found = _bound_values(b["bound"], b["key"])
            if found is not None:
                bounds[b["partition"]] = found
        for oid in by_oid:
            # A leaf's values must fit its bound and every ancestor's.
            mine: dict[str, str | None] = {}
            at: int | None = oid
            while at is not None:
                for k, v in bounds.get(at, {}).items():
                    mine.setdefault(k, v)
                at = parents.get(at)
            overrides[oid] = mine
        todo = [t for t in by_oid.values() if not t["partitioned"]]
        done: set[int] = set()
        empty: list[str] = []
        while todo:
            ready = [
                t
                for t in todo
                if all(
                    f["confrelid"] in done or f["confrelid"] == t["oid"]
                    for f in fks.get(t["oid"], [])
                )
            ] or todo[:1]  # a cycle of foreign keys: try the first anyway
            for table in ready:
                todo.remove(table)
                done.add(table["oid"])
                if not _has_rows(conn, table) and not _fill_one(
                    conn, table, columns, fks, by_oid, overrides.get(table["oid"], {})
                ):
                    empty.append(f"{table['schema']}.{table['name']}")
        return empty


def _fill_one(
    conn: psycopg.Connection[Any],
    table: dict[str, Any],
    columns: dict[int, list[dict[str, Any]]],
    fks: dict[int, list[dict[str, Any]]],
    by_oid: dict[int, dict[str, Any]],
    key: dict[str, str | None],
) -> bool:
    cols = [c for c in columns.get(table["oid"], []) if not c["computed"]]
    values: dict[str, str | None] = {}
    for col in cols:
        if not col["has_default"]:
            values[col["name"]] = _value(conn, col)
    referencing: set[str] = set()
    for fk in fks.get(table["oid"], []):
        referencing.update(fk["columns"])
        ref = by_oid.get(fk["confrelid"])
        row = None
        if ref is not None and fk["confrelid"] != table["oid"]:
            query = sql.SQL("SELECT {} FROM {} LIMIT 1").format(
                sql.SQL(", ").join(
                    sql.SQL("{}::text").format(sql.Identifier(c)) for c in fk["referenced"]
                ),
                sql.Identifier(ref["schema"], ref["name"]),
            )
            row = conn.execute(query).fetchone()
        for i, name in enumerate(fk["columns"]):
            values[name] = None if row is None else row[i]
    values.update(key)
    if _insert(conn, table, values):
        return True
    if key == {} and table["partition"]:
        for n in range(1, 40):  # a HASH partition: a value that hashes to it
            if _insert(conn, table, {**values, **_hash_try(cols, n)}):
                return True
    nullable = {c["name"] for c in cols if not c["not_null"]}
    lighter = {
        k: (None if k in nullable and k not in referencing and k not in key else v)
        for k, v in values.items()
    }
    return _insert(conn, table, lighter)


def _hash_try(cols: list[dict[str, Any]], n: int) -> dict[str, str | None]:
    return {c["name"]: str(n) for c in cols if c["category"] == "N"}
