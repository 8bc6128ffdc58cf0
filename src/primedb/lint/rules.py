"""Statement by statement: which hazards a statement of hand-written SQL carries.

`classify` reads the statement's first words and hands it to the rule of its
kind; ALTER TABLE has a module of its own. Rules also keep `LintState` up to
date (what was created, whether a lock_timeout is set), since a statement's
hazards depend on what came before it.
"""

from collections.abc import Callable, Sequence

from primedb.diff.hazards import HazardKind as K
from primedb.lint.alter_table import REWRITE, alter_table
from primedb.lint.facts import Facts, RowState
from primedb.lint.names import (
    Name,
    find_top,
    read_name,
    skip,
    split_top,
    top_level,
    upper_at,
)
from primedb.lint.outcome import Outcome
from primedb.lint.state import LintState
from primedb.lint.tokens import Kind, Word

__all__ = ["classify"]

Rule = Callable[[Sequence[Word], LintState, Facts], Outcome]

_BEHAVIOUR_OBJECTS = frozenset({"FUNCTION", "PROCEDURE", "VIEW", "RULE", "POLICY", "TRIGGER"})
_RENAMABLE = frozenset(
    {"VIEW", "MATERIALIZED", "SEQUENCE", "FUNCTION", "PROCEDURE", "SCHEMA", "DOMAIN"}
)
_ZERO = frozenset({"0", "0ms", "0s", "0min", "default"})
_WRITE_BLOCKING_MODES = frozenset({"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE"})
_ADD_VALUE_DETAIL = (
    "an enum value cannot be dropped again; before PostgreSQL 12 ADD VALUE cannot run "
    "inside a transaction block, and from 12 on the new value cannot be used before commit"
)


