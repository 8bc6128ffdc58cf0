"""Read a database's schema into a `Catalog`: one query per kind, in one snapshot.

The queries (`sql/*.sql`) run in a read-only REPEATABLE READ transaction with
fixed settings, so that what PostgreSQL prints does not depend on the
session: `search_path` is empty (every name in a definition comes out
schema-qualified, which also makes the definitions executable anywhere),
`TimeZone` is UTC (partition bounds and timestamptz constants), and the date,
interval and float output settings are pinned as pg_dump pins them. A
connection handed in is left as it was: the reading happens in a transaction
(or savepoint) that is rolled back.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any, TypeVar

import psycopg
from psycopg.rows import dict_row

from primedb.catalog import build, build_kinds
from primedb.catalog.inheritance import child_columns, provided_columns
from primedb.catalog.kinds import Key, ObjectKind, Persistence
from primedb.catalog.model import Catalog, CatalogObject
from primedb.catalog.partitions import ensure_function, is_monthly_partition, partition_overrides
from primedb.catalog.tables import Column, Table
from primedb.errors import UnsupportedObject, UsageError
from primedb.pg.connect import connect
from primedb.pg.locks import timed_out
from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["read_catalog"]

SUPPORTED_MAJOR = 15

T = TypeVar("T", bound=CatalogObject)

_SETTINGS = (
    "SET LOCAL search_path = ''",
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 3",
)
_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

_KINDS = (
    "unsupported",
    "schemas",
    "extensions",
    "collations",
    "enums",
    "domains",
    "composites",
    "sequences",
    "functions",
    "aggregates",
    "tables",
    "columns",
    "constraints",
    "indexes",
    "views",
    "triggers",
    "policies",
    "grants",
    "default_privileges",
    "dependencies",
)


@cache
def _queries() -> dict[str, NamedQuery]:
    # Parsed by the test suite (tests/catalog/test_packaged_queries.py), not at each start.
    return package_queries("primedb.catalog", check=False)


def read_catalog(
    source: str | psycopg.Connection[Any],
    *,
    include_managed_partitions: bool = False,
    lock_timeout_ms: int | None = None,
    statement_timeout_ms: int | None = None,
    with_owners: bool = False,
) -> Catalog:
    """The catalog of the database at `source` (a DSN or an open connection).

    With a DSN, the timeouts bound every statement of the read (some catalog
    functions wait for a lock on the relation they describe); hitting one is a
    `DatabaseBusy` that names the sessions holding the locks. `with_owners`
    adds who owns each object (`Catalog.owners`), which the model otherwise
    leaves out.
    """
    if not isinstance(source, str):
        return _read(source, include_managed_partitions, with_owners)
    with connect(
        source, lock_timeout_ms=lock_timeout_ms, statement_timeout_ms=statement_timeout_ms
    ) as conn:
        try:
            return _read(conn, include_managed_partitions, with_owners)
        except psycopg.Error as exc:
            if (busy := timed_out(exc, source, "reading the catalog")) is not None:
                raise busy from exc
            raise


def _read(conn: psycopg.Connection[Any], include_managed: bool, with_owners: bool) -> Catalog:
    version = conn.info.server_version
    if version // 10000 != SUPPORTED_MAJOR:
        raise UsageError(
            f"the catalog model reads PostgreSQL {SUPPORTED_MAJOR}; this server runs "
            f"{version // 10000}: use a PostgreSQL {SUPPORTED_MAJOR} server"
        )
    idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    queries = _queries()
    # One round trip for all the queries (pipeline mode): on a busy server the
    # waits between them, not the queries, are most of the time.
    with conn.transaction(force_rollback=True):
        with conn.pipeline():
            if idle:
                conn.execute(_SNAPSHOT)
            for setting in _SETTINGS:
                conn.execute(setting)
            kinds = (*_KINDS, "owners") if with_owners else _KINDS
            cursors = {kind: conn.cursor(row_factory=dict_row) for kind in kinds}
            for kind, cur in cursors.items():
                cur.execute(queries[kind].sql)
        rows: dict[str, list[dict[str, Any]]] = {k: c.fetchall() for k, c in cursors.items()}
    _refuse_unsupported(rows["unsupported"])
    return _assemble(rows, include_managed, version, with_owners)


def _refuse_unsupported(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    shown = [f"{r['kind']} {r['name']}" for r in rows[:10]]
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    raise UnsupportedObject(
        f"the catalog model cannot represent {', '.join(shown)}{more}; "
        "drop or move these objects out of the database's schemas, or manage them outside primedb"
    )


def _assemble(
    rows: dict[str, list[dict[str, Any]]], include_managed: bool, version: int, with_owners: bool
) -> Catalog:
    columns: dict[tuple[str, str], list[Column]] = defaultdict(list)
    for r in rows["columns"]:
        columns[(r["schema"], r["relation"])].append(build.column(r))
    full = {
        (r["schema"], r["name"]): build.table(r, columns[(r["schema"], r["name"])])
        for r in rows["tables"]
    }
    tables = {name: _with_overrides(t, full) for name, t in full.items()}
    tables = {name: _with_inherited(t, full) for name, t in tables.items()}

    constraints = build.constraints(rows["constraints"])
    indexes = build.indexes(rows["indexes"])
    triggers = build.triggers(rows["triggers"])
    policies = build.policies(rows["policies"])

    # A managed partition has its parent's schema's ensure_monthly_partitions()
    # to recreate it, and carries nothing of its own.
    functions = build.functions(rows["functions"])
    ensures = {fn.schema for fn in functions if ensure_function([fn], fn.schema) is not None}
    own = {(c.schema, c.table) for c in constraints} | {(i.schema, i.table) for i in indexes}
    own |= {(t.schema, t.table) for t in triggers} | {(p.schema, p.table) for p in policies}
    managed = {
        name
        for name, t in tables.items()
        if is_monthly_partition(t) and name not in own and _plain(t) and t.schema in ensures
    }
    with_months = {t.parent for name in managed if (t := tables[name]).parent}
    tables = {
        name: replace(t, monthly_partitions=name in with_months) for name, t in tables.items()
    }
    if not include_managed:
        tables = {name: t for name, t in tables.items() if name not in managed}
        # Their indexes are made by ensure_monthly_partitions(), named by PostgreSQL.
        indexes = [
            replace(i, partitions=tuple(p for p in i.partitions if (p[0], p[1]) not in managed))
            for i in indexes
        ]
    # What a managed partition holds comes from ensure_monthly_partitions() and
    # the default privileges it runs under: never its own.
    grants = [g for g in build_kinds.grants(rows["grants"]) if _relation(g.target) not in managed]
    owners = [
        o for o in build_kinds.owners(rows.get("owners", [])) if _relation(o.target) not in managed
    ]

    catalog = Catalog(
        schemas=_sorted(build.schemas(rows["schemas"])),
        extensions=_sorted(build.extensions(rows["extensions"])),
        collations=_sorted(build_kinds.collations(rows["collations"])),
        enums=_sorted(build.enums(rows["enums"])),
        domains=_sorted(build.domains(rows["domains"])),
        composites=_sorted(build_kinds.composites(rows["composites"])),
        sequences=_sorted(build.sequences(rows["sequences"])),
        functions=_sorted(functions),
        aggregates=_sorted(build_kinds.aggregates(rows["aggregates"])),
        tables=_sorted(tables.values()),
        constraints=_sorted(constraints),
        indexes=_sorted(indexes),
        views=_sorted(build.view(r, columns[(r["schema"], r["name"])]) for r in rows["views"]),
        triggers=_sorted(triggers),
        policies=_sorted(policies),
        grants=_sorted(grants),
        default_privileges=_sorted(build_kinds.default_privileges(rows["default_privileges"])),
        owners=_sorted(owners),
        managed_partitions_included=include_managed,
        owners_included=with_owners,
        server_version=version,
    )
    column_keys = (
        (ObjectKind.COLUMN, r["schema"], r["relation"], r["name"])
        for r in rows["columns"]
        if r["relkind"] in ("r", "p")
    )
    return _with_dependencies(catalog, rows["dependencies"], column_keys)


def _with_overrides(table: Table, tables: dict[tuple[str, str], Table]) -> Table:
    """A partition keeps only the columns where it differs from its parent."""
    if table.parent is None:
        return table
    parent = tables.get(table.parent)
    if parent is None:  # a parent the model does not hold (an extension's)
        raise UnsupportedObject(
            f"{table.label} is a partition of {table.parent[0]}.{table.parent[1]}, which the "
            "catalog model does not hold: detach it"
        )
    overrides = partition_overrides(table.qualified_name, table.columns, parent.columns)
    return replace(table, columns=overrides)


def _with_inherited(table: Table, tables: dict[tuple[str, str], Table]) -> Table:
    """An inheritance child keeps its own columns, and only what it sets of the others."""
    if not table.inherits:
        return table
    provided = provided_columns(table, tables)
    return replace(table, columns=child_columns(table.columns, provided))


def _relation(target: Key) -> tuple[str, str] | None:
    """The (schema, name) of the relation a grant or owner's target is, or is a column of."""
    if target[0] in _RELATION_KINDS:
        return (target[1], target[2])
    return None


