"""Indexes: built and dropped CONCURRENTLY on existing tables, plainly on new ones.

- On an existing plain table or materialized view: `DROP INDEX CONCURRENTLY
  IF EXISTS` of a leftover of the same name first (a failed `CREATE INDEX
  CONCURRENTLY` leaves an INVALID index behind; the index does not exist in
  the state the plan starts from, so whatever holds the name is such a
  leftover), then `CREATE INDEX CONCURRENTLY`, both outside the transaction.
- On a partitioned table whose partitions are all known to the plan: `CREATE
  INDEX ... ON ONLY parent` (an instant: no partition is touched), then per
  partition `CREATE INDEX CONCURRENTLY` and `ALTER INDEX ... ATTACH
  PARTITION`, which makes the parent's index valid once every partition has
  one. Each partition's index gets the name the model holds for it, the one
  PostgreSQL chose where the desired schema was built, so the migrated
  database is the built one. A table with managed monthly partitions gets
  the plain form: its months are made at run time and the plan cannot name
  them; the listed partitions' indexes are then renamed where PostgreSQL
  chose otherwise (`name_partition_indexes`).
- On a table created in the same direction: plain, since it is empty.

Drops are `DROP INDEX CONCURRENTLY IF EXISTS`, except on a partitioned table,
where PostgreSQL only has the plain form.
"""

from dataclasses import replace

from primedb.catalog import ddl, ddl_tables
from primedb.catalog.kinds import RelationKind
from primedb.catalog.quote import ident, qualified
from primedb.catalog.tables import Index, Table
from primedb.diff.common import comment, plain, temp_name
from primedb.diff.context import Side, guard, hazard, statement
from primedb.diff.hazards import Hazard
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = ["alter_index", "concurrently", "create_index", "drop_index"]

Statements = tuple[Statement, ...]
SUE = LockLevel.SHARE_UPDATE_EXCLUSIVE


def concurrently(definition: str) -> str:
    """`CREATE [UNIQUE] INDEX CONCURRENTLY ...` from a `CREATE [UNIQUE] INDEX ...`."""
    for head in ("CREATE UNIQUE INDEX ", "CREATE INDEX "):
        if definition.startswith(head):
            return f"{head}CONCURRENTLY {definition[len(head) :]}"
    raise ValueError(f"not an index definition: {definition[:40]}")


def _table(index: Index, side_catalog_tables: tuple[Table, ...]) -> Table | None:
    if index.table_kind is not RelationKind.TABLE:
        return None
    for t in side_catalog_tables:
        if (t.schema, t.name) == (index.schema, index.table):
            return t
    return None


def _ancillary(index: Index, side: Side) -> Statements:
    """What the definition does not set: CLUSTER ON, the comment."""
    name = qualified(index.schema, index.name)
    out: list[Statement] = []
    if index.clustered:
        on = qualified(index.schema, index.table)
        out.append(plain(f"ALTER TABLE {on} CLUSTER ON {ident(index.name)}", side, SUE))
    out.extend(comment(f"INDEX {name}", None, index.comment, side))
    return tuple(out)


def _build_hazards(index: Index, subject: str, *, blocking: bool) -> list[Hazard]:
    found = [hazard(K.INDEX_BUILD, subject)]
    if blocking:
        found.append(
            hazard(K.BLOCKS_WRITES, subject, "a partitioned table has no CONCURRENTLY form here")
        )
    if index.unique:
        found.append(hazard(K.MAY_FAIL_ON_DATA, subject, "fails if rows repeat the key"))
    return found


def create_index(index: Index, side: Side) -> Statements:
    if index.constraint is not None:
        # Built by its constraint; only what ADD CONSTRAINT does not set.
        return tuple(plain(s, side, SUE) for s in ddl.create_statements(index))
    name = qualified(index.schema, index.name)
    if side.is_new(index.table_key):
        return tuple(plain(s, side, LockLevel.SHARE) for s in ddl.create_statements(index))
    table = _table(index, side.end.tables)
    if table is not None and table.partition_key is not None:
        return _create_partitioned(index, table, side)
    out = [
        guard(f"DROP INDEX CONCURRENTLY IF EXISTS {name}", transactional=False, lock=SUE),
        statement(
            concurrently(index.definition),
            SUE,
            side,
            hazards=_build_hazards(index, name, blocking=False),
            table=index.table_key,
            transactional=False,
            subject=name,
        ),
    ]
    return (*out, *_ancillary(index, side))


def _partition_definition(index: Index, partition: Table, name: str) -> str | None:
    head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
    prefix = f"{head} {ident(index.name)} ON {qualified(index.schema, index.table)} "
    if not index.definition.startswith(prefix):
        return None
    rest = index.definition[len(prefix) :]
    return f"{head} CONCURRENTLY {ident(name)} ON {partition.qualified_name} {rest}"


