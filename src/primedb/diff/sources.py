"""The plan between two sources, as `primedb schema diff` asks for it.

A source is a DSN, `schema` or `migrations` (see `primedb.catalog.sources`).
Named sources are built on scratch databases of `server` (or of a throwaway
cluster when there is none); two DSNs need no server at all. Rename hints
are the given ones plus, when the plan ends at `schema`, the markers of the
schema files. Row estimates come from the --from database when it is a DSN.
"""

from collections.abc import Iterable
from pathlib import Path

from primedb.catalog import Catalog, catalog_from
from primedb.catalog.sources import NAMED_SOURCES, migrations_catalog
from primedb.diff.engine import diff
from primedb.diff.markers import schema_renames
from primedb.diff.plan import Plan, Timeouts
from primedb.diff.renames import Rename, parse_rename
from primedb.diff.rows import table_rows

__all__ = ["plan_between"]


def _load(source: str, server: str, schema_dir: Path, migrations_dir: Path) -> Catalog:
    if source == "migrations":
        return migrations_catalog(server, migrations_dir)
    return catalog_from(source, server, schema_dir=schema_dir)


def plan_between(
    source: str,
    target: str,
    *,
    server: str | None = None,
    schema_dir: Path | None = None,
    migrations_dir: Path | None = None,
    renames: Iterable[str | Rename] = (),
    lock_timeout_ms: int | None = None,
    statement_timeout_ms: int | None = None,
) -> Plan:
    """The plan from `source` to `target`."""
    from primedb.pg import server_dsn
    from primedb.project import project_folder

    schemas = schema_dir if schema_dir is not None else project_folder("schema_dir")
    revisions = migrations_dir if migrations_dir is not None else project_folder("migrations_dir")
    hints = [r if isinstance(r, Rename) else parse_rename(r) for r in renames]
    if target == "schema":
        hints.extend(schema_renames(schemas))
    if {source, target} & set(NAMED_SOURCES):
        with server_dsn(server) as scratch:
            current = _load(source, scratch, schemas, revisions)
            desired = _load(target, scratch, schemas, revisions)
    else:
        current = catalog_from(source, "", schema_dir=schemas)
        desired = catalog_from(target, "", schema_dir=schemas)
    rows = table_rows(source) if source not in NAMED_SOURCES else {}
    defaults = Timeouts()
    timeouts = Timeouts(
        lock_timeout_ms=defaults.lock_timeout_ms if lock_timeout_ms is None else lock_timeout_ms,
        statement_timeout_ms=(
            defaults.statement_timeout_ms if statement_timeout_ms is None else statement_timeout_ms
        ),
    )
    return diff(current, desired, renames=hints, timeouts=timeouts, rows=rows)
