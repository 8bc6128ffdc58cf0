"""`pg_dump --schema-only`, normalised, as a second judge of the corpus beside the catalog model.

The catalog model only sees what it models; pg_dump sees everything the
database holds. Two databases built differently compare equal here when
they hold the same schema, up to what a migration cannot keep:

- statement order (pg_dump orders by dependencies and OIDs, which differ);
- column order within a table (a column added by a migration comes last);
- the managed monthly partitions (made at run time, not schema);
- whether a child's column is its own as well as inherited: a table that
  becomes a child by `ALTER TABLE ... INHERIT` keeps its columns as its own
  (PostgreSQL has no statement that makes them inherited only), and pg_dump
  lists such columns in the child's `CREATE TABLE`; they are folded into
  what an inherited column shows (`ALTER TABLE ONLY ... SET DEFAULT`, `SET
  NOT NULL`), and a CHECK merged into the child likewise.

Session noise (`SET`, `\\restrict` keys, comments, blank lines) goes too.
"""

import re
import subprocess
from dataclasses import dataclass, field
from functools import cache

from primedb.lint.tokens import split_statements
from primedb.pg.binaries import find_binaries

_NOISE = re.compile(r"^(SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict)")
_CREATE_TABLE = re.compile(r"^CREATE (?:UNLOGGED )?TABLE (?P<name>\S+) \(", re.S)
_WITH = re.compile(r"WITH \((?P<options>[^()]*)\)")
# A managed monthly partition (`<parent>_YYYY_MM`, made at run time by
# ensure_monthly_partitions): which months exist is not schema (see
# primedb.catalog.model), so statements naming one are left out.
_MONTH = re.compile(r"\.[a-z_][a-z0-9_]*_\d{4}_\d{2}\b")
_INHERITS = re.compile(r"INHERITS \((?P<parents>[^)]*)\)")
_COLUMN = re.compile(r'^(?P<name>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*) (?P<rest>.*)$', re.S)


@cache
def _pg_dump() -> str:
    return find_binaries().path("pg_dump")


def start(dsn: str) -> "subprocess.Popen[str]":
    """pg_dump running in the background (two dumps of a case overlap)."""
    return subprocess.Popen(
        [_pg_dump(), "--schema-only", "--no-sync", dsn],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: "subprocess.Popen[str]") -> list[str]:
    out, err = process.communicate(timeout=120)
    if process.returncode != 0:
        raise AssertionError(f"pg_dump failed: {err}")
    return normalise(out)


def dump(dsn: str) -> list[str]:
    return finish(start(dsn))


@dataclass
class _Table:
    name: str
    columns: dict[str, str] = field(default_factory=dict)  # name -> the rest of the line
    constraints: list[str] = field(default_factory=list)
    tail: str = ""
    parents: list[str] = field(default_factory=list)


def _body_items(body: str) -> list[str]:
    """The comma-separated items of a CREATE TABLE body (commas inside parentheses stay)."""
    items, depth, current, quote = [], 0, [], ""
    for ch in body:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    if "".join(current).strip():
        items.append("".join(current).strip())
    return items


def _closing(text: str, start: int) -> int:
    """The index of the parenthesis closing the one at `start` (quotes respected)."""
    depth, quote = 0, ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _sorted_options(tail: str) -> str:
    """Storage parameters in name order (their order in pg_class.reloptions means nothing)."""
    return _WITH.sub(
        lambda m: "WITH (" + ", ".join(sorted(o.strip() for o in m["options"].split(","))) + ")",
        tail,
    )


def _table(statement: str) -> _Table | None:
    match = _CREATE_TABLE.match(statement)
    if match is None:
        return None
    opening = match.end() - 1
    closing = _closing(statement, opening)
    body, tail = statement[opening + 1 : closing], statement[closing + 1 :]
    table = _Table(name=match["name"], tail=_sorted_options(" ".join(tail.split())))
    for item in _body_items(body):
        if item.startswith("CONSTRAINT "):
            table.constraints.append(" ".join(item.split()))
        elif column := _COLUMN.match(item):
            table.columns[column["name"]] = " ".join(column["rest"].split())
    if inherits := _INHERITS.search(table.tail):
        table.parents = [p.strip() for p in inherits["parents"].split(",")]
    return table


def _default_of(rest: str) -> str | None:
    match = re.search(r" DEFAULT (.*?)(?: NOT NULL)?$", rest)
    return match[1] if match else None


def _fold_inherited(tables: dict[str, _Table], out: list[str]) -> None:
    """A child's columns and checks that a parent provides, shown as an inherited one shows."""
    for table in tables.values():
        if not table.parents:
            continue
        provided: dict[str, str] = {}
        checks: set[str] = set()
        for parent in table.parents:
            if (p := tables.get(parent)) is not None:
                for name, rest in p.columns.items():
                    provided.setdefault(name, rest)
                checks.update(p.constraints)
        for name in [n for n in table.columns if n in provided]:
            rest = table.columns.pop(name)
            default = _default_of(rest)
            # `DEFAULT NULL` is how pg_dump shows a merged column without the parent's
            # default; an inherited-only one without it shows nothing: the same state.
            if default is not None and default != "NULL":
                out.append(
                    f"ALTER TABLE ONLY {table.name} ALTER COLUMN {name} SET DEFAULT {default}"
                )
            if "NOT NULL" in rest and "NOT NULL" not in provided[name]:
                out.append(f"ALTER TABLE ONLY {table.name} ALTER COLUMN {name} SET NOT NULL")
        table.constraints = [c for c in table.constraints if c not in checks]


def normalise(text: str) -> list[str]:
    """The dump as a sorted list of one-line statements (see the module docstring)."""
    lines = [
        line
        for line in text.splitlines()
        if line.strip() and not line.startswith("--") and not _NOISE.match(line)
    ]
    statements = [s.text for s in split_statements("\n".join(lines))]
    tables: dict[str, _Table] = {}
    out: list[str] = []
    for statement in statements:
        if _MONTH.search(statement):
            continue
        table = _table(statement)
        if table is None:
            out.append(_sorted_options(" ".join(statement.split())))
        else:
            tables[table.name] = table
    _fold_inherited(tables, out)
    for table in tables.values():
        columns = sorted(f"{name} {rest}" for name, rest in table.columns.items())
        body = ", ".join([*columns, *sorted(table.constraints)])
        out.append(f"CREATE TABLE {table.name} ({body}){(' ' + table.tail) if table.tail else ''}")
    return sorted(out)


def difference(got: list[str], wanted: list[str]) -> str:
    """What one normalised dump has that the other lacks, for an assertion message."""
    extra = sorted(set(got) - set(wanted))
    missing = sorted(set(wanted) - set(got))
    shown = [f"  + {s}" for s in extra] + [f"  - {s}" for s in missing]
    return "pg_dump differs (+ migrated only, - built only):\n" + "\n".join(shown)
