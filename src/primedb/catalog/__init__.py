"""The catalog model: a database schema read from pg_catalog into immutable values.

`read_catalog(dsn)` gives a `Catalog`; two catalogs compare with `==`. See
`model.py` for what the model holds and leaves out (and how the managed
monthly partitions are treated), `graph.py` for the dependency order,
`ddl.py` for the SQL that creates and drops each object, `serialize.py` for
JSON. Where a catalog comes from (a DSN, the schema files, the migrations) is
`primedb.sources`, above this package: the catalog knows nothing of Alembic.
"""

from primedb.catalog.ddl import (
    create_sql,
    create_statements,
    drop_sql,
    drop_statements,
    dump_sql,
    ensure_partitions_sql,
    sequence_ownership,
)
from primedb.catalog.graph import Graph, creation_order, dependency_graph
from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.model import Catalog, CatalogObject
from primedb.catalog.read import read_catalog
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import (
    Domain,
    DomainCheck,
    EnumType,
    Extension,
    Schema,
    Sequence,
    SequenceOptions,
)
from primedb.catalog.serialize import to_data, to_json
from primedb.catalog.tables import Column, Constraint, Identity, Index, IndexColumn, Table, View

__all__ = [
    "Catalog",
    "CatalogObject",
    "Column",
    "Constraint",
    "Domain",
    "DomainCheck",
    "EnumType",
    "Extension",
    "Function",
    "Graph",
    "Identity",
    "Index",
    "IndexColumn",
    "Key",
    "ObjectKind",
    "Policy",
    "Schema",
    "Sequence",
    "SequenceOptions",
    "Table",
    "Trigger",
    "View",
    "create_sql",
    "create_statements",
    "creation_order",
    "dependency_graph",
    "drop_sql",
    "drop_statements",
    "dump_sql",
    "ensure_partitions_sql",
    "read_catalog",
    "sequence_ownership",
    "to_data",
    "to_json",
]
