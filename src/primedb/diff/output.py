"""A plan as SQL for psql, or as JSON; and the refusal of hazards that were not allowed.

`plan_sql(plan)` is a script for `psql -v ON_ERROR_STOP=1 -f -`: the
timeouts set once for the session, each run of transactional statements
between `BEGIN` and `COMMIT`, the statements that cannot run in a
transaction (CONCURRENTLY, ADD VALUE, VALIDATE after a NOT VALID) outside,
and every change and hazard as comments above its statements.
"""

import json
from collections.abc import Iterable
from typing import Any

from primedb.catalog.quote import comment_line
from primedb.diff.hazards import Hazard, HazardKind
from primedb.diff.plan import Plan, Statement, Timeouts
from primedb.errors import HazardNotAllowed

__all__ = ["plan_data", "plan_json", "plan_sql", "refuse_unallowed", "statement_label"]

_UNITS = (("h", 3_600_000), ("min", 60_000), ("s", 1_000))


def _duration(ms: int) -> str:
    if ms <= 0:
        return "0"
    for unit, size in _UNITS:
        if ms % size == 0:
            return f"{ms // size}{unit}"
    return f"{ms}ms"


def timeout_sql(timeouts: Timeouts) -> tuple[str, str]:
    return (
        f"SET lock_timeout = '{_duration(timeouts.lock_timeout_ms)}'",
        f"SET statement_timeout = '{_duration(timeouts.statement_timeout_ms)}'",
    )


def _words(sql: str) -> list[str]:
    return sql.split()


def statement_label(statement: Statement, hazard: Hazard | None = None) -> str:
    """`DROP COLUMN public.accounts.legacy_id`: what a statement does, in a few words."""
    words = _words(statement.sql)
    upper = [w.upper() for w in words]
    subject = hazard.subject if hazard is not None else ""
    if upper[:2] == ["ALTER", "TABLE"] and len(words) > 4:
        verb = " ".join(upper[3:5])
        if verb in ("DROP COLUMN", "ADD COLUMN", "ALTER COLUMN") and not subject:
            subject = f"{words[2]}.{words[5]}" if len(words) > 5 else words[2]
        return f"{verb} {subject or words[2]}"
    head = (
        upper[:3] if len(upper) > 2 and upper[1] in ("UNIQUE", "OR", "MATERIALIZED") else upper[:2]
    )
    if head and head[0] == "DO":
        head = ["DO", "block"]
    elif head and head[0] in ("GRANT", "REVOKE"):
        head = head[:1]  # the privileges listed next are in the subject's words
    label = " ".join(head)
    return f"{label} {subject}".strip() if subject else " ".join(words[:4])


def _runs(statements: Iterable[Statement], descriptions: dict[int, str]) -> list[str]:
    lines: list[str] = []
    in_transaction = False
    for i, stmt in enumerate(statements):
        if stmt.transactional and not in_transaction:
            lines.append("BEGIN;")
            in_transaction = True
        elif not stmt.transactional and in_transaction:
            lines.append("COMMIT;")
            in_transaction = False
        if i in descriptions:
            lines.append(f"-- {comment_line(descriptions[i])}")
        if not stmt.transactional:
            lines.append("-- outside a transaction")
        if stmt.lock.value != "none":
            lines.append(f"-- takes {stmt.lock.value}")
        for h in stmt.hazards:
            lines.append(f"-- hazard {h.kind.value}: {comment_line(h.message())}")
        lines.append(f"{stmt.sql};")
    if in_transaction:
        lines.append("COMMIT;")
    return lines


def plan_sql(plan: Plan, direction: str = "up") -> str:
    """The plan's `direction` ("up" or "down") as a psql script."""
    changes = plan.changes if direction == "up" else tuple(reversed(plan.changes))
    if not changes:
        return "-- primedb schema diff: nothing to do\n"
    statements: list[Statement] = []
    descriptions: dict[int, str] = {}
    for change in changes:
        mine = change.up if direction == "up" else change.down
        if mine:
            what = change.description if direction == "up" else f"undo: {change.description}"
            descriptions[len(statements)] = what
        statements.extend(mine)
    kinds = sorted({h.kind.value for s in statements for h in s.hazards})
    head = [
        f"-- primedb schema diff ({direction}): {len(descriptions)} changes, "
        f"{len(statements)} statements",
        f"-- hazards: {', '.join(kinds) if kinds else 'none'}",
        *(f"{s};" for s in timeout_sql(plan.timeouts)),
        "",
    ]
    return "\n".join([*head, *_runs(statements, descriptions)]) + "\n"


def _statement_data(stmt: Statement) -> dict[str, Any]:
    return {
        "sql": stmt.sql,
        "lock": stmt.lock.value,
        "transactional": stmt.transactional,
        "hazards": [
            {"kind": h.kind.value, "subject": h.subject, "detail": h.detail, "message": h.message()}
            for h in stmt.hazards
        ],
    }


def plan_data(plan: Plan) -> dict[str, Any]:
    return {
        "changes": [
            {
                "description": c.description,
                "up": [_statement_data(s) for s in c.up],
                "down": [_statement_data(s) for s in c.down],
            }
            for c in plan.changes
        ],
        "timeouts": {
            "lock_timeout_ms": plan.timeouts.lock_timeout_ms,
            "statement_timeout_ms": plan.timeouts.statement_timeout_ms,
        },
        "hazards": {
            direction: sorted({h.kind.value for _, h in plan.hazards(direction)})
            for direction in ("up", "down")
        },
    }


def plan_json(plan: Plan) -> str:
    return json.dumps(plan_data(plan), indent=2) + "\n"


def refuse_unallowed(plan: Plan, allowed: Iterable[HazardKind], direction: str = "up") -> None:
    """Raise `HazardNotAllowed` when `direction` carries a hazard whose kind is not allowed.

    `deletes data in DROP COLUMN public.accounts.legacy_id; rerun with
    --allow-hazard deletes_data`
    """
    refused = plan.unallowed(allowed, direction)
    if not refused:
        return
    statement, first = refused[0]
    kinds = sorted({h.kind.value for _, h in refused})
    more = "" if len(refused) == 1 else f" ({len(refused)} hazards in all)"
    flags = " ".join(f"--allow-hazard {k}" for k in kinds)
    raise HazardNotAllowed(
        f"{first.kind.words} in {statement_label(statement, first)}; rerun with {flags}{more}"
    )
