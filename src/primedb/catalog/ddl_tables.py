"""DDL of tables, partitions, constraints, indexes and views (see `ddl.py`).

A table is created bare (its columns, partition key and storage parameters);
its constraints and indexes are objects of their own, created after it by
`ALTER TABLE ... ADD CONSTRAINT` and `CREATE INDEX`, so that the dependency
order can put a function between a table and the CHECK that calls it.
"""

from primedb.catalog.ddl_types import comment_on, sequence_options_sql
from primedb.catalog.kinds import TriggerEnabled
from primedb.catalog.quote import ident, literal, qualified
from primedb.catalog.routines import Policy, Trigger
from primedb.catalog.tables import Column, Constraint, Index, Table, View

__all__ = [
    "column_sql",
    "create_constraint",
    "create_index",
    "create_policy",
    "create_table",
    "create_trigger",
    "create_view",
    "inherited_column",
    "name_partition_indexes",
]

_ENABLE = {
    TriggerEnabled.DISABLED: "DISABLE TRIGGER",
    TriggerEnabled.REPLICA: "ENABLE REPLICA TRIGGER",
    TriggerEnabled.ALWAYS: "ENABLE ALWAYS TRIGGER",
}


def column_sql(col: Column) -> str:
    """`price_cents bigint DEFAULT 0 NOT NULL`, as in CREATE TABLE and ADD COLUMN."""
    parts = [ident(col.name), col.type]
    if col.collation:
        parts.append(f"COLLATE {col.collation}")
    if col.identity is not None:
        options = sequence_options_sql(col.type, col.identity.options)
        parts.append(
            f"GENERATED {col.identity.kind.value} AS IDENTITY"
            + (f" ({options})" if options else "")
        )
    if col.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({col.generated}) STORED")
    if col.default is not None:
        parts.append(f"DEFAULT {col.default}")
    if col.not_null:
        parts.append("NOT NULL")
    return " ".join(parts)


def _with(options: tuple[str, ...]) -> str:
    return f" WITH ({', '.join(options)})" if options else ""


def _column_extras(table: Table, col: Column) -> list[str]:
    name = f"ALTER TABLE {table.qualified_name} ALTER COLUMN {ident(col.name)}"
    extras = [f"{name} SET STATISTICS {col.statistics}"] if col.statistics is not None else []
    where = f"COLUMN {table.qualified_name}.{ident(col.name)}"
    return [*extras, *comment_on(where, col.comment)]


def _partition_column(table: Table, col: Column) -> list[str]:
    """What a partition changes on a column it took from its parent."""
    name = f"ALTER TABLE {table.qualified_name} ALTER COLUMN {ident(col.name)}"
    default = f"{name} SET DEFAULT {col.default}" if col.default is not None else None
    statements = [default or f"{name} DROP DEFAULT"]
    if col.not_null:
        statements.append(f"{name} SET NOT NULL")
    return [*statements, *_column_extras(table, col)]


def inherited_column(table: Table, col: Column) -> list[str]:
    """What an inheritance child sets itself on a column a parent gives it (ONLY: not on
    the child's own children)."""
    name = f"ALTER TABLE ONLY {table.qualified_name} ALTER COLUMN {ident(col.name)}"
    default = f"{name} SET DEFAULT {col.default}" if col.default is not None else None
    statements = [default or f"{name} DROP DEFAULT"]
    if col.not_null:
        statements.append(f"{name} SET NOT NULL")
    return [*statements, *_column_extras(table, col)]


def create_table(table: Table) -> tuple[str, ...]:
    unlogged = "UNLOGGED " if table.persistence.value == "unlogged" else ""
    head = f"CREATE {unlogged}TABLE {table.qualified_name}"
    partition_by = f" PARTITION BY {table.partition_key}" if table.partition_key else ""
    statements: list[str] = []
    if table.parent is not None:
        parent = qualified(*table.parent)
        bound = table.partition_bound or "DEFAULT"
        statements.append(
            f"{head} PARTITION OF {parent} {bound}{partition_by}{_with(table.options)}"
        )
        statements.extend(comment_on(f"TABLE {table.qualified_name}", table.comment))
        for col in table.columns:
            statements.extend(_partition_column(table, col))
    else:
        own = [c for c in table.columns_in_order() if not c.inherited]
        body = ",\n".join(f"    {column_sql(c)}" for c in own)
        columns = f" (\n{body}\n)" if body else " ()"
        inherits = ""
        if table.inherits:
            inherits = " INHERITS (" + ", ".join(qualified(*p) for p in table.inherits) + ")"
        statements.append(f"{head}{columns}{inherits}{partition_by}{_with(table.options)}")
        statements.extend(comment_on(f"TABLE {table.qualified_name}", table.comment))
        for col in table.columns_in_order():
            if col.inherited:
                statements.extend(inherited_column(table, col))
            else:
                statements.extend(_column_extras(table, col))
    if table.rls_enabled:
        statements.append(f"ALTER TABLE {table.qualified_name} ENABLE ROW LEVEL SECURITY")
    if table.rls_forced:
        statements.append(f"ALTER TABLE {table.qualified_name} FORCE ROW LEVEL SECURITY")
    return tuple(statements)


