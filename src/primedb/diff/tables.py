"""Tables: create, drop, table-level ALTERs, partitions and children attached or detached, months.

A table is created bare, as the catalog's DDL writes it (its constraints and
indexes are items of their own). Attaching a table as a partition scans it
for the bound (and the DEFAULT partition, when there is one); detaching
leaves on the table copies of its parent's indexes and constraints, which
PostgreSQL names itself and the model does not hold, so the detach runs in a
`DO` block that drops exactly those copies afterwards: the table ends up with
only what it declares.

A table becomes an inheritance child with `ALTER TABLE ... INHERIT`, which
PostgreSQL accepts only when the table already has its new parent's CHECK
constraints: a `DO` block copies those it lacks first. Leaving a parent (`NO
INHERIT`) keeps the columns and leaves the parent's CHECKs behind as the
table's own: the same block drops them.

The managed monthly partitions are created by calling
`ensure_monthly_partitions()` after the table and its other partitions exist;
they are never compared month by month. Dropping them (a table that stops
being managed) drops every `<table>_YYYY_MM` partition.
"""

from primedb.catalog import ddl
from primedb.catalog.kinds import ObjectKind
from primedb.catalog.quote import dollar_quoted, literal, qualified
from primedb.catalog.tables import Table
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import Hazard
from primedb.diff.hazards import HazardKind as K
from primedb.diff.items import MonthsItem
from primedb.diff.plan import LockLevel, Statement

__all__ = [
    "alter_table",
    "attach_partition",
    "create_months",
    "create_table",
    "detach_partition",
    "drop_months",
    "drop_table",
    "inherit",
    "no_inherit",
]

Statements = tuple[Statement, ...]
AX = LockLevel.ACCESS_EXCLUSIVE
SUE = LockLevel.SHARE_UPDATE_EXCLUSIVE


def _default_partition(tables: tuple[Table, ...], parent: tuple[str, str]) -> Table | None:
    for t in tables:
        if t.parent == parent and (t.partition_bound or "DEFAULT") == "DEFAULT":
            return t
    return None


def create_table(table: Table, side: Side) -> Statements:
    statements = ddl.create_statements(table)
    first, rest = statements[0], statements[1:]
    lock = LockLevel.NONE
    hazards: list[Hazard] = []
    watched = None
    if table.parent is not None and (ObjectKind.TABLE, *table.parent) not in side.created:
        lock = AX  # the parent, for the moment the partition is added
        default = _default_partition(side.start.tables, table.parent)
        bound = table.partition_bound or "DEFAULT"
        if default is not None and default.name != table.name and bound != "DEFAULT":
            why = f"the DEFAULT partition {default.qualified_name} is checked for rows of the bound"
            hazards += [
                hazard(K.VALIDATION_SCAN, default.qualified_name, why),
                hazard(K.ACCESS_EXCLUSIVE_LOCK, default.qualified_name, why),
                hazard(K.MAY_FAIL_ON_DATA, default.qualified_name, "fails if it holds such rows"),
            ]
            watched = default.key
    out = [statement(first, lock, side, hazards=hazards, table=watched)]
    out.extend(plain(s, side) for s in rest)
    return tuple(out)


def drop_table(table: Table, side: Side) -> Statements:
    return (
        statement(
            f"DROP TABLE {table.qualified_name}",
            AX,
            side,
            hazards=[hazard(K.DELETES_DATA, table.qualified_name)],
            table=table.key,
        ),
    )


def _options(a: Table, b: Table, side: Side) -> Statements:
    old = dict(o.split("=", 1) for o in a.options)
    new = dict(o.split("=", 1) for o in b.options)
    name = b.qualified_name
    out: list[Statement] = []
    gone = sorted(k for k in old if k not in new)
    if gone:
        out.append(plain(f"ALTER TABLE {name} RESET ({', '.join(gone)})", side, SUE))
    changed = [f"{k}={v}" for k, v in sorted(new.items()) if old.get(k) != v]
    if changed:
        out.append(plain(f"ALTER TABLE {name} SET ({', '.join(changed)})", side, SUE))
    return tuple(out)


