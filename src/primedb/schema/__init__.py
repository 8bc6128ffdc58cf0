"""The desired state: the schema files, applied to a database."""

from primedb.schema.apply import apply_schema, schema_files

__all__ = ["apply_schema", "schema_files"]
