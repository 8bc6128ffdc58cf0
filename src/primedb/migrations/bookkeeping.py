"""The bookkeeping of migrations: tables that say where a database is, not what its schema is.

Alembic's `alembic_version` names the revision a database is at; primedb's
`primedb_migration_journal` the statements of a revision in progress (see
`journal.py`). Every catalog read from a database under migrations goes
through `read_schema` (or `without_bookkeeping`), here and nowhere else, so
that the diff, the schema hash, the drift check and the stairway never see
them.
"""

from dataclasses import replace

from primedb.catalog.model import Catalog
from primedb.catalog.quote import qualified
from primedb.catalog.read import read_catalog

__all__ = [
    "JOURNAL_TABLE",
    "VERSION_TABLE",
    "bookkeeping_names",
    "is_bookkeeping",
    "read_schema",
    "without_bookkeeping",
]

VERSION_TABLE = ("public", "alembic_version")
JOURNAL_TABLE = ("public", "primedb_migration_journal")


def is_bookkeeping(schema: str, table: str) -> bool:
    return (schema, table) in (VERSION_TABLE, JOURNAL_TABLE)


def bookkeeping_names() -> frozenset[str]:
    """The bookkeeping tables as qualified, quoted names (`public.alembic_version`)."""
    return frozenset(qualified(*t) for t in (VERSION_TABLE, JOURNAL_TABLE))


def without_bookkeeping(catalog: Catalog) -> Catalog:
    """The catalog without Alembic's version table (and its primary key)."""
    return replace(
        catalog,
        tables=tuple(t for t in catalog.tables if not is_bookkeeping(t.schema, t.name)),
        constraints=tuple(c for c in catalog.constraints if not is_bookkeeping(c.schema, c.table)),
        indexes=tuple(i for i in catalog.indexes if not is_bookkeeping(i.schema, i.table)),
        grants=tuple(g for g in catalog.grants if not _on_bookkeeping(g.target)),
        owners=tuple(o for o in catalog.owners if not _on_bookkeeping(o.target)),
    )


def _on_bookkeeping(target: tuple[str, ...]) -> bool:
    return target[0] in ("table", "column") and is_bookkeeping(target[1], target[2])


def read_schema(
    dsn: str, *, include_managed_partitions: bool = False, with_owners: bool = False
) -> Catalog:
    """The catalog of `dsn` without Alembic's version table."""
    return without_bookkeeping(
        read_catalog(
            dsn, include_managed_partitions=include_managed_partitions, with_owners=with_owners
        )
    )
