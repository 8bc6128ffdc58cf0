"""Re-create what a seed set aside, piece by piece, exactly as it was.

Partitioned tables are rebuilt the way pg_dump builds them, which keeps every
name and attachment: a plain index is built on each partition (`leaf`, one
job each, so partitions build side by side), then its parent `ON ONLY` and
the attachments (`tree`). A primary key or unique constraint of a partitioned
table is added to the parent and recurses over the partitions in one
statement (`recursing`): built per partition and attached, the partitions'
constraints would be marked non-inheritable, a catalog that differs;
partition indexes PostgreSQL names differently are renamed back.
"""

from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from primedb.seed.catalog import rows
from primedb.seed.setaside import ForeignKey, Index, SetAside

__all__ = [
    "Builds",
    "add_foreign_key",
    "leaf",
    "rebuild_all",
    "rebuild_foreign_keys",
    "rebuild_indexes",
    "recursing",
    "tree",
]

ADD_CONSTRAINT = "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
ATTACH_INDEX = "ALTER INDEX {parent} ATTACH PARTITION {child}"
RENAME_INDEX = "ALTER INDEX {index} RENAME TO {name}"
COMMENT_INDEX = "COMMENT ON INDEX {index} IS {comment}"
COMMENT_CONSTRAINT = "COMMENT ON CONSTRAINT {name} ON {table} IS {comment}"


class Builds:
    """The indexes of a set-aside by how they are re-created."""

    def __init__(self, aside: SetAside) -> None:
        partitioned = {r.oid for r in aside.relations if r.partitioned}

        def recursive(index: Index) -> bool:
            top = aside.root_of(index)
            return top.table_oid in partitioned and top.constraint_name is not None

        # Plain tables' and partitions' own indexes, one statement each.
        self.leaves = [
            i for i in aside.indexes if i.table_oid not in partitioned and not recursive(i)
        ]
        # Constraints of partitioned tables: one statement for the tree.
        self.recursing = [i for i in aside.indexes if i.parent_oid is None and recursive(i)]
        # Tops of plain index trees of partitioned tables: ON ONLY, then attachments.
        self.trees = [
            i for i in aside.indexes if i.parent_oid is None and i.table_oid in partitioned
            and not recursive(i)
        ]  # fmt: skip

    def __len__(self) -> int:
        return len(self.leaves) + len(self.recursing) + len(self.trees)


def leaf(conn: psycopg.Connection[Any], index: Index) -> None:
    """Build one index of a plain table or a partition."""
    conn.execute(_create(index))
    _restore_comments(conn, index)


def recursing(conn: psycopg.Connection[Any], aside: SetAside, top: Index) -> None:
    """Add a partitioned table's constraint, over every partition, with the captured names."""
    conn.execute(_create(top))
    wanted = {i.table_oid: i for i in aside.tree(top) if i is not top}
    for made in rows(conn, "seed_index_tree", schema=top.schema, index=top.name):
        want = wanted.get(made["table_oid"])
        if want is not None and want.name != made["name"]:
            made_name = sql.Identifier(made["schema"], made["name"])
            conn.execute(_compose(RENAME_INDEX, index=made_name, name=sql.Identifier(want.name)))
    for index in aside.tree(top):
        _restore_comments(conn, index)


def tree(conn: psycopg.Connection[Any], aside: SetAside, top: Index) -> None:
    """The partitioned indexes of a tree (`ON ONLY`), then every attachment, deepest
    first: a partitioned index is valid once all its partitions are attached."""
    partitioned = {r.oid for r in aside.relations if r.partitioned}
    members = aside.tree(top)
    by_oid = {i.oid: i for i in members}
    for index in members:
        if index.table_oid in partitioned:
            conn.execute(_create(index))
            _restore_comments(conn, index)
    for child in sorted(members, key=lambda i: -aside.depth(i)):
        if child.parent_oid is not None and child.parent_oid in by_oid:
            parent = by_oid[child.parent_oid]
            conn.execute(_compose(ATTACH_INDEX, parent=parent.qualified, child=child.qualified))


def add_foreign_key(conn: psycopg.Connection[Any], fk: ForeignKey) -> None:
    """Add a foreign key, validated over every row (unless it was NOT VALID)."""
    conn.execute(
        _compose(
            ADD_CONSTRAINT,
            table=fk.table,
            name=sql.Identifier(fk.name),
            definition=sql.SQL(fk.definition),
        )
    )
    if fk.comment is not None:
        conn.execute(
            _compose(
                COMMENT_CONSTRAINT,
                name=sql.Identifier(fk.name),
                table=fk.table,
                comment=sql.Literal(fk.comment),
            )
        )


Step = Callable[[str], None]  # told the name of each index or foreign key once it is made


def rebuild_indexes(conn: psycopg.Connection[Any], aside: SetAside, step: Step) -> None:
    """Every index of `aside`, one statement after another."""
    plan = Builds(aside)
    for index in plan.leaves:
        leaf(conn, index)
        step(index.name)
    for top in plan.recursing:
        recursing(conn, aside, top)
        step(top.name)
    for top in plan.trees:
        tree(conn, aside, top)
        step(top.name)


def rebuild_foreign_keys(conn: psycopg.Connection[Any], aside: SetAside, step: Step) -> None:
    for fk in aside.foreign_keys:
        add_foreign_key(conn, fk)
        step(fk.name)


def rebuild_all(conn: psycopg.Connection[Any], aside: SetAside) -> None:
    """Everything of `aside`: indexes, then foreign keys."""
    rebuild_indexes(conn, aside, lambda name: None)
    rebuild_foreign_keys(conn, aside, lambda name: None)


def _create(index: Index) -> sql.Composed:
    """The statement that re-creates `index` (a plain index's own definition
    says ON ONLY for a partitioned table)."""
    if index.constraint_name and index.constraint_definition:
        return _compose(
            ADD_CONSTRAINT,
            table=index.table,
            name=sql.Identifier(index.constraint_name),
            definition=sql.SQL(index.constraint_definition),
        )
    return sql.Composed([sql.SQL(index.definition)])


def _restore_comments(conn: psycopg.Connection[Any], index: Index) -> None:
    if index.comment is not None:
        conn.execute(
            _compose(COMMENT_INDEX, index=index.qualified, comment=sql.Literal(index.comment))
        )
    if index.constraint_name and index.constraint_comment is not None:
        conn.execute(
            _compose(
                COMMENT_CONSTRAINT,
                name=sql.Identifier(index.constraint_name),
                table=index.table,
                comment=sql.Literal(index.constraint_comment),
            )
        )


def _compose(template: str, **parts: sql.Composable) -> sql.Composed:
    return sql.SQL(template).format(**parts)