def classify(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    """The hazards of one statement, and the relations it locks."""
    rule = _RULES.get(upper_at(words, 0))
    return rule(words, state, facts) if rule else Outcome()


def _names(words: Sequence[Word], stop: tuple[str, ...] = ("CASCADE", "RESTRICT")) -> list[Name]:
    found: list[Name] = []
    for part in split_top(words):
        name, _ = read_name(part, 0)
        if name is not None and part[0].upper not in stop:
            found.append(name)
    return found


def _alter(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    kind = upper_at(words, 1)
    out = Outcome()
    tail = [w.upper for _, w in top_level(words)]
    if len(tail) > 4 and tail[-3:-1] == ["OWNER", "TO"]:
        name, _ = read_name(words, skip(words, 3 if kind == "MATERIALIZED" else 2, "IF", "EXISTS"))
        out.add((K.PRIVILEGE_CHANGE,), subject=str(name), what=f"ALTER {kind} {name} OWNER TO")
        return out
    if kind == "TABLE":
        return alter_table(words, state, facts)
    if kind == "TYPE":
        name, i = read_name(words, 2)
        if name is None:
            return out
        if (upper_at(words, i), upper_at(words, i + 1)) == ("ADD", "VALUE"):
            value = next((w.text for w in words[i:] if w.kind is Kind.STRING), "?")
            what = f"ALTER TYPE {name} ADD VALUE '{value}'"
            out.add((K.IRREVERSIBLE,), subject=f"{name}", what=what, detail=_ADD_VALUE_DETAIL)
            major = facts.server_major()
            if major is not None and major < 12:
                out.add((K.NOT_TRANSACTIONAL,), subject=f"{name}", what=what)
        elif upper_at(words, i) == "RENAME" or (upper_at(words, i), upper_at(words, i + 1)) == (
            "SET",
            "SCHEMA",
        ):
            out.add((K.BREAKS_RUNNING_CODE,), subject=str(name), what=f"ALTER TYPE {name} RENAME")
        return out
    if kind == "DEFAULT":  # ALTER DEFAULT PRIVILEGES
        what = "ALTER DEFAULT PRIVILEGES"
        out.add((K.PRIVILEGE_CHANGE,), subject="default privileges", what=what)
        return out
    if kind in _RENAMABLE:
        start = 3 if kind == "MATERIALIZED" else 2
        start = skip(words, start, "IF", "EXISTS")
        name, i = read_name(words, start)
        tail = [w.upper for _, w in top_level(words[i:])]
        if name is not None and ("RENAME" in tail or tail[:2] == ["SET", "SCHEMA"]):
            label = "MATERIALIZED VIEW" if kind == "MATERIALIZED" else kind
            out.add(
                (K.BREAKS_RUNNING_CODE,), subject=str(name), what=f"ALTER {label} {name} RENAME"
            )
    return out


def _create(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    replace = (upper_at(words, 1), upper_at(words, 2)) == ("OR", "REPLACE")
    i = 3 if replace else 1
    while upper_at(words, i) in ("GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE"):
        i += 1
    kind = upper_at(words, i)
    if kind == "INDEX":
        return _create_index(words, i + 1, state)
    if kind == "MATERIALIZED" or kind in ("TABLE", "VIEW", "SEQUENCE"):
        start = skip(words, i + (2 if kind == "MATERIALIZED" else 1), "IF", "NOT", "EXISTS")
        name, _ = read_name(words, start)
        if name is not None and kind == "MATERIALIZED" and not _without_data(words):
            what = f"CREATE MATERIALIZED VIEW {name}"
            detail = "WITH DATA: its query runs to fill it"
            out.add((K.QUERY_SCAN,), subject=str(name), what=what, detail=detail)
        if name is not None:
            exists = facts.rows(name.sql()).state is not RowState.MISSING
            if kind == "VIEW" and replace and not state.is_new(name) and exists:
                what = f"CREATE OR REPLACE VIEW {name}"
                out.add((K.BEHAVIOUR_CHANGE,), subject=str(name), what=what)
            state.created.append(name)
    elif kind in ("FUNCTION", "PROCEDURE"):
        name, _ = read_name(words, i + 1)
        if name is not None:
            known = facts.function_exists(*name.key)
            if replace and not state.function_is_new(name) and known is not False:
                what = f"CREATE OR REPLACE {kind} {name}"
                out.add((K.BEHAVIOUR_CHANGE,), subject=str(name), what=what)
            state.functions.append(name)
    elif kind in ("TRIGGER", "CONSTRAINT", "RULE", "POLICY"):
        on = find_top(words, "ON", start=i + 1)
        table, _ = read_name(words, on + 1) if on >= 0 else (None, 0)
        if table is not None:
            label = "TRIGGER" if kind == "CONSTRAINT" else kind
            what = f"CREATE {label} on {table}"
            out.add((K.BEHAVIOUR_CHANGE,), subject=str(table), what=what, table=table)
            out.locks.append(table)
    return out


def _create_index(words: Sequence[Word], i: int, state: LintState) -> Outcome:
    out = Outcome()
    concurrently = upper_at(words, i) == "CONCURRENTLY"
    on = find_top(words, "ON", start=i)
    if on < 0:
        return out
    index, _ = read_name(words, skip(words, i + int(concurrently), "IF", "NOT", "EXISTS"))
    if index is not None and index.parts[0].upper != "ON":
        state.created.append(index)
    table, _ = read_name(words, skip(words, on + 1, "ONLY"))
    if table is None or concurrently:
        return out
    detail = "CREATE INDEX CONCURRENTLY builds it without blocking writes (outside a transaction)"
    what = f"CREATE INDEX{' ' + str(index) if index and index.parts[0].upper != 'ON' else ''}"
    out.add(
        (K.INDEX_BUILD, K.BLOCKS_WRITES),
        subject=str(table),
        what=f"{what} on {table}",
        detail=detail,
        table=table,
    )
    out.locks.append(table)
    return out


def _drop(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    kind = upper_at(words, 1)
    if kind == "MATERIALIZED":
        kind, i = "MATERIALIZED VIEW", 3
    else:
        i = 2
    concurrently = upper_at(words, i) == "CONCURRENTLY"
    i = skip(words, i + int(concurrently), "IF", "EXISTS")
    rest = words[i:]
    if kind == "INDEX":
        for name in _names(rest):
            what = f"DROP INDEX{' CONCURRENTLY' if concurrently else ''} {name}"
            out.add((K.INDEX_DROPPED,), subject=str(name), what=what, table=name)
            if not concurrently:
                detail = "DROP INDEX CONCURRENTLY does not lock the table"
                out.add(
                    (K.ACCESS_EXCLUSIVE_LOCK,),
                    subject=str(name),
                    what=what,
                    detail=detail,
                    table=name,
                )
                out.locks.append(name)
    elif kind == "TABLE":
        for name in _names(rest):
            out.add((K.DELETES_DATA,), subject=str(name), what=f"DROP TABLE {name}", table=name)
            out.locks.append(name)
    elif kind in ("SCHEMA", "DATABASE"):
        cascade = any(w.upper == "CASCADE" for w in rest)
        for name in _names(rest):
            detail = "CASCADE drops every object in it" if cascade else ""
            out.add((K.DELETES_DATA,), subject=str(name), what=f"DROP {kind} {name}", detail=detail)
    elif kind == "SEQUENCE":
        for name in _names(rest):
            what = f"DROP SEQUENCE {name}"
            detail = "its position is lost: recreated, it would hand out used values again"
            out.add((K.DELETES_DATA,), subject=str(name), what=what, detail=detail)
    elif kind in _BEHAVIOUR_OBJECTS or kind == "MATERIALIZED VIEW":
        on = find_top(rest, "ON")
        table, _ = read_name(rest, on + 1) if on >= 0 else (None, 0)
        for name in _names(rest[: on if on >= 0 else None]):
            target = f"{name} on {table}" if table else str(name)
            out.add(
                (K.BEHAVIOUR_CHANGE,), subject=target, what=f"DROP {kind} {target}", table=table
            )
        if table is not None:
            out.locks.append(table)
    return out


def _truncate(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = skip(words, 1, "TABLE")
    i = skip(words, i, "ONLY")
    for name in _names(words[i:], stop=("CASCADE", "RESTRICT", "RESTART", "CONTINUE")):
        out.add(
            (K.DELETES_DATA, K.ACCESS_EXCLUSIVE_LOCK),
            subject=str(name),
            what=f"TRUNCATE {name}",
            table=name,
        )
        out.locks.append(name)
    return out


def _vacuum(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = 1
    full = False
    if len(words) > 1 and words[1].text == "(":
        close = next((j for j in range(2, len(words)) if words[j].text == ")"), len(words))
        options = words[2:close]
        for j, word in enumerate(options):
            if word.upper == "FULL":
                value = options[j + 1].text.lower() if j + 1 < len(options) else ""
                full = value not in ("false", "off", "0")
        i = close + 1
    while upper_at(words, i) in ("FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"):
        full = full or upper_at(words, i) == "FULL"
        i += 1
    if full:
        _rewrite_tables(words[i:], "VACUUM FULL", out)
    return out


def _cluster(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = skip(words, 1, "VERBOSE")
    using = find_top(words, "USING", "ON", start=i)
    _rewrite_tables(words[i : using if using >= 0 else None], "CLUSTER", out)
    return out


def _rewrite_tables(rest: Sequence[Word], verb: str, out: Outcome) -> None:
    tables = _names(rest)
    for name in tables:
        out.add(REWRITE, subject=str(name), what=f"{verb} {name}", table=name)
        out.locks.append(name)
    if not tables:
        out.add(REWRITE, subject="every table of the database", what=verb)


def _reindex(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = 1
    if len(words) > 1 and words[1].text == "(":
        i = next((j for j in range(2, len(words)) if words[j].text == ")"), len(words)) + 1
    kind = upper_at(words, i)
    if upper_at(words, i + 1) == "CONCURRENTLY":
        return out
    name, _ = read_name(words, i + 1)
    target = name if kind in ("INDEX", "TABLE") else None
    what = f"REINDEX {kind} {name}" if name else f"REINDEX {kind}"
    detail = "REINDEX ... CONCURRENTLY rebuilds without blocking writes"
    out.add(
        (K.INDEX_BUILD, K.BLOCKS_WRITES),
        subject=str(name or kind.lower()),
        what=what,
        detail=detail,
        table=target,
    )
    if target is not None:
        out.locks.append(target)
    return out


def _refresh(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = skip(words, 1, "MATERIALIZED", "VIEW")
    concurrently = upper_at(words, i) == "CONCURRENTLY"
    name, _ = read_name(words, i + 1 if concurrently else i)
    if name is None:
        return out
    what = f"REFRESH MATERIALIZED VIEW {name}"
    if not _without_data(words):
        out.add((K.QUERY_SCAN,), subject=str(name), what=what, detail="its query runs again")
    if not concurrently:
        detail = "REFRESH MATERIALIZED VIEW CONCURRENTLY keeps it readable (needs a unique index)"
        out.add((K.ACCESS_EXCLUSIVE_LOCK,), subject=str(name), what=what, detail=detail, table=name)
        out.locks.append(name)
    return out


def _without_data(words: Sequence[Word]) -> bool:
    """`... WITH NO DATA`: a materialized view left empty, its query not run."""
    tail = [w.text.upper() for w in words[-3:]]
    return tail == ["WITH", "NO", "DATA"]


def _lock(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    i = skip(words, 1, "TABLE")
    i = skip(words, i, "ONLY")
    mode_at = find_top(words, "IN", start=i)
    mode_end = find_top(words, "MODE", start=i)
    tables = _names(words[i : mode_at if mode_at >= 0 else None], stop=("IN", "NOWAIT"))
    mode = "ACCESS EXCLUSIVE"
    if 0 <= mode_at < mode_end:
        mode = " ".join(w.upper for w in words[mode_at + 1 : mode_end])
    kind = K.ACCESS_EXCLUSIVE_LOCK if mode == "ACCESS EXCLUSIVE" else K.BLOCKS_WRITES
    for name in tables:
        if mode == "ACCESS EXCLUSIVE" or mode in _WRITE_BLOCKING_MODES:
            what = f"LOCK {name} IN {mode} MODE"
            out.add((kind,), subject=str(name), what=what, table=name)
        if not any(w.upper == "NOWAIT" for w in words):
            out.locks.append(name)
    return out


def _dml(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    out = Outcome()
    start = 0
    if upper_at(words, 0) == "WITH":
        start = next(
            (i for i, w in top_level(words) if w.upper in ("UPDATE", "DELETE", "SELECT", "INSERT")),
            len(words),
        )
    verb = upper_at(words, start)
    if verb not in ("UPDATE", "DELETE") or find_top(words, "WHERE", start=start) >= 0:
        return out
    i = skip(words, start + 1, "FROM") if verb == "DELETE" else start + 1
    name, _ = read_name(words, skip(words, i, "ONLY"))
    if name is None:
        return out
    kinds = (K.DELETES_DATA, K.UNBOUNDED_DML) if verb == "DELETE" else (K.UNBOUNDED_DML,)
    what = f"{verb} {name} without WHERE"
    out.add(kinds, subject=str(name), what=what, detail="batch it by key ranges", table=name)
    return out


def _set(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    local = upper_at(words, 1) == "LOCAL"
    i = skip(words, 1, "LOCAL") if local else skip(words, 1, "SESSION")
    if i < len(words) and words[i].text.lower() == "lock_timeout" and i + 2 < len(words):
        state.set_lock_timeout(on=words[i + 2].text.lower() not in _ZERO, local=local)
    return Outcome()


def _reset(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    if upper_at(words, 1) == "ALL" or (len(words) > 1 and words[1].text.lower() == "lock_timeout"):
        state.set_lock_timeout(on=False, local=False)
    return Outcome()


def _select(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    # SELECT set_config('lock_timeout', '3s', is_local)
    for i, word in enumerate(words):
        if word.text.lower() != "set_config" or i + 6 >= len(words):
            continue
        args = [w for w in words[i + 2 :] if w.kind is not Kind.PUNCT][:3]
        if len(args) == 3 and args[0].kind is Kind.STRING and args[0].text == "lock_timeout":
            local = args[2].text.lower() in ("true", "on", "t")
            state.set_lock_timeout(on=args[1].text.lower() not in _ZERO, local=local)
    return Outcome()


def _privileges(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    """GRANT and REVOKE (of privileges on objects, or of roles)."""
    out = Outcome()
    on = find_top(words, "ON")
    name = None
    if on >= 0:
        at = on + 1
        while upper_at(words, at) in _PRIVILEGE_TARGETS:
            at += 1
        name, _ = read_name(words, at)
    verb = upper_at(words, 0)
    subject = str(name) if name is not None else "roles"
    out.add((K.PRIVILEGE_CHANGE,), subject=subject, what=f"{verb} on {subject}")
    return out


_PRIVILEGE_TARGETS = (
    "TABLE", "SEQUENCE", "FUNCTION", "PROCEDURE", "ROUTINE", "TYPE", "DOMAIN", "SCHEMA",
    "DATABASE", "LANGUAGE", "FOREIGN", "TABLESPACE", "LARGE", "OBJECT", "ALL", "TABLES", "IN",
)  # fmt: skip


def _begin(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    state.begin()
    return Outcome()


def _end(words: Sequence[Word], state: LintState, facts: Facts) -> Outcome:
    if upper_at(words, 1) != "TO" and upper_at(words, 2) != "TO":  # ROLLBACK TO SAVEPOINT
        state.end()
    return Outcome()


_RULES: dict[str, Rule] = {
    "ALTER": _alter,
    "CREATE": _create,
    "DROP": _drop,
    "TRUNCATE": _truncate,
    "VACUUM": _vacuum,
    "CLUSTER": _cluster,
    "REINDEX": _reindex,
    "REFRESH": _refresh,
    "GRANT": _privileges,
    "REVOKE": _privileges,
    "LOCK": _lock,
    "UPDATE": _dml,
    "DELETE": _dml,
    "WITH": _dml,
    "SET": _set,
    "RESET": _reset,
    "SELECT": _select,
    "BEGIN": _begin,
    "START": _begin,
    "COMMIT": _end,
    "END": _end,
    "ROLLBACK": _end,
    "ABORT": _end,
}
