"""The desired state: the schema files, applied to a database and read back."""

from primedb.schema.apply import apply_schema, schema_files
from primedb.schema.build import build_schema, schema_catalog
from primedb.schema.roles import ensure_roles, role_files

__all__ = [
    "apply_schema",
    "build_schema",
    "ensure_roles",
    "role_files",
    "schema_catalog",
    "schema_files",
]
