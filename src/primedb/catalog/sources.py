"""Where a catalog comes from: a live database (a DSN) or the schema files.

A *source* is a DSN, or a name: `schema` applies the schema files to a scratch
database on the given server and reads that. More names can be registered in
`NAMED_SOURCES` (the migrations module adds `migrations`).
"""

from collections.abc import Callable
from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.catalog.read import read_catalog
from primedb.errors import UsageError
from primedb.pg.databases import scratch_database
from primedb.schema.apply import apply_schema

__all__ = ["NAMED_SOURCES", "catalog_from", "schema_catalog"]

# name -> function(server_dsn, schema_dir, include_managed_partitions) -> Catalog
NamedSource = Callable[[str, Path, bool], Catalog]


def schema_catalog(server_dsn: str, schema_dir: Path, include_managed_partitions: bool) -> Catalog:
    """Apply `schema_dir` to a scratch database on the server, read it, drop the database."""
    with scratch_database(server_dsn, prefix="primedb_schema") as dsn:
        apply_schema(dsn, schema_dir)
        return read_catalog(dsn, include_managed_partitions=include_managed_partitions)


NAMED_SOURCES: dict[str, NamedSource] = {"schema": schema_catalog}


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