def create_constraint(con: Constraint) -> tuple[str, ...]:
    on = qualified(con.schema, con.table)
    not_valid = "" if con.validated else " NOT VALID"
    add = f"ALTER TABLE {on} ADD CONSTRAINT {ident(con.name)} {con.definition}{not_valid}"
    return (add, *comment_on(f"CONSTRAINT {ident(con.name)} ON {on}", con.comment))


_NAME_PARTITION_INDEXES = """DO $primedb$
DECLARE
    wanted record;
    found text;
BEGIN
    FOR wanted IN SELECT * FROM (VALUES {values}) AS w(schema_name, partition, name) LOOP
        WITH RECURSIVE tree AS (
            SELECT h.inhrelid AS child FROM pg_catalog.pg_inherits AS h
            WHERE h.inhparent = {parent}::pg_catalog.regclass
            UNION ALL
            SELECT h.inhrelid FROM pg_catalog.pg_inherits AS h
            JOIN tree ON h.inhparent = tree.child)
        SELECT c.relname INTO found
        FROM tree
        JOIN pg_catalog.pg_index AS x ON x.indexrelid = tree.child
        JOIN pg_catalog.pg_class AS c ON c.oid = tree.child
        WHERE x.indrelid = pg_catalog.to_regclass(
            pg_catalog.format('%I.%I', wanted.schema_name, wanted.partition));
        IF found IS NOT NULL AND found <> wanted.name THEN
            EXECUTE pg_catalog.format('ALTER INDEX %I.%I RENAME TO %I',
                                      wanted.schema_name, found, wanted.name);
        END IF;
    END LOOP;
END
$primedb$"""


def name_partition_indexes(index: Index) -> tuple[str, ...]:
    """The partitions' indexes of `index` renamed to the names the model gives them.

    PostgreSQL names the index it makes on each partition itself (from the
    partition's name and the columns); the names the model holds are those
    of the database it was read from, and a table renamed since, or a name
    already taken, gives another. A `DO` block finds each partition's index
    below `index` by its table and renames it when its name differs.
    """
    if not index.partitions:
        return ()
    values = ", ".join(
        f"({literal(s)}, {literal(t)}, {literal(n)})" for s, t, n in index.partitions
    )
    parent = literal(qualified(index.schema, index.name))
    return (_NAME_PARTITION_INDEXES.format(values=values, parent=parent),)


def create_index(index: Index) -> tuple[str, ...]:
    """CREATE INDEX; for an index a constraint owns, only what the constraint does not set."""
    name = qualified(index.schema, index.name)
    statements: list[str] = []
    if index.constraint is None:
        statements.append(index.definition)
    elif index.options:  # ADD CONSTRAINT ... PRIMARY KEY takes no storage parameters
        statements.append(f"ALTER INDEX {name} SET ({', '.join(index.options)})")
    statements.extend(name_partition_indexes(index))
    if index.clustered:
        on = qualified(index.schema, index.table)
        statements.append(f"ALTER TABLE {on} CLUSTER ON {ident(index.name)}")
    statements.extend(comment_on(f"INDEX {name}", index.comment))
    return tuple(statements)


def create_view(view: View) -> tuple[str, ...]:
    name = qualified(view.schema, view.name)
    what = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    create = f"CREATE {what} {name}{_with(view.options)} AS\n{view.definition}"
    if view.materialized:
        create += "\n  WITH DATA" if view.populated else "\n  WITH NO DATA"
    comments = [
        stmt
        for column, comment in view.column_comments
        for stmt in comment_on(f"COLUMN {name}.{ident(column)}", comment)
    ]
    return (create, *comment_on(f"{what} {name}", view.comment), *comments)


def create_trigger(trigger: Trigger) -> tuple[str, ...]:
    on = qualified(trigger.schema, trigger.table)
    statements = [trigger.definition]
    if trigger.enabled in _ENABLE:
        statements.append(f"ALTER TABLE {on} {_ENABLE[trigger.enabled]} {ident(trigger.name)}")
    statements.extend(comment_on(f"TRIGGER {ident(trigger.name)} ON {on}", trigger.comment))
    return tuple(statements)


def _role(role: str) -> str:
    # `public` is the keyword for every role; a role really named so would be quoted.
    return "public" if role == "public" else ident(role)


def create_policy(policy: Policy) -> tuple[str, ...]:
    on = qualified(policy.schema, policy.table)
    kind = "PERMISSIVE" if policy.permissive else "RESTRICTIVE"
    roles = ", ".join(_role(r) for r in policy.roles)
    parts = [f"CREATE POLICY {ident(policy.name)} ON {on} AS {kind} FOR {policy.command.value}"]
    parts.append(f"TO {roles}")
    if policy.using is not None:
        parts.append(f"USING ({policy.using})")
    if policy.with_check is not None:
        parts.append(f"WITH CHECK ({policy.with_check})")
    create = "\n    ".join(parts)
    return (create, *comment_on(f"POLICY {ident(policy.name)} ON {on}", policy.comment))
