"""Where a catalog comes from: a live database (a DSN) or the schema files.

A *source* is a DSN, or a name: `schema` applies the schema files to a scratch
database on the given server and reads that; `migrations` upgrades a scratch
database to the head revision of the Alembic project and reads that (its
`alembic_version` bookkeeping table left out). More names can be registered
in `NAMED_SOURCES`.
"""

from collections.abc import Callable
from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.catalog.read import read_catalog
from primedb.errors import UsageError
from primedb.pg.databases import scratch_database
from primedb.schema.apply import apply_schema

__all__ = ["NAMED_SOURCES", "catalog_from", "migrations_catalog", "schema_catalog"]

# name -> function(server_dsn, schema_dir, include_managed_partitions) -> Catalog
NamedSource = Callable[[str, Path, bool], Catalog]


def schema_catalog(server_dsn: str, schema_dir: Path, include_managed_partitions: bool) -> Catalog:
    """Apply `schema_dir` to a scratch database on the server, read it, drop the database."""
    with scratch_database(server_dsn, prefix="primedb_schema") as dsn:
        apply_schema(dsn, schema_dir)
        return read_catalog(dsn, include_managed_partitions=include_managed_partitions)


DROP_VERSION_TABLE = "DROP TABLE IF EXISTS public.alembic_version"


def migrations_catalog(
    server_dsn: str, migrations_dir: Path, include_managed_partitions: bool = False
) -> Catalog:
    """Upgrade a scratch database to the head revision, read it, drop the database.

    The upgrade is the real runner's, quiet (its statement lines at debug
    level) and without the drift check: the scratch database is primedb's own.
    """
    # Imported here: the migrations package needs Alembic, which a schema read does not.
    from primedb.migrations.scratch import migrations_database
    from primedb.pg.connect import connect

    with migrations_database(server_dsn, migrations_dir) as dsn:
        with connect(dsn, autocommit=True) as conn:
            conn.execute(DROP_VERSION_TABLE)  # Alembic's bookkeeping, not the schema
        return read_catalog(dsn, include_managed_partitions=include_managed_partitions)


def _project_migrations(
    server_dsn: str, schema_dir: Path, include_managed_partitions: bool
) -> Catalog:
    from primedb.project import project_folder

    return migrations_catalog(
        server_dsn, project_folder("migrations_dir"), include_managed_partitions
    )


NAMED_SOURCES: dict[str, NamedSource] = {
    "schema": schema_catalog,
    "migrations": _project_migrations,
}


def _looks_like_dsn(source: str) -> bool:
    return "://" in source or "=" in source


def catalog_from(
    source: str, server_dsn: str, *, schema_dir: Path, include_managed_partitions: bool = False
) -> Catalog:
    """The catalog of `source`: a DSN, or one of `NAMED_SOURCES` built on `server_dsn`."""
    if (named := NAMED_SOURCES.get(source)) is not None:
        return named(server_dsn, schema_dir, include_managed_partitions)
    if _looks_like_dsn(source):
        return read_catalog(source, include_managed_partitions=include_managed_partitions)
    names = ", ".join(sorted(NAMED_SOURCES))
    raise UsageError(
        f"unknown source {source!r}: a source is a DSN (postgresql://... or key=value) "
        f"or one of {names}"
    )
