"""Rename hints applied: the RENAME statements, and the current catalog after them.

Renames run first in a plan, in a fixed order (tables, then views,
sequences and enums, then columns, then constraints and indexes), so every
later statement uses the new names; the rollback undoes them last, in
reverse. A table rename takes along its constraints, indexes and owned
sequences named after it (`old_pkey` to `new_pkey`) when the desired schema
has them so, and a renamed partition the indexes PostgreSQL made on it for
its parent's (`old_kind_idx` to `new_kind_idx`).
"""

from collections.abc import Iterable
from dataclasses import replace

from primedb.catalog import Catalog
from primedb.catalog.quote import ident, qualified
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.items import ItemKind
from primedb.diff.ops import RENAME, Op
from primedb.diff.plan import LockLevel, Statement
from primedb.diff.rename_catalog import rename
from primedb.diff.renames import Rename, RenameKind, applicable

__all__ = ["apply_renames"]

_ORDER = {
    RenameKind.TABLE: 0,
    RenameKind.VIEW: 1,
    RenameKind.SEQUENCE: 1,
    RenameKind.ENUM: 1,
    RenameKind.COLUMN: 2,
    RenameKind.CONSTRAINT: 3,
    RenameKind.INDEX: 3,
}
# Renames that code can notice: a query, a nextval() or a cast names them.
_BREAKING = frozenset(
    {RenameKind.TABLE, RenameKind.VIEW, RenameKind.SEQUENCE, RenameKind.ENUM, RenameKind.COLUMN}
)


def _sql(hint: Rename, old: str, new: str, catalog: Catalog) -> tuple[str, LockLevel]:
    s = hint.schema
    match hint.kind:
        case RenameKind.TABLE:
            return (
                f"ALTER TABLE {qualified(s, old)} RENAME TO {ident(new)}",
                LockLevel.ACCESS_EXCLUSIVE,
            )
        case RenameKind.COLUMN:
            assert hint.table is not None
            on = qualified(s, hint.table)
            return (
                f"ALTER TABLE {on} RENAME COLUMN {ident(old)} TO {ident(new)}",
                LockLevel.ACCESS_EXCLUSIVE,
            )
        case RenameKind.CONSTRAINT:
            assert hint.table is not None
            return (
                f"ALTER TABLE {qualified(s, hint.table)} RENAME CONSTRAINT {ident(old)} "
                f"TO {ident(new)}",
                LockLevel.ACCESS_EXCLUSIVE,
            )
        case RenameKind.INDEX:
            return (
                f"ALTER INDEX {qualified(s, old)} RENAME TO {ident(new)}",
                LockLevel.SHARE_UPDATE_EXCLUSIVE,
            )
        case RenameKind.VIEW:
            materialized = any(
                v.materialized for v in catalog.views if (v.schema, v.name) in ((s, old), (s, new))
            )
            what = "MATERIALIZED VIEW" if materialized else "VIEW"
            return (
                f"ALTER {what} {qualified(s, old)} RENAME TO {ident(new)}",
                LockLevel.ACCESS_EXCLUSIVE,
            )
        case RenameKind.SEQUENCE:
            return (
                f"ALTER SEQUENCE {qualified(s, old)} RENAME TO {ident(new)}",
                LockLevel.ACCESS_EXCLUSIVE,
            )
        case RenameKind.ENUM:
            return f"ALTER TYPE {qualified(s, old)} RENAME TO {ident(new)}", LockLevel.NONE


def _statement(hint: Rename, old: str, new: str, catalog: Catalog, side: Side) -> Statement:
    sql, lock = _sql(hint, old, new, catalog)
    where = f"{hint.schema}.{hint.table}" if hint.table else hint.schema
    hazards = []
    if hint.kind in _BREAKING:
        hazards.append(
            hazard(K.BREAKS_RUNNING_CODE, f"{hint.kind.value} {where}.{old}", f"now {new}")
        )
    return statement(sql, lock, side, hazards=hazards)