def _create_partitioned(index: Index, table: Table, side: Side) -> Statements:
    name = qualified(index.schema, index.name)
    partitions = side.end.partitions_of(table)
    per_partition: list[tuple[Table, str, str]] = []
    workable = not table.monthly_partitions and bool(partitions)
    # The names PostgreSQL gave the partitions' indexes where the model was read.
    names = {(s, t): n for s, t, n in index.partitions}
    for part in partitions:
        if not workable:
            break
        own = names.get((part.schema, part.name)) or temp_name(part.name, index.name)
        definition = _partition_definition(index, part, own)
        if part.partition_key is not None or side.is_new(part.key) or definition is None:
            workable = False
        else:
            per_partition.append((part, own, definition))
    if not workable:
        return (
            statement(
                index.definition,
                LockLevel.SHARE,
                side,
                hazards=_build_hazards(index, name, blocking=True),
                table=index.table_key,
            ),
            *(plain(s, side, SUE) for s in ddl_tables.name_partition_indexes(index)),
            *_ancillary(index, side),
        )
    on = qualified(index.schema, index.table)
    only = index.definition.replace(f" ON {on} ", f" ON ONLY {on} ", 1)
    out: list[Statement] = [
        guard(f"DROP INDEX IF EXISTS {name}", transactional=True, lock=LockLevel.ACCESS_EXCLUSIVE),
        plain(only, side, LockLevel.SHARE),
    ]
    for part, own, definition in per_partition:
        own_name = qualified(part.schema, own)
        out.append(
            guard(f"DROP INDEX CONCURRENTLY IF EXISTS {own_name}", transactional=False, lock=SUE)
        )
        out.append(
            statement(
                definition,
                SUE,
                side,
                hazards=_build_hazards(index, part.qualified_name, blocking=False),
                table=part.key,
                transactional=False,
                subject=own_name,
            )
        )
        out.append(plain(f"ALTER INDEX {name} ATTACH PARTITION {own_name}", side, SUE))
    return (*out, *_ancillary(index, side))


def drop_index(index: Index, side: Side) -> Statements:
    if index.constraint is not None or side.goes_with(index.key, index.table_key):
        return ()  # dropped with its constraint, or with its table
    name = qualified(index.schema, index.name)
    if side.is_going(index.table_key):  # the table goes right after: no need to be gentle
        return (plain(f"DROP INDEX {name}", side, LockLevel.ACCESS_EXCLUSIVE),)
    table = _table(index, side.start.tables)
    if table is not None and table.partition_key is not None:
        why = "DROP INDEX CONCURRENTLY does not work on a partitioned table"
        return (
            statement(
                f"DROP INDEX {name}",
                LockLevel.ACCESS_EXCLUSIVE,
                side,
                hazards=[hazard(K.INDEX_DROPPED, name), hazard(K.ACCESS_EXCLUSIVE_LOCK, name, why)],
                table=index.table_key,
            ),
        )
    return (
        statement(
            f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
            SUE,
            side,
            hazards=[hazard(K.INDEX_DROPPED, name)],
            table=index.table_key,
            transactional=False,
            subject=name,
        ),
    )


def alter_index(a: Index, b: Index, side: Side) -> Statements:
    """Storage parameters, CLUSTER ON and the comment of an index that stays."""
    name = qualified(b.schema, b.name)
    out: list[Statement] = []
    old = dict(o.split("=", 1) for o in a.options)
    new = dict(o.split("=", 1) for o in b.options)
    gone = sorted(k for k in old if k not in new)
    if gone:
        out.append(plain(f"ALTER INDEX {name} RESET ({', '.join(gone)})", side, SUE))
    changed = [f"{k}={v}" for k, v in sorted(new.items()) if old.get(k) != v]
    if changed:
        out.append(plain(f"ALTER INDEX {name} SET ({', '.join(changed)})", side, SUE))
    if a.clustered != b.clustered:
        on = qualified(b.schema, b.table)
        sql = (
            f"ALTER TABLE {on} CLUSTER ON {ident(b.name)}"
            if b.clustered
            else f"ALTER TABLE {on} SET WITHOUT CLUSTER"
        )
        out.append(plain(sql, side, SUE))
    renamed = replace(b, partitions=tuple(p for p in b.partitions if p not in a.partitions))
    out.extend(plain(s, side, SUE) for s in ddl_tables.name_partition_indexes(renamed))
    out.extend(comment(f"INDEX {name}", a.comment, b.comment, side))
    return tuple(out)
