"""What the advisor knows of a database: its tables (rows, columns, widths) and indexes.

Read once per run with the queries of `sql/catalog.sql`. Tables are found by
name the way a statement finds them: in the schema named, else the first
schema of the search path that has one. A partitioned table is one table; its
rows and index sizes add up its partitions.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row

from primedb.analyzers.advice.spec import IndexKey, IndexSpec
from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["Catalog", "Column", "ExistingIndex", "TableFacts", "read_catalog"]

_DESC, _NULLS_FIRST = 1, 2  # pg_index.indoption bits
COPY_MARK = "primedb: copy"  # a database comment saying the database is a copy


def _queries() -> dict[str, NamedQuery]:
    return package_queries("primedb.analyzers.advice", check=False)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    width: int  # average bytes per value (pg_stats), or the type's length
    n_distinct: float | None  # pg_stats: > 0 a count, < 0 minus a fraction of the rows


@dataclass(frozen=True, slots=True)
class TableFacts:
    schema: str
    name: str
    partitioned: bool
    rows: float
    pages: int
    columns: tuple[Column, ...]
    partitions: tuple[str, ...] = ()  # direct partitions, for building an index online
    search_order: int | None = None  # place of the schema in the search path (None: not in it)
    before_update_trigger: bool = False  # a BEFORE UPDATE row trigger (may stamp updated_at)

    @property
    def row_width(self) -> int:
        """Average bytes of a row on disk: the 24-byte tuple header and the values."""
        return 24 + sum(c.width for c in self.columns)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def column_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)

    def distinct(self, name: str) -> float:
        """Distinct values of a column (from pg_stats), 0 when unknown."""
        column = self.column(name)
        if column is None or column.n_distinct is None:
            return 0.0
        nd = column.n_distinct
        return nd if nd > 0 else -nd * self.rows


@dataclass(frozen=True, slots=True)
class ExistingIndex:
    name: str
    spec: IndexSpec
    valid: bool
    constraint: str | None  # the PRIMARY KEY, UNIQUE or EXCLUDE constraint it backs
    size_bytes: int


@dataclass(frozen=True, slots=True)
class Catalog:
    tables: tuple[TableFacts, ...]
    indexes: tuple[ExistingIndex, ...]

    def table(self, name: str, schema: str | None = None) -> TableFacts | None:
        """The table a statement means by `[schema.]name`."""
        found = [
            t for t in self.tables if t.name == name and (schema is None or t.schema == schema)
        ]
        if schema is None:
            found = [t for t in found if t.search_order is not None]
            found.sort(key=lambda t: t.search_order or 0)
        return found[0] if found else None

    def indexes_on(self, table: TableFacts) -> tuple[ExistingIndex, ...]:
        return tuple(
            i for i in self.indexes if (i.spec.schema, i.spec.table) == (table.schema, table.name)
        )

    def index_names(self) -> frozenset[str]:
        return frozenset(i.name for i in self.indexes)


def _index(row: Mapping[str, Any]) -> ExistingIndex:
    count = int(row["key_count"])
    columns, options = list(row["columns"]), list(row["options"])
    keys = tuple(
        IndexKey(
            expression=columns[k],
            descending=bool(options[k] & _DESC),
            nulls_first=bool(options[k] & _NULLS_FIRST),
        )
        for k in range(count)
    )
    spec = IndexSpec(
        schema=row["schema"],
        table=row["table"],
        keys=keys,
        include=tuple(columns[count:]),
        where=row["predicate"],
        method=row["method"],
        unique=bool(row["is_unique"]),
    )
    return ExistingIndex(
        name=row["name"],
        spec=spec,
        valid=bool(row["valid"]),
        constraint=row["constraint_name"],
        size_bytes=int(row["size_bytes"]),
    )


def read_catalog(conn: psycopg.Connection[Any]) -> Catalog:
    """The tables, columns and indexes of the database `conn` is connected to."""
    queries = _queries()
    with conn.cursor(row_factory=dict_row) as cur:
        columns: dict[tuple[str, str], list[Column]] = {}
        for row in cur.execute(queries["advice_columns"].sql).fetchall():
            columns.setdefault((row["schema"], row["table"]), []).append(
                Column(row["name"], row["type"], int(row["width"]), row["n_distinct"])
            )
        tables = tuple(
            TableFacts(
                schema=row["schema"],
                name=row["name"],
                partitioned=bool(row["partitioned"]),
                rows=float(row["rows"]),
                pages=int(row["pages"]),
                columns=tuple(columns.get((row["schema"], row["name"]), ())),
                partitions=tuple(row["partitions"]),
                search_order=row["search_order"],
                before_update_trigger=bool(row["before_update_trigger"]),
            )
            for row in cur.execute(queries["advice_tables"].sql).fetchall()
        )
        indexes = tuple(_index(row) for row in cur.execute(queries["advice_indexes"].sql))
    return Catalog(tables, indexes)
