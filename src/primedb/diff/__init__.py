"""The schema diff: two catalogs in, an ordered, reversible, hazard-flagged plan out.

`diff(current, desired)` returns a `Plan` (see `plan.py`) whose `up()` turns
the current catalog into the desired one and whose `down()` turns it back,
every statement with its lock level, its hazards and whether it can run in a
transaction. `plan_sql` writes it for psql, `plan_json` as JSON, and
`refuse_unallowed` stops at a hazard the user did not allow. Rename hints
(`Rename`, `parse_rename`, `schema_renames`) turn a drop and an add into a
rename. See `engine.py` for how a plan is made.
"""

from primedb.diff.engine import diff
from primedb.diff.hazards import Hazard, HazardKind
from primedb.diff.markers import schema_renames
from primedb.diff.output import plan_data, plan_json, plan_sql, refuse_unallowed
from primedb.diff.plan import Change, LockLevel, Plan, Statement, Timeouts
from primedb.diff.renames import Rename, RenameKind, parse_rename
from primedb.diff.rows import table_rows

__all__ = [
    "Change",
    "Hazard",
    "HazardKind",
    "LockLevel",
    "Plan",
    "Rename",
    "RenameKind",
    "Statement",
    "Timeouts",
    "diff",
    "parse_rename",
    "plan_data",
    "plan_json",
    "plan_sql",
    "refuse_unallowed",
    "schema_renames",
    "table_rows",
]
