"""The catalog the schema files make: applied to a database, then read back."""

from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.catalog.read import read_catalog
from primedb.pg.databases import scratch_database
from primedb.schema.apply import apply_schema

__all__ = ["build_schema", "schema_catalog"]


def build_schema(
    dsn: str,
    schema_dir: Path,
    *,
    include_managed_partitions: bool = False,
    with_owners: bool = False,
) -> Catalog:
    """Apply `schema_dir` to the empty database `dsn` and read what it made."""
    apply_schema(dsn, schema_dir)
    return read_catalog(
        dsn, include_managed_partitions=include_managed_partitions, with_owners=with_owners
    )


def schema_catalog(
    server_dsn: str,
    schema_dir: Path,
    include_managed_partitions: bool = False,
    *,
    with_owners: bool = False,
) -> Catalog:
    """The catalog of `schema_dir`, built on a scratch database of the server (then dropped)."""
    with scratch_database(server_dsn, prefix="primedb_schema") as dsn:
        return build_schema(
            dsn,
            schema_dir,
            include_managed_partitions=include_managed_partitions,
            with_owners=with_owners,
        )