def alter_table(a: Table, b: Table, side: Side) -> Statements:
    """What changes on the table itself (not its columns, partitions or months)."""
    name = b.qualified_name
    out: list[Statement] = []
    if a.persistence != b.persistence:
        word = "UNLOGGED" if b.persistence.value == "unlogged" else "LOGGED"
        why = f"SET {word} copies every row"
        out.append(
            statement(
                f"ALTER TABLE {name} SET {word}",
                AX,
                side,
                hazards=[
                    hazard(K.TABLE_REWRITE, name, why),
                    hazard(K.ACCESS_EXCLUSIVE_LOCK, name, why),
                ],
                table=b.key,
            )
        )
    out.extend(_options(a, b, side))
    if a.rls_enabled != b.rls_enabled:
        word = "ENABLE" if b.rls_enabled else "DISABLE"
        change = hazard(K.BEHAVIOUR_CHANGE, name, f"row-level security {word.lower()}d")
        out.append(
            statement(f"ALTER TABLE {name} {word} ROW LEVEL SECURITY", AX, side, hazards=[change])
        )
    if a.rls_forced != b.rls_forced:
        word = "FORCE" if b.rls_forced else "NO FORCE"
        change = hazard(K.BEHAVIOUR_CHANGE, name, "row-level security for the table's owner")
        out.append(
            statement(f"ALTER TABLE {name} {word} ROW LEVEL SECURITY", AX, side, hazards=[change])
        )
    out.extend(comment(f"TABLE {name}", a.comment, b.comment, side))
    return tuple(out)


def attach_partition(table: Table, side: Side) -> Statements:
    assert table.parent is not None
    parent = qualified(*table.parent)
    bound = table.partition_bound or "DEFAULT"
    name = table.qualified_name
    why = "every row is checked against the bound"
    hazards = [hazard(K.VALIDATION_SCAN, name, why), hazard(K.MAY_FAIL_ON_DATA, name, why)]
    if side.end.indexes_of(*table.parent):
        hazards.append(hazard(K.INDEX_BUILD, name, "the parent's indexes are built on it"))
    default = _default_partition(side.start.tables, table.parent)
    if default is not None and bound != "DEFAULT":
        hazards.append(
            hazard(
                K.ACCESS_EXCLUSIVE_LOCK,
                default.qualified_name,
                "the DEFAULT partition is scanned under its lock",
            )
        )
    return (
        statement(
            f"ALTER TABLE {parent} ATTACH PARTITION {name} {bound}",
            SUE,
            side,
            hazards=hazards,
            table=table.key,
        ),
    )


_DETACH = """
DECLARE
    clone text;
    constraints text[];
    indexes text[];
BEGIN
    SELECT coalesce(pg_catalog.array_agg(pg_catalog.quote_ident(k.conname)), '{{}}')
      INTO constraints
    FROM pg_catalog.pg_constraint AS k
    WHERE k.conrelid = {table_lit}::pg_catalog.regclass
      AND (k.conparentid <> 0 OR NOT k.conislocal);
    SELECT coalesce(pg_catalog.array_agg(x.indexrelid::pg_catalog.regclass::text), '{{}}')
      INTO indexes
    FROM pg_catalog.pg_index AS x
    JOIN pg_catalog.pg_inherits AS i ON i.inhrelid = x.indexrelid
    WHERE x.indrelid = {table_lit}::pg_catalog.regclass;
    ALTER TABLE {parent} DETACH PARTITION {table};
    -- What the parent had cloned onto it stays behind: drop it.
    FOREACH clone IN ARRAY constraints LOOP
        EXECUTE pg_catalog.format('ALTER TABLE {table_in_string} DROP CONSTRAINT %s', clone);
    END LOOP;
    FOREACH clone IN ARRAY indexes LOOP
        EXECUTE pg_catalog.format('DROP INDEX IF EXISTS %s', clone);
    END LOOP;
END
"""


def detach_partition(table: Table, side: Side) -> Statements:
    assert table.parent is not None
    name = table.qualified_name
    body = _DETACH.format(
        table_lit=literal(name),
        parent=qualified(*table.parent),
        table=name,
        table_in_string=name.replace("'", "''"),
    )
    sql = "DO " + dollar_quoted(body)
    change = hazard(K.BEHAVIOUR_CHANGE, name, "its rows leave the partitioned table")
    return (statement(sql, AX, side, hazards=[change]),)


def create_months(item: MonthsItem, side: Side) -> Statements:
    calls = ddl.ensure_partitions_sql(side.end, item.table)
    hazards = []
    if not side.is_new(item.table.key):
        hazards.append(
            hazard(
                K.ACCESS_EXCLUSIVE_LOCK,
                item.table.qualified_name,
                "partitions are added; rows of their months move out of the DEFAULT partition",
            )
        )
    return tuple(statement(c, AX, side, hazards=hazards, table=item.table.key) for c in calls)


