"""`diff(current, desired)`: the plan that brings one catalog to the other, and back.

1. Rename hints are applied to the current catalog (`rename_steps.py`).
2. Both sides become items (`items.py`): objects, and the columns, sequence
   ownerships and monthly partitions changed on their own.
3. Each item gets an action, and drops and rewrites take their dependents
   along (`actions.py`).
4. Each action becomes steps with their up and down statements, written by
   the builders for each direction (`builders.py`, `replace.py`).
5. The steps are ordered by the dependencies of both sides (`ops.py`).

Managed monthly partitions never take part: the catalogs leave them out (see
`primedb.catalog.model`), and a table that has them gets the
`ensure_monthly_partitions()` call after it is created.
"""

from collections.abc import Iterable, Mapping

from primedb.catalog import Catalog
from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.schemas import Domain, EnumType
from primedb.diff.actions import Action, Decisions, decide
from primedb.diff.context import Side
from primedb.diff.items import State, build_state
from primedb.diff.ops import order
from primedb.diff.plan import Change, Plan, Timeouts
from primedb.diff.rename_steps import apply_renames
from primedb.diff.renames import Rename
from primedb.diff.steps import StepBuilder

__all__ = ["diff"]

_RELATIONS = frozenset({ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})


def _recreated_tables(current: Catalog, desired: Catalog) -> set[Key]:
    """Tables whose partition key changes, and every partition below them."""
    wanted = {t.key: t for t in desired.tables}
    found = {
        t.key
        for t in current.tables
        if t.key in wanted and t.partition_key != wanted[t.key].partition_key
    }
    grew = True
    while grew:
        grew = False
        for t in current.tables:
            if (
                t.parent is not None
                and (ObjectKind.TABLE, *t.parent) in found
                and t.key not in found
            ):
                found.add(t.key)
                grew = True
    return found


def _column_tables(current: Catalog, desired: Catalog, recreated: set[Key]) -> dict[Key, bool]:
    """Tables on both sides (not recreated) -> whether all their columns are items."""
    wanted = {t.key: t for t in desired.tables}
    return {
        t.key: t.parent != wanted[t.key].parent
        for t in current.tables
        if t.key in wanted and t.key not in recreated
    }


def _sides(cur: State, des: State, found: Decisions, rows: Mapping[Key, int]) -> tuple[Side, Side]:
    current, desired = cur.catalog, des.catalog
    made = {k for k, a in found.actions.items() if a in (Action.CREATE, Action.RECREATE)}
    gone = {k for k, a in found.actions.items() if a in (Action.DROP, Action.RECREATE)}
    made = {k for k in made if k[0] in _RELATIONS}
    gone = {k for k in gone if k[0] in _RELATIONS}
    up = Side("up", current, desired, frozenset(made), frozenset(gone), rows, _lonely(cur))
    down = Side("down", desired, current, frozenset(gone), frozenset(made), rows, _lonely(des))
    return up, down


def _lonely(state: State) -> frozenset[Key]:
    """Items that need nothing but their own table, its columns and schema."""
    found = set()
    for key, item in state.items.items():
        table = getattr(item, "table_key", None)
        if table is None:
            continue
        others = {
            d
            for d in state.needs.get(key, ())
            if d != table
            and d[0] not in (ObjectKind.SCHEMA, ObjectKind.EXTENSION)
            and not (d[0] == ObjectKind.COLUMN and (ObjectKind.TABLE, *d[1:3]) == table)
        }
        if not others:
            found.add(key)
    return frozenset(found)


def diff(
    current: Catalog,
    desired: Catalog,
    *,
    renames: Iterable[Rename] = (),
    timeouts: Timeouts | None = None,
    rows: Mapping[Key, int] | None = None,
) -> Plan:
    """The plan that turns `current` into `desired`; its `down()` turns it back.

    `renames` are hints (see `renames.py`); `rows` maps table keys to row
    estimates (a table not in it is assumed to have rows).
    """
    known_rows = dict(rows or {})
    scratch_up = Side("up", current, desired, frozenset(), frozenset(), known_rows)
    scratch_down = Side("down", desired, current, frozenset(), frozenset(), known_rows)
    renamed, rename_ops = apply_renames(current, desired, renames, scratch_up, scratch_down)
    recreated = _recreated_tables(renamed, desired)
    column_tables = _column_tables(renamed, desired, recreated)
    cur_state = build_state(renamed, desired, column_tables=column_tables)
    des_state = build_state(desired, renamed, column_tables=column_tables)
    found = decide(cur_state, des_state)
    for key in recreated:
        if key in des_state.items:
            found.actions[key] = Action.RECREATE
    up, down = _sides(cur_state, des_state, found, known_rows)
    builder = StepBuilder(cur_state, des_state, found, up, down)
    for key in sorted(found.actions):
        action = found.actions[key]
        if action is Action.CREATE:
            builder.create(key)
        elif action is Action.DROP:
            builder.drop(key)
        elif action is Action.ALTER:
            builder.alter(key)
        elif isinstance(cur_state.items[key], EnumType | Domain):
            builder.replace_type(key)
        else:
            builder.drop(key)
            builder.create(key)
    builder.link()
    ordered = order(builder.ops, cur_state, des_state, rename_ops)
    changes = tuple(
        Change(description=op.description, up=op.up, down=op.down)
        for op in ordered
        if op.up or op.down
    )
    return Plan(changes=changes, timeouts=timeouts or Timeouts())
