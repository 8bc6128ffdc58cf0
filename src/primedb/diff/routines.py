"""Functions, procedures, triggers and row-level security policies.

A function is replaced in place (`CREATE OR REPLACE`) when its kind, result
and arguments stay; otherwise it is dropped and created, with what depends
on it (see `actions.py`). SQL functions are created with
`check_function_bodies = off` for the transaction, since a string body may
name a table the plan creates after it (pg_dump does the same).

A trigger is replaced in place with `CREATE OR REPLACE TRIGGER` (PostgreSQL
14 and later), except a constraint trigger. A policy changes with `ALTER
POLICY` while its command and kind stay and no expression is taken away.
Every change of what runs in the database carries `behaviour_change`.
"""

from primedb.catalog import ddl
from primedb.catalog.kinds import FunctionKind, TriggerEnabled
from primedb.catalog.quote import ident, qualified
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = [
    "alter_function",
    "alter_policy",
    "alter_trigger",
    "create_function",
    "create_policy",
    "create_trigger",
    "drop_function",
    "drop_policy",
    "drop_trigger",
]

Statements = tuple[Statement, ...]
AX = LockLevel.ACCESS_EXCLUSIVE
SRE = LockLevel.SHARE_ROW_EXCLUSIVE
NO_BODY_CHECK = "SET LOCAL check_function_bodies = off"

_ENABLE = {
    TriggerEnabled.ORIGIN: "ENABLE TRIGGER",
    TriggerEnabled.DISABLED: "DISABLE TRIGGER",
    TriggerEnabled.REPLICA: "ENABLE REPLICA TRIGGER",
    TriggerEnabled.ALWAYS: "ENABLE ALWAYS TRIGGER",
}


def _word(fn: Function) -> str:
    return "PROCEDURE" if fn.kind is FunctionKind.PROCEDURE else "FUNCTION"


def _define(fn: Function, side: Side, *, replacing: bool) -> Statements:
    out: list[Statement] = []
    if fn.language == "sql":
        out.append(plain(NO_BODY_CHECK, side))
    hazards = [hazard(K.BEHAVIOUR_CHANGE, fn.qualified_signature)] if replacing else []
    out.append(statement(fn.definition.rstrip(), LockLevel.NONE, side, hazards=hazards))
    return tuple(out)


def create_function(fn: Function, side: Side) -> Statements:
    where = f"{_word(fn)} {fn.qualified_signature}"
    return (*_define(fn, side, replacing=False), *comment(where, None, fn.comment, side))


def drop_function(fn: Function, side: Side) -> Statements:
    change = hazard(K.BEHAVIOUR_CHANGE, fn.qualified_signature, "its callers fail")
    return (
        statement(
            f"DROP {_word(fn)} {fn.qualified_signature}", LockLevel.NONE, side, hazards=[change]
        ),
    )


def alter_function(a: Function, b: Function, side: Side) -> Statements:
    where = f"{_word(b)} {b.qualified_signature}"
    out: list[Statement] = []
    if a.definition != b.definition:
        out.extend(_define(b, side, replacing=True))
    out.extend(comment(where, a.comment, b.comment, side))
    return tuple(out)


def _on(obj: Trigger | Policy) -> str:
    return qualified(obj.schema, obj.table)


def _trigger_subject(trigger: Trigger) -> str:
    return f"trigger {ident(trigger.name)} on {_on(trigger)}"


def _enable(trigger: Trigger, side: Side) -> Statement:
    return plain(
        f"ALTER TABLE {_on(trigger)} {_ENABLE[trigger.enabled]} {ident(trigger.name)}", side, SRE
    )


def create_trigger(trigger: Trigger, side: Side) -> Statements:
    existing = not side.is_new(trigger.table_key)
    hazards = [hazard(K.BEHAVIOUR_CHANGE, _trigger_subject(trigger))] if existing else []
    out = [statement(trigger.definition, SRE, side, hazards=hazards)]
    if trigger.enabled is not TriggerEnabled.ORIGIN:
        out.append(_enable(trigger, side))
    where = f"TRIGGER {ident(trigger.name)} ON {_on(trigger)}"
    return (*out, *comment(where, None, trigger.comment, side))


def drop_trigger(trigger: Trigger, side: Side) -> Statements:
    if side.goes_with(trigger.key, trigger.table_key):
        return ()
    change = hazard(K.BEHAVIOUR_CHANGE, _trigger_subject(trigger))
    return (
        statement(
            f"DROP TRIGGER {ident(trigger.name)} ON {_on(trigger)}", AX, side, hazards=[change]
        ),
    )


def alter_trigger(a: Trigger, b: Trigger, side: Side) -> Statements:
    out: list[Statement] = []
    enabled = a.enabled
    if a.definition != b.definition:
        replace = b.definition.replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1)
        change = hazard(K.BEHAVIOUR_CHANGE, _trigger_subject(b))
        out.append(statement(replace, SRE, side, hazards=[change]))
        enabled = TriggerEnabled.ORIGIN  # a replaced trigger fires as created
    if enabled != b.enabled:
        change = hazard(K.BEHAVIOUR_CHANGE, _trigger_subject(b), f"now {b.enabled.value}")
        sql = f"ALTER TABLE {_on(b)} {_ENABLE[b.enabled]} {ident(b.name)}"
        out.append(statement(sql, SRE, side, hazards=[change]))
    where = f"TRIGGER {ident(b.name)} ON {_on(b)}"
    return (*out, *comment(where, a.comment, b.comment, side))


def _policy_subject(policy: Policy) -> str:
    return f"policy {ident(policy.name)} on {_on(policy)}"


def create_policy(policy: Policy, side: Side) -> Statements:
    existing = not side.is_new(policy.table_key)
    hazards = [hazard(K.BEHAVIOUR_CHANGE, _policy_subject(policy))] if existing else []
    first, *rest = ddl.create_statements(policy)
    return (
        statement(first, AX, side, hazards=hazards),
        *(plain(s, side) for s in rest),
    )


def drop_policy(policy: Policy, side: Side) -> Statements:
    if side.goes_with(policy.key, policy.table_key):
        return ()
    change = hazard(K.BEHAVIOUR_CHANGE, _policy_subject(policy))
    return (
        statement(f"DROP POLICY {ident(policy.name)} ON {_on(policy)}", AX, side, hazards=[change]),
    )


def _role(role: str) -> str:
    return "public" if role == "public" else ident(role)


def alter_policy(a: Policy, b: Policy, side: Side) -> Statements:
    parts: list[str] = []
    if a.roles != b.roles:
        parts.append("TO " + ", ".join(_role(r) for r in b.roles))
    if a.using != b.using and b.using is not None:
        parts.append(f"USING ({b.using})")
    if a.with_check != b.with_check and b.with_check is not None:
        parts.append(f"WITH CHECK ({b.with_check})")
    out: list[Statement] = []
    if parts:
        change = hazard(K.BEHAVIOUR_CHANGE, _policy_subject(b))
        sql = f"ALTER POLICY {ident(b.name)} ON {_on(b)} " + " ".join(parts)
        out.append(statement(sql, AX, side, hazards=[change]))
    where = f"POLICY {ident(b.name)} ON {_on(b)}"
    return (*out, *comment(where, a.comment, b.comment, side))
