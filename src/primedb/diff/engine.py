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
from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.schemas import Domain, EnumType
from primedb.diff.actions import Action, Decisions, decide
from primedb.diff.context import Side
from primedb.diff.items import State, build_state
from primedb.diff.ops import Op, order
from primedb.diff.plan import Change, Plan, Timeouts
from primedb.diff.rename_steps import apply_renames
from primedb.diff.renames import Rename
from primedb.diff.roles import ROLE_CHECK_WORDS, named_roles, role_check
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
        t.key: (t.parent, t.inherits) != (wanted[t.key].parent, wanted[t.key].inherits)
        for t in current.tables
        if t.key in wanted and t.key not in recreated
    }


def _sides(cur: State, des: State, found: Decisions, rows: Mapping[Key, int]) -> tuple[Side, Side]:
    current, desired = cur.catalog, des.catalog
    made_all = {k for k, a in found.actions.items() if a in (Action.CREATE, Action.RECREATE)}
    gone_all = {k for k, a in found.actions.items() if a in (Action.DROP, Action.RECREATE)}
    made = frozenset(k for k in made_all if k[0] in _RELATIONS)
    gone = frozenset(k for k in gone_all if k[0] in _RELATIONS)
    up = Side(
        "up",
        current,
        desired,
        made,
        gone,
        rows,
        _lonely(cur),
        frozenset(gone_all),
        frozenset(made_all),
    )
    down = Side(
        "down",
        desired,
        current,
        gone,
        made,
        rows,
        _lonely(des),
        frozenset(made_all),
        frozenset(gone_all),
    )
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
        elif isinstance(cur_state.items[key], EnumType | Domain | CompositeType | Collation):
            builder.replace_type(key)
        else:
            builder.drop(key)
            builder.create(key)
    builder.link()
    ordered = [
        op for op in order(builder.ops, cur_state, des_state, rename_ops) if op.up or op.down
    ]
    changes = tuple(Change(description=op.description, up=op.up, down=op.down) for op in ordered)
    return Plan(
        changes=_with_role_checks(changes, ordered, cur_state, des_state),
        timeouts=timeouts or Timeouts(),
    )


def _with_role_checks(
    changes: tuple[Change, ...], ops: list[Op], current: State, desired: State
) -> tuple[Change, ...]:
    """The roles each direction names, checked before it starts (see `roles.py`)."""
    up = named_roles(desired.items.get(op.key) for op in ops if op.up and op.tag not in _GOING)
    down = named_roles(current.items.get(op.key) for op in ops if op.down and op.tag != "create")
    first = (Change(description=ROLE_CHECK_WORDS, up=(role_check(up),), down=()),) if up else ()
    last = (
        (Change(description=f"{ROLE_CHECK_WORDS} (rollback)", up=(), down=(role_check(down),)),)
        if down
        else ()
    )
    return (*first, *changes, *last)


# Ops whose upgrade takes something away: the roles they name exist already.
_GOING = frozenset({"drop", "drop_old", "pre", "detach"})
