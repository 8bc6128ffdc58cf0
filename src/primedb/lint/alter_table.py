"""The hazards of `ALTER TABLE`, action by action.

Most actions only change the catalog and hold their ACCESS EXCLUSIVE lock
for an instant (the missing-lock_timeout rule covers the wait for it). The
ones flagged here hold it while they read or rewrite the table, delete data,
break running code or change what queries see.
"""

from collections.abc import Sequence

from primedb.diff.coercion import canonical_type, classify
from primedb.diff.hazards import HazardKind as K
from primedb.lint.facts import Facts
from primedb.lint.names import (
    Name,
    find_top,
    has_top,
    read_name,
    skip,
    split_top,
    upper_at,
)
from primedb.lint.outcome import Outcome
from primedb.lint.state import LintState
from primedb.lint.tokens import Kind, Word, render
from primedb.lint.volatility import volatile_call

__all__ = ["alter_table"]

_CONSTRAINT_STARTS = frozenset({"CONSTRAINT", "CHECK", "FOREIGN", "UNIQUE", "PRIMARY", "EXCLUDE"})
_COLUMN_CLAUSES = frozenset(
    {"DEFAULT", "NOT", "NULL", "CONSTRAINT", "CHECK", "REFERENCES", "PRIMARY", "UNIQUE"}
    | {"GENERATED", "COLLATE"}
)
_SERIALS = frozenset({"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})
_REWRITE_SETS = frozenset({"TABLESPACE", "LOGGED", "UNLOGGED"})
_IS_NOT_NULL = ["IS", "NOT", "NULL"]

SCAN_LOCK = (K.VALIDATION_SCAN, K.ACCESS_EXCLUSIVE_LOCK, K.MAY_FAIL_ON_DATA)
REWRITE = (K.TABLE_REWRITE, K.ACCESS_EXCLUSIVE_LOCK)


def column_key(word: Word) -> str:
    """A column's name as pg_attribute stores it (unquoted names fold to lower case)."""
    return word.text if word.kind is Kind.QUOTED else word.text.lower()


def alter_table(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = skip(words, 2, "IF", "EXISTS")
    i = skip(words, i, "ONLY")
    table, i = read_name(words, i)
    if table is None:
        return out
    if i < len(words) and words[i].text == "*":
        i += 1
    out.locks.append(table)
    for action in split_top(words[i:]):
        _action(action, table, state, facts, out)
    return out


def _action(action: list[Word], table: Name, state: LintState, facts: Facts, out: Outcome) -> None:
    head = upper_at(action, 0)
    if head == "ADD":
        if upper_at(action, 1) in _CONSTRAINT_STARTS:
            _add_constraint(action[1:], table, state, out)
        else:
            j = skip(action, 1, "COLUMN")
            j = skip(action, j, "IF", "NOT", "EXISTS")
            _add_column(action[j:], table, facts, out)
    elif head == "DROP" and upper_at(action, 1) != "CONSTRAINT":
        j = skip(action, 1, "COLUMN")
        j = skip(action, j, "IF", "EXISTS")
        if j < len(action) and action[j].is_name:
            subject = f"{table}.{action[j].sql()}"
            out.add((K.DELETES_DATA,), subject=subject, what=f"DROP COLUMN {subject}", table=table)
    elif head == "ALTER":
        j = skip(action, 1, "COLUMN")
        if j < len(action) and action[j].is_name:
            _alter_column(action[j], action[j + 1 :], table, state, facts, out)
    elif head == "RENAME":
        _rename(action, table, out)
    elif head == "VALIDATE" and upper_at(action, 1) == "CONSTRAINT" and len(action) > 2:
        constraint = column_key(action[2])
        state.check_validated(table, constraint)
        if state.added_in_this_transaction(table, constraint):
            detail = (
                "the ACCESS EXCLUSIVE lock of ADD ... NOT VALID in the same transaction is still "
                "held: validate in a transaction of its own"
            )
            what = f"VALIDATE CONSTRAINT {constraint} on {table}"
            out.add(
                SCAN_LOCK[:2],
                subject=f"{table}.{constraint}",
                what=what,
                detail=detail,
                table=table,
            )
    elif head == "SET":
        _set(action, table, out)
    elif head in ("ENABLE", "DISABLE", "FORCE", "NO") and (
        has_top(action, "TRIGGER") or has_top(action, "RULE") or has_top(action, "ROW", "LEVEL")
    ):
        what = f"{' '.join(w.upper for w in action[:4] if w.upper)} on {table}"
        out.add((K.BEHAVIOUR_CHANGE,), subject=str(table), what=what, table=table)
    elif head == "ATTACH" and upper_at(action, 1) == "PARTITION":
        partition, _ = read_name(action, 2)
        if partition is not None:
            out.add(
                (K.VALIDATION_SCAN,),
                subject=str(partition),
                what=f"ATTACH PARTITION {partition} to {table}",
                detail="unless a validated CHECK matching the partition bound exists on it",
                table=partition,
            )


def _add_column(rest: list[Word], table: Name, facts: Facts, out: Outcome) -> None:
    if not rest or not rest[0].is_name:
        return
    subject = f"{table}.{rest[0].sql()}"
    what = f"ADD COLUMN {subject}"
    stop = find_top(rest, *_COLUMN_CLAUSES, start=1)
    type_words = rest[1:stop] if stop >= 0 else rest[1:]
    clauses = rest[stop:] if stop >= 0 else []
    generated = find_top(clauses, "GENERATED")
    default = find_top(clauses, "DEFAULT")
    reason = ""
    if canonical_type(render(type_words)) in _SERIALS:
        reason = "a serial column fills every existing row from its sequence"
    elif generated >= 0 and has_top(clauses, "STORED"):
        reason = "a stored generated column is computed for every existing row"
    elif generated >= 0 and has_top(clauses, "IDENTITY"):
        reason = "an identity column fills every existing row from its sequence"
    elif default >= 0:
        end = find_top(clauses, *(_COLUMN_CLAUSES - {"DEFAULT"}), start=default + 1)
        call = volatile_call(clauses[default + 1 : end if end >= 0 else None], facts)
        if call is not None:
            reason = call
    if reason:
        out.add(REWRITE, subject=subject, what=what, detail=reason, table=table)
    not_null = has_top(clauses, "NOT", "NULL") or has_top(clauses, "PRIMARY", "KEY")
    if not_null and default < 0 and generated < 0 and not reason:
        out.add(
            (K.MAY_FAIL_ON_DATA,),
            subject=subject,
            what=what,
            detail="a NOT NULL column without a DEFAULT cannot be added to a table with rows",
            table=table,
        )


def _add_constraint(rest: list[Word], table: Name, state: LintState, out: Outcome) -> None:
    name: str | None = None
    j = 0
    if upper_at(rest, 0) == "CONSTRAINT" and len(rest) > 1:
        name, j = column_key(rest[1]), 2
    kind = upper_at(rest, j)
    not_valid = has_top(rest, "NOT", "VALID")
    subject = f"{table}.{name}" if name else str(table)
    what = f"ADD {'CONSTRAINT ' + name if name else kind} on {table}"
    if not_valid and name is not None:
        state.not_valid_added(table, name)
    if kind == "CHECK":
        column = _not_null_column(rest[j + 1 :])
        if column is not None:
            state.check_added(table, name, column, valid=not not_valid)
        if not not_valid:
            detail = "add it NOT VALID, then VALIDATE CONSTRAINT (a lighter lock) in another step"
            out.add(SCAN_LOCK, subject=subject, what=what, detail=detail, table=table)
    elif kind == "FOREIGN":
        ref = find_top(rest, "REFERENCES")
        referenced, _ = read_name(rest, ref + 1) if ref >= 0 else (None, 0)
        if referenced is not None:
            out.locks.append(referenced)
        if not not_valid:
            detail = (
                "it locks both tables against writes while it checks every row; add it "
                "NOT VALID, then VALIDATE CONSTRAINT in another step"
            )
            kinds = (K.VALIDATION_SCAN, K.BLOCKS_WRITES, K.MAY_FAIL_ON_DATA)
            out.add(kinds, subject=subject, what=what, detail=detail, table=table)
    elif kind in ("UNIQUE", "PRIMARY", "EXCLUDE") and not has_top(rest, "USING", "INDEX"):
        detail = (
            "build the index first with CREATE UNIQUE INDEX CONCURRENTLY, then "
            "ADD CONSTRAINT ... USING INDEX"
            if kind != "EXCLUDE"
            else "the index is built under the lock"
        )
        kinds = (K.INDEX_BUILD, K.ACCESS_EXCLUSIVE_LOCK, K.MAY_FAIL_ON_DATA)
        out.add(kinds, subject=subject, what=what, detail=detail, table=table)


def _not_null_column(body: list[Word]) -> str | None:
    """`c` when `body` is `(c IS NOT NULL)` (extra parentheses, NOT VALID allowed)."""
    inner = [w for w in body if not (w.kind is Kind.PUNCT and w.text in ("(", ")"))]
    while [w.upper for w in inner[-2:]] in (["NOT", "VALID"], ["NO", "INHERIT"]):
        inner = inner[:-2]
    if len(inner) == 4 and inner[0].is_name and [w.upper for w in inner[1:]] == _IS_NOT_NULL:
        return column_key(inner[0])
    return None


def _alter_column(
    column: Word, rest: list[Word], table: Name, state: LintState, facts: Facts, out: Outcome
) -> None:
    subject = f"{table}.{column.sql()}"
    key = column_key(column)
    if upper_at(rest, 0) == "TYPE" or (upper_at(rest, 0), upper_at(rest, 1)) == ("SET", "DATA"):
        start = 1 if upper_at(rest, 0) == "TYPE" else 3
        end = find_top(rest, "COLLATE", "USING", start=start)
        new_words = rest[start : end if end >= 0 else None]
        new = render(new_words)
        what = f"ALTER COLUMN {subject} TYPE {new}"
        if has_top(rest, "USING"):
            detail = "a USING clause always rewrites"
        else:
            old = facts.column_type(table.sql(), key)
            if old is not None and not classify(old, canonical_type(new)).rewrite:
                return
            detail = (
                f"{old} to {new} is not binary-coercible"
                if old is not None
                else "the current type is not known without --dsn: assumed a rewrite"
            )
        out.add(REWRITE, subject=subject, what=what, detail=detail, table=table)
    elif [w.upper for w in rest[:3]] == ["SET", "NOT", "NULL"]:
        if state.has_not_null_check(table, key) or facts.has_not_null_check(table.sql(), key):
            return
        detail = (
            f"add CHECK ({column.sql()} IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT it "
            "first: SET NOT NULL then skips the scan"
        )
        out.add(
            SCAN_LOCK,
            subject=subject,
            what=f"SET NOT NULL on {subject}",
            detail=detail,
            table=table,
        )
    elif [w.upper for w in rest[:2]] == ["SET", "EXPRESSION"]:
        out.add(REWRITE, subject=subject, what=f"SET EXPRESSION on {subject}", table=table)


def _rename(action: list[Word], table: Name, out: Outcome) -> None:
    second = upper_at(action, 1)
    if second == "CONSTRAINT":
        return  # nothing refers to a constraint by name at run time
    if second == "TO":
        new = action[2].sql() if len(action) > 2 else "?"
        what = f"RENAME {table} TO {new}"
        out.add((K.BREAKS_RUNNING_CODE,), subject=str(table), what=what, table=table)
        return
    j = skip(action, 1, "COLUMN")
    if j < len(action) and action[j].is_name:
        subject = f"{table}.{action[j].sql()}"
        new = action[j + 2].sql() if len(action) > j + 2 else "?"
        what = f"RENAME COLUMN {subject} TO {new}"
        out.add((K.BREAKS_RUNNING_CODE,), subject=subject, what=what, table=table)


def _set(action: list[Word], table: Name, out: Outcome) -> None:
    second = upper_at(action, 1)
    if second in _REWRITE_SETS or (second, upper_at(action, 2)) == ("ACCESS", "METHOD"):
        what = f"SET {second} on {table}"
        out.add(REWRITE, subject=str(table), what=what, table=table)
    elif second == "SCHEMA":
        what = f"SET SCHEMA of {table}"
        out.add((K.BREAKS_RUNNING_CODE,), subject=str(table), what=what, table=table)
