"""Dependencies between the objects of a catalog, and a stable order to create them in.

Two sources of edges: what PostgreSQL records in `pg_depend` (read into each
object's `depends_on`: defaults, checks and indexes that call functions,
views, SQL-standard function bodies, column types), and structural ones that
follow from the model itself, so a catalog built by hand orders well too:
an object needs its schema; a constraint, index, trigger or policy its table
(or view); a trigger its function; a foreign key the referenced table and its
key; a partition or an inheritance child its parents; a column its enum, domain or
composite type and its collation; a grant or an owner its object; an index owned
by a constraint that constraint (and the constraint what the index needs, such
as an extension's operator class); a table with managed monthly partitions the
`ensure_monthly_partitions` function that creates them.

The order is a topological sort; among the objects that are ready, the first
kind (`ObjectKind` order) then the smallest key goes first, so the same
catalog always gives the same order. Drops go in the reverse order.
"""

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from primedb.catalog import partitions
from primedb.catalog.composites import CompositeType
from primedb.catalog.kinds import ConstraintKind, Key, ObjectKind
from primedb.catalog.model import Catalog, CatalogObject
from primedb.catalog.privileges import DefaultPrivilege, Grant, Owner
from primedb.catalog.quote import qualified
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import Domain, Schema
from primedb.catalog.tables import Constraint, Index, Table
from primedb.errors import UnsupportedObject

__all__ = ["Graph", "creation_order", "dependency_graph", "ensure_function", "type_names"]

_ARRAY = re.compile(r"(\[\])+$")


@dataclass(frozen=True, slots=True)
class Graph:
    """`needs[key]`: the keys that must exist before `key` is created."""

    needs: Mapping[Key, frozenset[Key]]

    def dependents(self, key: Key) -> frozenset[Key]:
        """The objects that need `key` directly."""
        return frozenset(k for k, deps in self.needs.items() if key in deps)

    def all_dependents(self, key: Key) -> frozenset[Key]:
        """Everything that needs `key`, directly or not (what a DROP ... CASCADE would take)."""
        reverse: dict[Key, set[Key]] = defaultdict(set)
        for k, deps in self.needs.items():
            for d in deps:
                reverse[d].add(k)
        seen: set[Key] = set()
        todo = [key]
        while todo:
            for k in reverse.get(todo.pop(), ()):
                if k not in seen:
                    seen.add(k)
                    todo.append(k)
        return frozenset(seen)

    def order(self, keys: Iterable[Key] | None = None) -> tuple[Key, ...]:
        """`keys` (default: all) in creation order; edges to other keys are ignored."""
        chosen = set(self.needs if keys is None else keys)
        waiting = {k: {d for d in self.needs.get(k, ()) if d in chosen} for k in chosen}
        users: dict[Key, list[Key]] = defaultdict(list)
        for k, deps in waiting.items():
            for d in deps:
                users[d].append(k)
        ready = [(_rank(k), k) for k, deps in waiting.items() if not deps]
        heapq.heapify(ready)
        done: list[Key] = []
        while ready:
            _, key = heapq.heappop(ready)
            done.append(key)
            for user in users.get(key, ()):
                waiting[user].discard(key)
                if not waiting[user]:
                    heapq.heappush(ready, (_rank(user), user))
        if len(done) < len(chosen):
            stuck = sorted(k for k in chosen if k not in set(done))
            raise UnsupportedObject(
                "dependency cycle between "
                + ", ".join("/".join(k) for k in stuck[:8])
                + "; primedb cannot order these objects: break the cycle (for example move "
                "a default that calls a function into a trigger)"
            )
        return tuple(done)

    def drop_order(self, keys: Iterable[Key] | None = None) -> tuple[Key, ...]:
        return tuple(reversed(self.order(keys)))


def _rank(key: Key) -> tuple[int, Key]:
    return (ObjectKind(key[0]).rank, key)


def creation_order(catalog: Catalog) -> tuple[Key, ...]:
    return dependency_graph(catalog).order()


def ensure_function(catalog: Catalog, table: Table) -> Function | None:
    """The `ensure_monthly_partitions(regclass, ...)` of the table's schema, if any."""
    return partitions.ensure_function(catalog.functions, table.schema)


def _target_edges(target: Key, relations: Mapping[tuple[str, str], Key]) -> set[Key]:
    """What a grant or an owner needs: its object (a column's table or view, and the column)."""
    if target[0] != ObjectKind.COLUMN:
        return {target}
    found = {target}
    if (relation := relations.get((target[1], target[2]))) is not None:
        found.add(relation)
    return found