_RELATION_KINDS = frozenset(
    {ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW}
)


def _plain(table: Table) -> bool:
    """Nothing a monthly partition made by ensure_monthly_partitions() would not have."""
    return not (
        table.columns
        or table.comment
        or table.options
        or table.rls_enabled
        or table.rls_forced
        or table.persistence is not Persistence.PERMANENT
    )


def _key(parts: tuple[str, ...]) -> Key:
    """A key read from SQL (`{table,public,accounts}`), its kind as the enum."""
    return (ObjectKind(parts[0]), *parts[1:])


def _sorted(objects: Iterable[T]) -> tuple[T, ...]:
    return tuple(sorted(objects, key=lambda o: o.key))


def _with_dependencies(
    catalog: Catalog, rows: list[dict[str, Any]], columns: Iterable[Key]
) -> Catalog:
    """Attach the pg_depend edges between objects the catalog holds.

    `columns` are the keys of the table columns (`(ObjectKind.COLUMN, schema,
    table, name)`, partitions' inherited columns included): an object may need one
    (a view using it), and a column's `depends_on` holds what its type,
    default or generation expression needs.
    """
    present = set(catalog.by_key())
    present_columns = set(columns)
    needs: dict[Key, set[Key]] = defaultdict(set)
    for r in rows:
        obj, dep = tuple(r["object"]), tuple(r["needs"])
        if (obj in present or obj in present_columns) and (
            dep in present or dep in present_columns
        ):
            needs[_key(obj)].add(_key(dep))

    def attach(objects: tuple[T, ...]) -> tuple[T, ...]:
        return tuple(
            replace(o, depends_on=tuple(sorted(needs[o.key]))) if o.key in needs else o
            for o in objects
        )

    def attach_columns(table: Table) -> Table:
        cols = tuple(
            replace(c, depends_on=tuple(sorted(needs[k])))
            if (k := (ObjectKind.COLUMN, table.schema, table.name, c.name)) in needs
            else c
            for c in table.columns
        )
        return replace(table, columns=cols)

    return replace(
        catalog,
        schemas=attach(catalog.schemas),
        extensions=attach(catalog.extensions),
        collations=attach(catalog.collations),
        enums=attach(catalog.enums),
        domains=attach(catalog.domains),
        composites=attach(catalog.composites),
        sequences=attach(catalog.sequences),
        functions=attach(catalog.functions),
        aggregates=attach(catalog.aggregates),
        tables=tuple(attach_columns(t) for t in attach(catalog.tables)),
        constraints=attach(catalog.constraints),
        indexes=attach(catalog.indexes),
        views=attach(catalog.views),
        triggers=attach(catalog.triggers),
        policies=attach(catalog.policies),
    )