def _followers(hint: Rename, current: Catalog, desired: Catalog) -> list[Rename]:
    """Constraints, indexes and owned sequences named after a renamed table."""
    s, old, new = hint.schema, hint.old, hint.new
    found: list[Rename] = []

    def follows(name: str) -> str | None:
        return new + name[len(old) :] if name.startswith(old) and name != old else None

    wanted_cons = {(c.table, c.name) for c in desired.constraints if c.schema == s}
    have_cons = {(c.table, c.name) for c in current.constraints if c.schema == s}
    owned = set()
    for con in current.constraints:
        if (con.schema, con.table) != (s, old) or (target := follows(con.name)) is None:
            continue
        if (
            (new, target) in wanted_cons
            and (new, con.name) not in wanted_cons
            and ((old, target) not in have_cons)
        ):
            found.append(
                Rename(
                    kind=RenameKind.CONSTRAINT,
                    schema=s,
                    table=new,
                    old=con.name,
                    new=target,
                    origin=f"follows {hint}",
                )
            )
            if con.index is not None:
                owned.add(con.index)
    wanted_idx = {i.name for i in desired.indexes if i.schema == s}
    have_idx = {i.name for i in current.indexes if i.schema == s}
    for index in current.indexes:
        if (index.schema, index.table) != (s, old) or index.constraint is not None:
            continue
        target = follows(index.name)
        if (
            target
            and target in wanted_idx
            and index.name not in wanted_idx
            and (target not in have_idx)
        ):
            found.append(
                Rename(
                    kind=RenameKind.INDEX,
                    schema=s,
                    old=index.name,
                    new=target,
                    origin=f"follows {hint}",
                )
            )
    wanted_seq = {q.name for q in desired.sequences if q.schema == s}
    have_seq = {q.name for q in current.sequences if q.schema == s}
    for seq in current.sequences:
        if seq.schema != s or seq.owned_by is None or seq.owned_by[:2] != (s, old):
            continue
        target = follows(seq.name)
        if (
            target
            and target in wanted_seq
            and seq.name not in wanted_seq
            and (target not in have_seq)
        ):
            found.append(
                Rename(
                    kind=RenameKind.SEQUENCE,
                    schema=s,
                    old=seq.name,
                    new=target,
                    origin=f"follows {hint}",
                )
            )
    return found


def _partition_indexes(
    catalog: Catalog, desired: Catalog, hint: Rename
) -> tuple[Catalog, list[tuple[str, str]]]:
    """A renamed partition's indexes (attached to its parent's) named after the old name
    follow the new one where the desired schema has them so; the catalog with them renamed."""
    s, old, new = hint.schema, hint.old, hint.new
    wanted = {(p[0], p[1], p[2]) for i in desired.indexes for p in i.partitions}
    moves: list[tuple[str, str]] = []
    indexes = []
    for index in catalog.indexes:
        entries = []
        for ps, pt, name in index.partitions:
            target = new + name[len(old) :] if name.startswith(old) else None
            if (ps, pt) == (s, new) and target and (ps, pt, target) in wanted:
                moves.append((name, target))
                entries.append((ps, pt, target))
            else:
                entries.append((ps, pt, name))
        indexes.append(replace(index, partitions=tuple(entries)))
    return replace(catalog, indexes=tuple(indexes)), moves


def _child_index(schema: str, old: str, new: str, side: Side) -> Statement:
    return statement(
        f"ALTER INDEX {qualified(schema, old)} RENAME TO {ident(new)}",
        LockLevel.SHARE_UPDATE_EXCLUSIVE,
        side,
    )


def apply_renames(
    current: Catalog, desired: Catalog, hints: Iterable[Rename], up: Side, down: Side
) -> tuple[Catalog, list[Op]]:
    """The current catalog after the hinted renames, and the rename steps (first in the plan)."""
    pending = sorted(set(hints), key=lambda h: (_ORDER[h.kind], str(h)))
    steps: list[Op] = []
    done: set[Rename] = set()
    catalog = current
    while pending:
        hint = pending.pop(0)
        if hint in done or not applicable(hint, catalog, desired):
            continue
        done.add(hint)
        before = catalog
        catalog = rename(catalog, hint)
        children: list[tuple[str, str]] = []
        if hint.kind is RenameKind.TABLE:
            catalog, children = _partition_indexes(catalog, desired, hint)
        where = f"{hint.schema}.{hint.table}" if hint.table else hint.schema
        steps.append(
            Op(
                key=(ItemKind.RENAME, hint.kind.value, where, hint.old),
                tag="rename",
                flags=RENAME,
                description=f"rename {hint.kind.value} {where}.{hint.old} to {hint.new}",
                up=(
                    _statement(hint, hint.old, hint.new, before, up),
                    *(_child_index(hint.schema, a, b, up) for a, b in children),
                ),
                down=(
                    *(_child_index(hint.schema, b, a, down) for a, b in children),
                    _statement(hint, hint.new, hint.old, before, down),
                ),
            )
        )
        if hint.kind is RenameKind.TABLE:
            pending.extend(_followers(hint, before, desired))
            pending.sort(key=lambda h: (_ORDER[h.kind], str(h)))
    return catalog, steps