_DROP_MONTHS = """
DECLARE
    part pg_catalog.regclass;
BEGIN
    FOR part IN
        SELECT c.oid::pg_catalog.regclass
        FROM pg_catalog.pg_inherits AS i
        JOIN pg_catalog.pg_class AS c ON c.oid = i.inhrelid
        WHERE i.inhparent = {table_lit}::pg_catalog.regclass
          AND pg_catalog.substr(c.relname, 1, {prefix_len}) = {prefix}
          AND pg_catalog.substr(c.relname, {rest}) ~ '^[0-9]{{4}}_[0-9]{{2}}$'
    LOOP
        EXECUTE pg_catalog.format('DROP TABLE %s', part);
    END LOOP;
END
"""


def drop_months(item: MonthsItem, side: Side) -> Statements:
    if side.is_going(item.table.key):
        return ()  # they go with the table
    table = item.table
    prefix = f"{table.name}_"
    body = _DROP_MONTHS.format(
        table_lit=literal(table.qualified_name),
        prefix_len=len(prefix),
        prefix=literal(prefix),
        rest=len(prefix) + 1,
    )
    sql = "DO " + dollar_quoted(body)
    lost = hazard(K.DELETES_DATA, table.qualified_name, "every monthly partition is dropped")
    return (statement(sql, AX, side, hazards=[lost], table=table.key),)


_INHERIT = """DO $primedb$
DECLARE
    missing record;
BEGIN
    -- PostgreSQL takes a child only when it has its new parent's CHECK constraints.
    FOR missing IN
        SELECT k.conname, pg_catalog.pg_get_constraintdef(k.oid) AS definition
        FROM pg_catalog.pg_constraint AS k
        WHERE k.conrelid = {parent_lit}::pg_catalog.regclass AND k.contype = 'c'
          AND NOT k.connoinherit
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint AS c
                          WHERE c.conrelid = {table_lit}::pg_catalog.regclass
                            AND c.conname = k.conname)
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE {table_in_string} ADD CONSTRAINT %I %s',
                                  missing.conname, missing.definition);
    END LOOP;
    ALTER TABLE {table} INHERIT {parent};
END
$primedb$"""

_NO_INHERIT = """DO $primedb$
DECLARE
    clone text;
    taken text[];
BEGIN
    SELECT coalesce(pg_catalog.array_agg(pg_catalog.quote_ident(k.conname)), '{{}}') INTO taken
    FROM pg_catalog.pg_constraint AS k
    WHERE k.conrelid = {table_lit}::pg_catalog.regclass AND k.coninhcount > 0;
    ALTER TABLE {table} NO INHERIT {parent};
    -- The CHECKs it took from the parent (or merged with it) stay behind as its
    -- own: drop those no other parent still gives it (one the table declares
    -- itself is an object of its own, made again after this).
    FOREACH clone IN ARRAY taken LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_constraint AS k
                   WHERE k.conrelid = {table_lit}::pg_catalog.regclass
                     AND pg_catalog.quote_ident(k.conname) = clone AND k.coninhcount = 0) THEN
            EXECUTE pg_catalog.format('ALTER TABLE {table_in_string} DROP CONSTRAINT %s', clone);
        END IF;
    END LOOP;
END
$primedb$"""


def _inheritance_sql(template: str, table: Table, parent: tuple[str, str]) -> str:
    name = table.qualified_name
    parent_name = qualified(*parent)
    return template.format(
        table_lit=literal(name),
        parent_lit=literal(parent_name),
        table=name,
        parent=parent_name,
        table_in_string=name.replace("'", "''"),
    )


def inherit(table: Table, parent: tuple[str, str], side: Side) -> Statements:
    """The table becomes a child of `parent` (its CHECKs copied first, then merged)."""
    name = table.qualified_name
    why = "the parent's CHECK constraints are added to it and checked against its rows"
    hazards = [
        hazard(K.VALIDATION_SCAN, name, why),
        hazard(K.MAY_FAIL_ON_DATA, name, why),
        hazard(K.BEHAVIOUR_CHANGE, name, f"its rows show in queries of {qualified(*parent)}"),
    ]
    sql = _inheritance_sql(_INHERIT, table, parent)
    return (statement(sql, AX, side, hazards=hazards, table=table.key),)


def no_inherit(table: Table, parent: tuple[str, str], side: Side) -> Statements:
    """The table leaves `parent`, keeping its columns; the CHECKs it took from it go."""
    name = table.qualified_name
    change = hazard(K.BEHAVIOUR_CHANGE, name, f"its rows leave queries of {qualified(*parent)}")
    sql = _inheritance_sql(_NO_INHERIT, table, parent)
    return (statement(sql, AX, side, hazards=[change]),)