def type_names(catalog: Catalog) -> dict[str, Key]:
    """The enums, domains, composite types and collations by the name SQL gives them."""
    types: dict[str, Key] = {qualified(e.schema, e.name): e.key for e in catalog.enums}
    types.update({qualified(d.schema, d.name): d.key for d in catalog.domains})
    types.update({c.qualified_name: c.key for c in catalog.composites})
    types.update({c.qualified_name: c.key for c in catalog.collations})
    return types


def dependency_graph(catalog: Catalog) -> Graph:
    objects = catalog.by_key()
    types = type_names(catalog)
    relations: dict[tuple[str, str], Key] = {(t.schema, t.name): t.key for t in catalog.tables}
    relations.update({(v.schema, v.name): v.key for v in catalog.views})
    unique_keys: dict[tuple[str, str, frozenset[str]], Key] = {}
    for con in catalog.constraints:
        if con.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE):
            unique_keys.setdefault((con.schema, con.table, frozenset(con.columns)), con.key)
    owned_index_needs: dict[Key, tuple[Key, ...]] = {
        (ObjectKind.CONSTRAINT, i.schema, i.table, i.constraint): i.depends_on
        for i in catalog.indexes
        if i.constraint is not None
    }
    needs: dict[Key, frozenset[Key]] = {}
    for key, obj in objects.items():
        edges = set(obj.depends_on) | _structural(obj, catalog, types, unique_keys, relations)
        edges |= set(owned_index_needs.get(key, ()))
        needs[key] = frozenset(e for e in edges if e in objects and e != key)
    # An owned index follows its constraint; the constraint must not wait for it.
    for index in catalog.indexes:
        if index.constraint is not None:
            con_key = (ObjectKind.CONSTRAINT, index.schema, index.table, index.constraint)
            needs[con_key] = needs.get(con_key, frozenset()) - {index.key}
    return Graph(needs=needs)


def _type_key(type_name: str, types: Mapping[str, Key]) -> Key | None:
    return types.get(_ARRAY.sub("", type_name))


def _structural(
    obj: CatalogObject,
    catalog: Catalog,
    types: Mapping[str, Key],
    unique_keys: Mapping[tuple[str, str, frozenset[str]], Key],
    relations: Mapping[tuple[str, str], Key],
) -> set[Key]:
    edges: set[Key] = set()
    if isinstance(obj, DefaultPrivilege):
        return {(ObjectKind.SCHEMA, obj.schema)} if obj.schema else edges
    if not isinstance(obj, Schema):  # everything else lives in a schema
        edges.add((ObjectKind.SCHEMA, obj.schema))
    if isinstance(obj, Grant | Owner):
        return edges | _target_edges(obj.target, relations)
    if isinstance(obj, Domain):
        if (k := _type_key(obj.base_type, types)) is not None:
            edges.add(k)
        if obj.collation and (k := types.get(obj.collation)) is not None:
            edges.add(k)
    elif isinstance(obj, CompositeType):
        for attr in obj.attributes:
            if (k := _type_key(attr.type, types)) is not None:
                edges.add(k)
            if attr.collation and (k := types.get(attr.collation)) is not None:
                edges.add(k)
    elif isinstance(obj, Table):
        if obj.parent is not None:
            edges.add((ObjectKind.TABLE, *obj.parent))
        edges.update((ObjectKind.TABLE, *p) for p in obj.inherits)
        for col in obj.columns:
            if (k := _type_key(col.type, types)) is not None:
                edges.add(k)
            if col.collation and (k := types.get(col.collation)) is not None:
                edges.add(k)
        if obj.monthly_partitions and (fn := ensure_function(catalog, obj)) is not None:
            edges.add(fn.key)
    elif isinstance(obj, Constraint):
        edges.add(obj.table_key)
        if obj.references is not None:
            edges.add((ObjectKind.TABLE, *obj.references))
            target = (*obj.references, frozenset(obj.referenced_columns))
            if (k := unique_keys.get(target)) is not None:
                edges.add(k)
    elif isinstance(obj, Index):
        edges.add(obj.table_key)
        # After the partitions whose indexes it names (created with it, or renamed).
        edges.update((ObjectKind.TABLE, s, t) for s, t, _ in obj.partitions)
        if obj.constraint is not None:
            edges.add((ObjectKind.CONSTRAINT, obj.schema, obj.table, obj.constraint))
    elif isinstance(obj, Trigger):
        edges.add(obj.table_key)
        edges.add(obj.function)
    elif isinstance(obj, Policy):
        edges.add(obj.table_key)
    return edges
