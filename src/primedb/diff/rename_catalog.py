"""A catalog as it will be after a rename: names, keys and definitions changed.

`rename(catalog, hint)` returns the catalog PostgreSQL would show after the
rename: the object under its new name, what names it (a foreign key's
referenced table, a trigger's table, a column list) following it, and the
printed definitions changed the way PostgreSQL prints them (see
`substitute.py`). Keys in `depends_on` follow too, so the dependency order
holds after the rename.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from primedb.catalog import Catalog
from primedb.catalog.kinds import Key, ObjectKind, RelationKind
from primedb.catalog.quote import ident, qualified
from primedb.catalog.routines import Policy, Trigger
from primedb.catalog.tables import Column, Constraint, Index, IndexColumn, Table
from primedb.diff.items import ItemKind
from primedb.diff.renames import Rename, RenameKind
from primedb.diff.substitute import (
    rename_column,
    rename_in_lists_after,
    rename_qualified,
    rename_referenced_columns,
)

__all__ = ["rename"]

T = TypeVar("T")
KeyMap = Callable[[Key], Key]
TextMap = Callable[[str | None], str | None]


def _text(value: str | None, fn: TextMap) -> str:
    out = fn(value)
    return out if out is not None else ""


def _keys(keys: tuple[Key, ...], km: KeyMap) -> tuple[Key, ...]:
    return tuple(sorted({km(k) for k in keys}))


def _columns(cols: tuple[Column, ...], km: KeyMap, text: TextMap) -> tuple[Column, ...]:
    return tuple(
        replace(
            c,
            default=text(c.default),
            generated=text(c.generated),
            depends_on=_keys(c.depends_on, km),
        )
        for c in cols
    )


def _everywhere(catalog: Catalog, km: KeyMap, text: TextMap) -> Catalog:
    """Keys mapped and `text` applied to every printed definition."""

    def deps(objects: tuple[T, ...]) -> tuple[T, ...]:
        return tuple(replace(o, depends_on=_keys(o.depends_on, km)) for o in objects)  # type: ignore[type-var, attr-defined]

    return replace(
        catalog,
        schemas=deps(catalog.schemas),
        extensions=deps(catalog.extensions),
        enums=deps(catalog.enums),
        domains=tuple(
            replace(d, default=text(d.default), depends_on=_keys(d.depends_on, km))
            for d in catalog.domains
        ),
        sequences=deps(catalog.sequences),
        functions=tuple(
            replace(f, definition=_text(f.definition, text), depends_on=_keys(f.depends_on, km))
            for f in catalog.functions
        ),
        tables=tuple(
            replace(t, columns=_columns(t.columns, km, text), depends_on=_keys(t.depends_on, km))
            for t in catalog.tables
        ),
        constraints=tuple(
            replace(c, definition=_text(c.definition, text), depends_on=_keys(c.depends_on, km))
            for c in catalog.constraints
        ),
        indexes=tuple(
            replace(
                i,
                definition=_text(i.definition, text),
                predicate=text(i.predicate),
                columns=tuple(
                    replace(col, expression=_text(col.expression, text))
                    if col.is_expression
                    else col
                    for col in i.columns
                ),
                depends_on=_keys(i.depends_on, km),
            )
            for i in catalog.indexes
        ),
        views=tuple(
            replace(v, definition=_text(v.definition, text), depends_on=_keys(v.depends_on, km))
            for v in catalog.views
        ),
        triggers=tuple(
            replace(t, definition=_text(t.definition, text), depends_on=_keys(t.depends_on, km))
            for t in catalog.triggers
        ),
        policies=tuple(
            replace(
                p,
                using=text(p.using),
                with_check=text(p.with_check),
                depends_on=_keys(p.depends_on, km),
            )
            for p in catalog.policies
        ),
    )


def _sorted(catalog: Catalog) -> Catalog:
    def by_key(objects: tuple[T, ...]) -> tuple[T, ...]:
        return tuple(sorted(objects, key=lambda o: o.key))  # type: ignore[attr-defined]

    return replace(
        catalog,
        enums=by_key(catalog.enums),
        sequences=by_key(catalog.sequences),
        tables=by_key(catalog.tables),
        constraints=by_key(catalog.constraints),
        indexes=by_key(catalog.indexes),
        views=by_key(catalog.views),
        triggers=by_key(catalog.triggers),
        policies=by_key(catalog.policies),
    )


def _table(catalog: Catalog, hint: Rename) -> Catalog:
    s, old, new = hint.schema, hint.old, hint.new
    on_table = (
        ObjectKind.TABLE,
        ObjectKind.COLUMN,
        ObjectKind.CONSTRAINT,
        ObjectKind.TRIGGER,
        ObjectKind.POLICY,
        ItemKind.MONTHLY_PARTITIONS,
    )

    def km(key: Key) -> Key:
        if key[0] in on_table and key[1:3] == (s, old):
            return (key[0], s, new, *key[3:])
        return key

    catalog = _everywhere(catalog, km, lambda t: rename_qualified(t, s, old, new, aliases=True))

    def moved(pair: tuple[str, str] | None) -> tuple[str, str] | None:
        return (s, new) if pair == (s, old) else pair

    return _sorted(
        replace(
            catalog,
            tables=tuple(
                replace(
                    t,
                    name=new if (t.schema, t.name) == (s, old) else t.name,
                    parent=moved(t.parent),
                )
                for t in catalog.tables
            ),
            constraints=tuple(
                replace(
                    c,
                    table=new if (c.schema, c.table) == (s, old) else c.table,
                    references=moved(c.references),
                )
                for c in catalog.constraints
            ),
            indexes=tuple(
                replace(
                    replace(i, table=new)
                    if (i.schema, i.table) == (s, old) and i.table_kind.value == "table"
                    else i,
                    partitions=tuple(
                        (ps, new, n) if (ps, pt) == (s, old) else (ps, pt, n)
                        for ps, pt, n in i.partitions
                    ),
                )
                for i in catalog.indexes
            ),
            triggers=tuple(
                replace(t, table=new) if (t.schema, t.table) == (s, old) else t
                for t in catalog.triggers
            ),
            policies=tuple(
                replace(p, table=new) if (p.schema, p.table) == (s, old) else p
                for p in catalog.policies
            ),
            sequences=tuple(
                replace(q, owned_by=(s, new, q.owned_by[2]))
                if q.owned_by is not None and q.owned_by[:2] == (s, old)
                else q
                for q in catalog.sequences
            ),
        )
    )


def _after_name(definition: str, head_words: tuple[str, ...], name: str) -> tuple[str, str]:
    """Split a `CREATE ... <name> ...` definition after the name (not to rename the name)."""
    for head in head_words:
        prefix = f"{head} {ident(name)} "
        if definition.startswith(prefix):
            return prefix, definition[len(prefix) :]
    return "", definition


def _column(catalog: Catalog, hint: Rename) -> Catalog:
    s, t, old, new = hint.schema, hint.table, hint.old, hint.new
    assert t is not None

    def km(key: Key) -> Key:
        return (ObjectKind.COLUMN, s, t, new) if key == (ObjectKind.COLUMN, s, t, old) else key

    catalog = _everywhere(catalog, km, lambda x: x)
    bare: TextMap = lambda x: rename_column(x, old, new)  # noqa: E731
    here = (s, t)

    def table(tb: Table) -> Table:
        mine = (tb.schema, tb.name) == here or tb.parent == here
        if not mine:
            return tb
        cols = tuple(
            replace(
                c,
                name=new if c.name == old else c.name,
                generated=bare(c.generated) if (tb.schema, tb.name) == here else c.generated,
            )
            for c in tb.columns
        )
        return replace(tb, columns=tuple(sorted(cols, key=lambda c: c.name)))

    def constraint(c: Constraint) -> Constraint:
        definition = c.definition
        if (c.schema, c.table) == here:
            if c.references is None:
                definition = _text(definition, bare)
            else:
                definition = _text(definition, lambda x: rename_in_lists_after(x, "KEY", old, new))
            c = replace(
                c,
                columns=tuple(new if x == old else x for x in c.columns),
                on_delete_columns=tuple(new if x == old else x for x in c.on_delete_columns),
            )
        if c.references == here:
            definition = _text(definition, lambda x: rename_referenced_columns(x, s, t, old, new))
            c = replace(
                c, referenced_columns=tuple(new if x == old else x for x in c.referenced_columns)
            )
        return replace(c, definition=definition)

    def index(i: Index) -> Index:
        if (i.schema, i.table) != here or i.table_kind is not RelationKind.TABLE:
            return i
        head, rest = (
            i.definition.split(" USING ", 1) if " USING " in i.definition else (i.definition, "")
        )
        definition = f"{head} USING {_text(rest, bare)}" if rest else i.definition
        return replace(
            i,
            definition=definition,
            columns=tuple(_index_column(col, old, new) for col in i.columns),
            include=tuple(ident(new) if x == ident(old) else x for x in i.include),
            predicate=bare(i.predicate),
        )

    def trigger(g: Trigger) -> Trigger:
        if (g.schema, g.table) != here:
            return g
        head, rest = _after_name(
            g.definition, ("CREATE TRIGGER", "CREATE CONSTRAINT TRIGGER"), g.name
        )
        rest = _text(rest, lambda x: rename_column(x, old, new, frozenset({"new", "old"})))
        return replace(
            g, definition=head + rest, columns=tuple(new if x == old else x for x in g.columns)
        )

    def policy(p: Policy) -> Policy:
        if (p.schema, p.table) != here:
            return p
        return replace(p, using=bare(p.using), with_check=bare(p.with_check))

    return replace(
        catalog,
        tables=tuple(table(tb) for tb in catalog.tables),
        constraints=tuple(constraint(c) for c in catalog.constraints),
        indexes=tuple(index(i) for i in catalog.indexes),
        triggers=tuple(trigger(g) for g in catalog.triggers),
        policies=tuple(policy(p) for p in catalog.policies),
        sequences=tuple(
            replace(q, owned_by=(s, t, new)) if q.owned_by == (s, t, old) else q
            for q in catalog.sequences
        ),
    )


def _index_column(col: IndexColumn, old: str, new: str) -> IndexColumn:
    if col.is_expression:
        return replace(col, expression=_text(col.expression, lambda x: rename_column(x, old, new)))
    return replace(col, expression=ident(new)) if col.expression == ident(old) else col


def _rename_index_object(i: Index, new: str) -> Index:
    head = "CREATE UNIQUE INDEX" if i.unique else "CREATE INDEX"
    prefix = f"{head} {ident(i.name)} "
    definition = i.definition
    if definition.startswith(prefix):
        definition = f"{head} {ident(new)} " + definition[len(prefix) :]
    return replace(i, name=new, definition=definition)


def _index(catalog: Catalog, hint: Rename, *, constraint_of: str | None = None) -> Catalog:
    s, old, new = hint.schema, hint.old, hint.new

    def km(key: Key) -> Key:
        return (ObjectKind.INDEX, s, new) if key == (ObjectKind.INDEX, s, old) else key

    catalog = _everywhere(catalog, km, lambda x: x)
    return _sorted(
        replace(
            catalog,
            indexes=tuple(
                _rename_index_object(i, new) if (i.schema, i.name) == (s, old) else i
                for i in catalog.indexes
            ),
            constraints=tuple(
                replace(c, index=new) if c.schema == s and c.index == old else c
                for c in catalog.constraints
            ),
        )
    )


def _constraint(catalog: Catalog, hint: Rename) -> Catalog:
    s, t, old, new = hint.schema, hint.table, hint.old, hint.new
    assert t is not None
    con = next(c for c in catalog.constraints if (c.schema, c.table, c.name) == (s, t, old))

    def km(key: Key) -> Key:
        return (
            (ObjectKind.CONSTRAINT, s, t, new) if key == (ObjectKind.CONSTRAINT, s, t, old) else key
        )

    catalog = _everywhere(catalog, km, lambda x: x)
    catalog = replace(
        catalog,
        constraints=tuple(
            replace(c, name=new) if (c.schema, c.table, c.name) == (s, t, old) else c
            for c in catalog.constraints
        ),
        indexes=tuple(
            replace(i, constraint=new) if (i.schema, i.table, i.constraint) == (s, t, old) else i
            for i in catalog.indexes
        ),
    )
    if con.index is not None:
        # RENAME CONSTRAINT renames the index it owns as well.
        index_hint = Rename(kind=RenameKind.INDEX, schema=s, old=con.index, new=new)
        catalog = _index(catalog, index_hint)
    return _sorted(catalog)


def _view(catalog: Catalog, hint: Rename) -> Catalog:
    s, old, new = hint.schema, hint.old, hint.new

    def km(key: Key) -> Key:
        if key[0] in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.TRIGGER) and key[
            1:3
        ] == (s, old):
            return (key[0], s, new, *key[3:])
        return key

    catalog = _everywhere(catalog, km, lambda x: rename_qualified(x, s, old, new, aliases=True))
    return _sorted(
        replace(
            catalog,
            views=tuple(
                replace(v, name=new) if (v.schema, v.name) == (s, old) else v for v in catalog.views
            ),
            indexes=tuple(
                replace(i, table=new)
                if (i.schema, i.table) == (s, old) and i.table_kind.value != "table"
                else i
                for i in catalog.indexes
            ),
            triggers=tuple(
                replace(g, table=new)
                if (g.schema, g.table) == (s, old) and g.table_kind.value != "table"
                else g
                for g in catalog.triggers
            ),
        )
    )


def _sequence(catalog: Catalog, hint: Rename) -> Catalog:
    s, old, new = hint.schema, hint.old, hint.new

    def km(key: Key) -> Key:
        return (ObjectKind.SEQUENCE, s, new) if key == (ObjectKind.SEQUENCE, s, old) else key

    catalog = _everywhere(catalog, km, lambda x: rename_qualified(x, s, old, new))
    return _sorted(
        replace(
            catalog,
            sequences=tuple(
                replace(q, name=new) if (q.schema, q.name) == (s, old) else q
                for q in catalog.sequences
            ),
        )
    )


def _enum(catalog: Catalog, hint: Rename) -> Catalog:
    s, old, new = hint.schema, hint.old, hint.new
    before, after = qualified(s, old), qualified(s, new)

    def km(key: Key) -> Key:
        return (ObjectKind.ENUM, s, new) if key == (ObjectKind.ENUM, s, old) else key

    def typ(name: str) -> str:
        if name == before:
            return after
        return f"{after}[]" if name == f"{before}[]" else name

    catalog = _everywhere(catalog, km, lambda x: rename_qualified(x, s, old, new))
    return _sorted(
        replace(
            catalog,
            enums=tuple(
                replace(e, name=new) if (e.schema, e.name) == (s, old) else e for e in catalog.enums
            ),
            domains=tuple(replace(d, base_type=typ(d.base_type)) for d in catalog.domains),
            tables=tuple(
                replace(t, columns=tuple(replace(c, type=typ(c.type)) for c in t.columns))
                for t in catalog.tables
            ),
        )
    )


_APPLY: dict[RenameKind, Callable[[Catalog, Rename], Catalog]] = {
    RenameKind.TABLE: _table,
    RenameKind.COLUMN: _column,
    RenameKind.INDEX: _index,
    RenameKind.CONSTRAINT: _constraint,
    RenameKind.VIEW: _view,
    RenameKind.SEQUENCE: _sequence,
    RenameKind.ENUM: _enum,
}


def rename(catalog: Catalog, hint: Rename) -> Catalog:
    """`catalog` as it is after the rename `hint`."""
    return _APPLY[hint.kind](catalog, hint)
