"""Views and materialized views.

A view is changed in place with `CREATE OR REPLACE VIEW` when its new column
list starts with the old one (same names, same types), which PostgreSQL
requires; otherwise it is dropped and created with what depends on it. A
materialized view has no in-place form: a new definition means a new
materialized view. One recreated by the plan (for a new definition, or
around a change of what it reads) is created `WITH DATA` as the schema has
it, so it never stands empty until a refresh: its query runs (`query_scan`)
while readers of the old one wait (`access_exclusive_lock`), as `REFRESH
MATERIALIZED VIEW` does.
"""

from primedb.catalog import ddl
from primedb.catalog.kinds import ObjectKind
from primedb.catalog.quote import ident, qualified
from primedb.catalog.tables import View
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import Hazard
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = ["alter_view", "create_view", "drop_view"]

Statements = tuple[Statement, ...]
AX = LockLevel.ACCESS_EXCLUSIVE


def _what(view: View) -> str:
    return "MATERIALIZED VIEW" if view.materialized else "VIEW"


def _name(view: View) -> str:
    return qualified(view.schema, view.name)


def _reads_rows(view: View, side: Side) -> bool:
    """Whether a table the view reads may hold rows (not all made in this direction)."""
    tables = {(ObjectKind.TABLE, *d[1:3]) for d in view.depends_on if d[0] in _READ}
    return not tables or any(side.may_have_rows(t) for t in tables)


_READ = frozenset({ObjectKind.TABLE, ObjectKind.COLUMN})


def _fill_hazards(view: View, side: Side) -> list[Hazard]:
    """A materialized view made WITH DATA (or refreshed) runs its query."""
    if not (view.materialized and view.populated and _reads_rows(view, side)):
        return []
    why = "filled WITH DATA, so it has its rows from the start"
    return [hazard(K.QUERY_SCAN, _name(view), why)]


def create_view(view: View, side: Side) -> Statements:
    first, *rest = ddl.create_statements(view)
    hazards = _fill_hazards(view, side)
    if hazards and side.is_going(view.key):
        # Recreated: its readers wait on the dropped one while the query runs.
        why = "filled by running its query while its readers wait"
        hazards.append(hazard(K.ACCESS_EXCLUSIVE_LOCK, _name(view), why))
    return (
        statement(first, LockLevel.NONE, side, hazards=hazards),
        *(plain(s, side) for s in rest),
    )


def drop_view(view: View, side: Side) -> Statements:
    change = hazard(K.BEHAVIOUR_CHANGE, _name(view), "queries that read it fail")
    return (statement(f"DROP {_what(view)} {_name(view)}", AX, side, hazards=[change]),)


def _options(a: View, b: View, side: Side) -> Statements:
    old = dict(o.split("=", 1) for o in a.options)
    new = dict(o.split("=", 1) for o in b.options)
    out: list[Statement] = []
    gone = sorted(k for k in old if k not in new)
    name = f"ALTER {_what(b)} {_name(b)}"
    change = [hazard(K.BEHAVIOUR_CHANGE, _name(b), "its options (check option, security barrier)")]
    if gone:
        out.append(statement(f"{name} RESET ({', '.join(gone)})", AX, side, hazards=change))
    changed = [f"{k}={v}" for k, v in sorted(new.items()) if old.get(k) != v]
    if changed:
        out.append(statement(f"{name} SET ({', '.join(changed)})", AX, side, hazards=change))
    return tuple(out)


def alter_view(a: View, b: View, side: Side) -> Statements:
    name = _name(b)
    out: list[Statement] = []
    if a.definition != b.definition:
        # CREATE OR REPLACE VIEW sets the options anew: it carries them.
        change = hazard(K.BEHAVIOUR_CHANGE, name, "queries that read it see the new definition")
        options = f" WITH ({', '.join(b.options)})" if b.options else ""
        sql = f"CREATE OR REPLACE VIEW {name}{options} AS\n{b.definition}"
        out.append(statement(sql, AX, side, hazards=[change]))
    else:
        out.extend(_options(a, b, side))
    if a.populated != b.populated:
        tail = "" if b.populated else " WITH NO DATA"
        why = "filled by running its query while its readers wait"
        hazards = (
            [*_fill_hazards(b, side), hazard(K.ACCESS_EXCLUSIVE_LOCK, name, why)]
            if b.populated
            else []
        )
        out.append(statement(f"REFRESH MATERIALIZED VIEW {name}{tail}", AX, side, hazards=hazards))
    out.extend(comment(f"{_what(b)} {name}", a.comment, b.comment, side))
    old = dict(a.column_comments)
    for column, text in b.column_comments:
        out.extend(comment(f"COLUMN {name}.{ident(column)}", old.pop(column, None), text, side))
    for column, text in sorted(old.items()):
        out.extend(comment(f"COLUMN {name}.{ident(column)}", text, None, side))
    return tuple(out)
