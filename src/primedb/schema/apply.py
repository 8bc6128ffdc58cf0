"""Apply `schema/*.sql` to an empty database, in file-name order, in one transaction.

For development and tests only: production databases change through
migrations. A database that already has tables in the target schema is
refused, so nothing is applied twice or on top of real data.
"""

import logging
from pathlib import Path

import psycopg

from primedb.errors import BadInput, UsageError
from primedb.pg.connect import connect

log = logging.getLogger("primedb.schema")

TABLES_IN_SCHEMA = """
SELECT count(*) FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT EXISTS (  -- views of extensions such as pg_stat_statements do not count
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
"""


def schema_files(schema_dir: Path) -> list[Path]:
    """The `.sql` files of `schema_dir`, in the order they are applied."""
    if not schema_dir.is_dir():
        raise UsageError(f"schema directory {schema_dir} does not exist; pass --schema-dir")
    files = sorted(schema_dir.glob("*.sql"))
    if not files:
        raise UsageError(f"schema directory {schema_dir} holds no .sql files")
    return files


def apply_schema(dsn: str, schema_dir: Path, *, target_schema: str = "public") -> list[Path]:
    """Apply every schema file; on any error nothing is left applied."""
    files = schema_files(schema_dir)
    with connect(dsn) as conn:
        (count,) = conn.execute(TABLES_IN_SCHEMA, {"schema": target_schema}).fetchone() or (0,)
        if count:
            raise UsageError(
                f"the database already has {count} tables or views in schema {target_schema}; "
                "schema apply only fills an empty database (use migrations for the others)"
            )
        for path in files:
            log.info("applying %s", path.name)
            text = path.read_text()
            try:
                conn.execute(text)
            except psycopg.Error as exc:
                conn.rollback()
                raise BadInput(f"{_where(path, text, exc)}; nothing was applied") from exc
        conn.commit()
    return files


def _where(path: Path, text: str, exc: psycopg.Error) -> str:
    """`schema/30_buckets.sql:42:17: <reason> in `<the line>``, as an editor can jump to.

    PostgreSQL gives the position as a 1-based character offset into the text
    it ran (the whole file); an error inside a function body names its line in
    the function instead (the context).
    """
    diag = exc.diag
    reason = (diag.message_primary or str(exc)).strip()
    context = f" (at {diag.context.strip().splitlines()[-1]})" if diag.context else ""
    offset = int(diag.statement_position) - 1 if diag.statement_position else None
    if offset is None or not 0 <= offset <= len(text):
        return f"{path}: {reason}{context}"
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    shown = text[start : end if end >= 0 else len(text)].strip()
    return f"{path}:{line}:{offset - start + 1}: {reason}{context} in `{shown}`"
