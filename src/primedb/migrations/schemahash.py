"""The schema hash: one short string that is equal exactly when two catalogs are.

A generated revision records the hash of the catalog it starts from
(`expects_schema`) and of the one it leaves (`produces_schema`); `migrate`,
`status` and `check` compare them with the hash of a live or scratch
database. So the hash must agree with `Catalog.__eq__`, and must not depend
on the server it was computed on:

- it is taken over the catalog's data (the fields `to_json` writes), minus
  the fields that `==` ignores (`server_version`, `depends_on`, a column's
  position): two equal catalogs always hash alike;
- the managed monthly partitions are never in it (`read_catalog` leaves them
  out; a catalog read with them is refused), so a month made by the
  scheduler or dropped by retention is not drift;
- Alembic's `alembic_version` table is left out (it says where a database
  is, not what its schema is);
- so are the extensions primedb's own clusters put in every database
  (`pg_stat_statements`, `hypopg`): the PrimeCloudProV2 schema neither
  creates nor uses them, and a production server may or may not have them,
  which says nothing about the application's schema.
"""

import dataclasses
import hashlib
import json
from dataclasses import replace
from enum import Enum
from typing import Any

from primedb.catalog.model import Catalog
from primedb.migrations.bookkeeping import without_bookkeeping
from primedb.pg.cluster import EXTENSIONS

__all__ = ["TOOLING_EXTENSIONS", "catalog_hash", "hashable", "short"]

PREFIX = "sha256:"
TOOLING_EXTENSIONS = frozenset(EXTENSIONS)


def hashable(catalog: Catalog) -> Catalog:
    """What the hash covers: no bookkeeping, no tooling extensions."""
    if catalog.managed_partitions_included:
        raise ValueError("hash a catalog read without the managed monthly partitions")
    bare = without_bookkeeping(catalog)
    return replace(
        bare,
        extensions=tuple(e for e in bare.extensions if e.name not in TOOLING_EXTENSIONS),
        server_version=0,
    )


def _data(value: Any) -> Any:
    """Like `to_data`, without the fields that `==` ignores."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_data(v) for v in value]
    return value


def catalog_hash(catalog: Catalog) -> str:
    """`sha256:<64 hex digits>` of the catalog's schema (see the module docstring)."""
    text = json.dumps(
        _data(hashable(catalog)), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return PREFIX + hashlib.sha256(text.encode()).hexdigest()


def short(schema_hash: str | None) -> str:
    """`sha256:1a2b3c4d5e6f` for messages: enough to tell two hashes apart."""
    if schema_hash is None:
        return "none"
    return schema_hash[: len(PREFIX) + 12]
