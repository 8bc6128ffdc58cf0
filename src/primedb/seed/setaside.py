"""Set indexes and foreign keys aside while loading, and put them back exactly.

Inserting into a table with its indexes costs one index descent per row and
index, and a foreign key costs one lookup query per row (an RI trigger);
building an index over the loaded rows is a sort, and adding a foreign key
checks every row in one join. So, inside the loading transaction, the seed
drops the foreign keys from and to the loaded tables and the indexes of those
tables (primary keys and unique constraints included), loads, and re-creates
them from the definitions PostgreSQL itself printed before the drop
(`pg_get_indexdef`, `pg_get_constraintdef`), in the form pg_dump uses for
partitioned tables: each partition's index, then the parent's `ON ONLY`, then
`ATTACH PARTITION`, so names and attachments come back as they were.
Re-created constraints check every loaded row: a duplicate key or a dangling
reference fails the seed like it would have failed the insert.

Indexes stay in place (are never dropped) when a property would not survive
the round trip (a tablespace, CLUSTER ON, REPLICA IDENTITY, a statistics
target, an invalid index), and on tables with a deferred trigger that fires on
INSERT, since PostgreSQL refuses to alter a table with pending trigger events.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from primedb.seed.catalog import rows

__all__ = ["ForeignKey", "Index", "Relation", "SetAside", "capture"]

ADD_CONSTRAINT = "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
DROP_CONSTRAINT = "ALTER TABLE {table} DROP CONSTRAINT {name}"
DROP_INDEX = "DROP INDEX {index}"
ATTACH_INDEX = "ALTER INDEX {parent} ATTACH PARTITION {child}"
RENAME_INDEX = "ALTER INDEX {index} RENAME TO {name}"
COMMENT_INDEX = "COMMENT ON INDEX {index} IS {comment}"
COMMENT_CONSTRAINT = "COMMENT ON CONSTRAINT {name} ON {table} IS {comment}"


@dataclass(frozen=True, slots=True)
class Relation:
    oid: int
    schema: str
    name: str
    level: int  # 0 for a loaded table, 1 for its partitions, ...
    partitioned: bool


@dataclass(frozen=True, slots=True)
class ForeignKey:
    schema: str
    table_name: str
    name: str
    definition: str
    comment: str | None

    @property
    def table(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.table_name)


@dataclass(frozen=True, slots=True)
class Index:
    oid: int
    schema: str
    table_name: str
    table_oid: int
    name: str
    definition: str
    constraint_name: str | None
    constraint_definition: str | None
    parent_oid: int | None
    comment: str | None
    constraint_comment: str | None
    unusual: bool

    @property
    def table(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.table_name)

    @property
    def qualified(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.name)


@dataclass(frozen=True, slots=True)
class SetAside:
    """What one seed drops before loading and re-creates afterwards."""

    relations: tuple[Relation, ...]
    foreign_keys: tuple[ForeignKey, ...]
    indexes: tuple[Index, ...]  # every index of each dropped tree, roots and partitions

    def drop(self, conn: psycopg.Connection[Any]) -> None:
        for fk in self.foreign_keys:
            conn.execute(_compose(DROP_CONSTRAINT, table=fk.table, name=sql.Identifier(fk.name)))
        for index in self.indexes:
            if index.parent_oid is not None:
                continue  # goes with its parent
            if index.constraint_name:
                name = sql.Identifier(index.constraint_name)
                conn.execute(_compose(DROP_CONSTRAINT, table=index.table, name=name))
            else:
                conn.execute(_compose(DROP_INDEX, index=index.qualified))

    def restore_indexes(self, conn: psycopg.Connection[Any], step: Callable[[str], None]) -> None:
        """Re-create every index, with its name, attachments and comments.

        A primary key or unique constraint of a partitioned table is added to
        the parent and recurses, as when the partitions were created (adding
        it to each partition on its own would mark those constraints as not
        inherited); partitions' indexes PostgreSQL names differently are
        renamed back. Plain indexes of partitioned tables are built per
        partition, then the parent's `ON ONLY` and the attachments.
        """
        own, recursing, on_only = self._builds()
        for index in own:  # plain tables' and partitions' own indexes
            step(index.name)
            conn.execute(_create(index))
        for index in recursing:  # constraints of partitioned tables
            step(index.name)
            conn.execute(_create(index))
            self._rename_partitions_of(conn, index)
        for index in on_only:  # plain indexes of partitioned tables
            step(index.name)
            conn.execute(_create(index))
        by_oid = {i.oid: i for i in self.indexes}
        made = {i.oid for i in (*own, *on_only)}
        level = {r.oid: r.level for r in self.relations}
        # Deepest first: a partitioned index is valid once all its partitions are attached.
        attached = sorted(
            (i for i in self.indexes if i.parent_oid is not None and i.oid in made),
            key=lambda i: -level.get(i.table_oid, 0),
        )
        for child in attached:
            parent = by_oid[child.parent_oid] if child.parent_oid is not None else child
            conn.execute(_compose(ATTACH_INDEX, parent=parent.qualified, child=child.qualified))
        for index in self.indexes:
            _restore_comments(conn, index)

    @property
    def index_builds(self) -> int:
        """How many statements `restore_indexes` reports to its `step`."""
        return sum(len(part) for part in self._builds())

    def _root(self, index: Index) -> Index:
        by_oid = {i.oid: i for i in self.indexes}
        while index.parent_oid is not None and index.parent_oid in by_oid:
            index = by_oid[index.parent_oid]
        return index

    def _builds(self) -> tuple[list[Index], list[Index], list[Index]]:
        """(own indexes, recursing constraints, ON ONLY indexes), in the order they are made."""
        partitioned = {r.oid for r in self.relations if r.partitioned}

        def recursive(index: Index) -> bool:
            top = self._root(index)
            return top.table_oid in partitioned and top.constraint_name is not None

        own = [i for i in self.indexes if i.table_oid not in partitioned and not recursive(i)]
        recursing = [i for i in self.indexes if i.parent_oid is None and recursive(i)]
        on_only = [i for i in self.indexes if i.table_oid in partitioned and not recursive(i)]
        return own, recursing, on_only

    def _rename_partitions_of(self, conn: psycopg.Connection[Any], top: Index) -> None:
        """Give the partitions' indexes a recursing constraint created their captured names."""
        wanted = {i.table_oid: i for i in self.indexes if i is not top and self._root(i) is top}
        for made in rows(conn, "seed_index_tree", schema=top.schema, index=top.name):
            want = wanted.get(made["table_oid"])
            if want is not None and want.name != made["name"]:
                made_name = sql.Identifier(made["schema"], made["name"])
                conn.execute(
                    _compose(RENAME_INDEX, index=made_name, name=sql.Identifier(want.name))
                )

    def restore_foreign_keys(
        self, conn: psycopg.Connection[Any], step: Callable[[str], None]
    ) -> None:
        """Each foreign key, validated over every row (unless it was NOT VALID)."""
        for fk in self.foreign_keys:
            step(fk.name)
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


def capture(conn: psycopg.Connection[Any], tables: Iterable[str]) -> SetAside:
    """Read what can be set aside for loading `tables` (and their partitions)."""
    names = list(tables)
    relations = tuple(Relation(**row) for row in rows(conn, "seed_relations", tables=names))
    oids = [r.oid for r in relations]
    pinned = {row["oid"] for row in rows(conn, "seed_pinned_relations", relations=oids)}
    fks = tuple(ForeignKey(**row) for row in rows(conn, "seed_foreign_keys", relations=oids))
    everything = [Index(**row) for row in rows(conn, "seed_indexes", relations=oids)]
    by_oid = {i.oid: i for i in everything}

    def root(index: Index) -> int:
        while index.parent_oid is not None and index.parent_oid in by_oid:
            index = by_oid[index.parent_oid]
        return index.oid

    # A tree of partitioned indexes is dropped whole or not at all.
    kept = {root(i) for i in everything if i.unusual or i.table_oid in pinned}
    indexes = tuple(i for i in everything if root(i) not in kept)
    return SetAside(relations=relations, foreign_keys=fks, indexes=indexes)


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
