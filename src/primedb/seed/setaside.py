"""Set indexes and foreign keys aside while loading, knowing exactly how to put them back.

Inserting into a table with its indexes costs one index descent per row and
index, and a foreign key costs one lookup query per row (an RI trigger);
building an index over the loaded rows is a sort, and adding a foreign key
checks every row in one join. So the seed drops the foreign keys from and to
the loaded tables and the indexes of those tables (primary keys and unique
constraints included), loads, and re-creates them (`rebuild`) from the
definitions PostgreSQL itself printed before the drop (`pg_get_indexdef`,
`pg_get_constraintdef`), so names, attachments and comments come back as they
were. Re-created constraints check every loaded row: a duplicate key or a
dangling reference fails the seed like it would have failed the insert.

Autovacuum is paused on the tables while they load (`autovacuum_enabled =
false`, put back as it was at the end, or by the undo): committed half-way, a
table would otherwise be analyzed or vacuumed half-loaded, beside the seed's own
work, and a failed seed would leave those statistics behind.

Indexes stay in place (are never dropped) when a property would not survive
the round trip (a tablespace, CLUSTER ON, REPLICA IDENTITY, a statistics
target, an invalid index), and on tables with a deferred trigger that fires on
INSERT ("pinned"), since PostgreSQL refuses to alter a table with pending
trigger events.

A `SetAside` is plain data (it travels as JSON to the guardian process that
puts everything back if the seed's process dies half-way).
"""

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from primedb.seed.catalog import rows

__all__ = ["ForeignKey", "Index", "Relation", "SetAside", "capture"]

DROP_CONSTRAINT = "ALTER TABLE {table} DROP CONSTRAINT {name}"
DROP_CONSTRAINT_IF_EXISTS = "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
DROP_INDEX = "DROP INDEX {index}"
DROP_INDEX_IF_EXISTS = "DROP INDEX IF EXISTS {index}"
PAUSE_AUTOVACUUM = "ALTER TABLE {table} SET (autovacuum_enabled = false)"
RESET_OPTIONS = "ALTER TABLE {table} RESET ({names})"
SET_OPTIONS = "ALTER TABLE {table} SET ({options})"


@dataclass(frozen=True, slots=True)
class Relation:
    oid: int
    schema: str
    name: str
    level: int  # 0 for a loaded table, 1 for its partitions, ...
    partitioned: bool
    root: str  # the loaded table it belongs to, as the seed names it
    options: tuple[str, ...] | None  # its storage parameters ("name=value"), in their order

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def identifier(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.name)


@dataclass(frozen=True, slots=True)
class ForeignKey:
    schema: str
    table_name: str
    name: str
    definition: str
    comment: str | None
    table_oid: int
    referenced_oid: int
    referenced_schema: str
    referenced_table: str
    index_oid: int  # the referenced table's unique index it relies on

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
    pinned: tuple[int, ...] = ()  # relations whose indexes stay in place

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

    def pause_autovacuum(self, conn: psycopg.Connection[Any]) -> None:
        for relation in self.relations:
            if not relation.partitioned:  # partitioned tables have no storage to vacuum
                conn.execute(_compose(PAUSE_AUTOVACUUM, table=relation.identifier))

    def resume_autovacuum(self, conn: psycopg.Connection[Any]) -> None:
        """Put each table's storage parameters back exactly, order included (a SET
        moves the option it changes to the end of the list)."""
        for relation in self.relations:
            if relation.partitioned:
                continue
            pairs = [option.split("=", 1) for option in relation.options or ()]
            names = sql.SQL(", ").join(
                _option_name(name) for name in ["autovacuum_enabled", *(n for n, _ in pairs)]
            )
            conn.execute(_compose(RESET_OPTIONS, table=relation.identifier, names=names))
            if pairs:
                options = sql.SQL(", ").join(
                    sql.SQL("{} = {}").format(_option_name(n), sql.Literal(v)) for n, v in pairs
                )
                conn.execute(_compose(SET_OPTIONS, table=relation.identifier, options=options))

    def drop_what_exists(self, conn: psycopg.Connection[Any]) -> None:
        """Drop whatever of the set-aside objects a half-done seed has re-created."""
        for fk in self.foreign_keys:
            name = sql.Identifier(fk.name)
            conn.execute(_compose(DROP_CONSTRAINT_IF_EXISTS, table=fk.table, name=name))
        # Shallowest first: an attached partition index goes with its parent.
        for index in sorted(self.indexes, key=self.depth):
            if not index.constraint_name:
                conn.execute(_compose(DROP_INDEX_IF_EXISTS, index=index.qualified))
            elif index.parent_oid is None:  # a partition's went with it (one statement)
                name = sql.Identifier(index.constraint_name)
                conn.execute(_compose(DROP_CONSTRAINT_IF_EXISTS, table=index.table, name=name))

    def subset(self, tables: Iterable[str]) -> "SetAside":
        """The part of this set-aside that lives within `tables` (and their partitions):
        their indexes, and the foreign keys between two of them."""
        names = set(tables)
        relations = tuple(r for r in self.relations if r.root in names)
        oids = {r.oid for r in relations}
        return SetAside(
            relations=relations,
            foreign_keys=tuple(
                fk for fk in self.foreign_keys if fk.table_oid in oids and fk.referenced_oid in oids
            ),
            indexes=tuple(i for i in self.indexes if i.table_oid in oids),
            pinned=tuple(p for p in self.pinned if p in oids),
        )

    def relation(self, oid: int) -> Relation | None:
        return next((r for r in self.relations if r.oid == oid), None)

    def root_of(self, index: Index) -> Index:
        """The top of the partitioned index tree `index` belongs to (itself when alone)."""
        return self._ancestry(index)[-1]

    def depth(self, index: Index) -> int:
        """0 for the top of a tree, 1 for the indexes attached to it, ..."""
        return len(self._ancestry(index)) - 1

    def _ancestry(self, index: Index) -> list[Index]:
        by_oid = {i.oid: i for i in self.indexes}
        line = [index]
        while line[-1].parent_oid is not None and line[-1].parent_oid in by_oid:
            line.append(by_oid[line[-1].parent_oid])
        return line

    def tree(self, root: Index) -> list[Index]:
        """`root` and every index below it."""
        return [i for i in self.indexes if self.root_of(i).oid == root.oid]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "SetAside":
        data = json.loads(text)
        for relation in data["relations"]:
            if relation["options"] is not None:
                relation["options"] = tuple(relation["options"])
        return cls(
            relations=tuple(Relation(**r) for r in data["relations"]),
            foreign_keys=tuple(ForeignKey(**f) for f in data["foreign_keys"]),
            indexes=tuple(Index(**i) for i in data["indexes"]),
            pinned=tuple(data["pinned"]),
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
    return SetAside(
        relations=relations, foreign_keys=fks, indexes=indexes, pinned=tuple(sorted(pinned))
    )


def _option_name(name: str) -> sql.Identifier:
    """A storage parameter's name, `toast.` ones included."""
    return sql.Identifier(*name.split("."))


def _compose(template: str, **parts: sql.Composable) -> sql.Composed:
    return sql.SQL(template).format(**parts)
