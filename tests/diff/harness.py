"""Helpers of the diff tests: run a plan as a migration would, compare catalogs, load cases."""

import secrets
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psycopg

from primedb.catalog import Catalog
from primedb.diff import Rename, RenameKind, Statement, Timeouts
from primedb.pg import create_database, drop_database

CASES_DIR = Path(__file__).with_name("cases")


def run_script(dsn: str, script: str) -> None:
    """A multi-statement script in one transaction."""
    with psycopg.connect(dsn) as conn:
        conn.execute(script)


def execute(dsn: str, statements: Iterable[Statement], timeouts: Timeouts | None = None) -> None:
    """Run statements as a migration does: each run of transactional ones in a
    transaction, the others in autocommit, every one under the timeouts."""
    t = timeouts or Timeouts()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"SET lock_timeout = {t.lock_timeout_ms}")
        conn.execute(f"SET statement_timeout = {t.statement_timeout_ms}")
        in_tx = False
        for stmt in statements:
            if stmt.transactional and not in_tx:
                conn.execute("BEGIN")
                in_tx = True
            elif not stmt.transactional and in_tx:
                conn.execute("COMMIT")
                in_tx = False
            try:
                conn.execute(stmt.sql)  # type: ignore[arg-type]
            except psycopg.Error as exc:
                if in_tx:
                    conn.execute("ROLLBACK")
                raise AssertionError(f"{exc}\nwhile running:\n{stmt.sql}") from exc
        if in_tx:
            conn.execute("COMMIT")


def differences(a: Catalog, b: Catalog) -> list[str]:
    """The keys whose objects differ, readable in an assertion message."""
    left, right = a.by_key(), b.by_key()
    return [
        f"{'/'.join(k)}:\n  got    {left.get(k)!r}\n  wanted {right.get(k)!r}"
        for k in sorted(set(left) | set(right))
        if left.get(k) != right.get(k)
    ]


def rows_of(dsn: str, query: str) -> list[list[str]]:
    with psycopg.connect(dsn) as conn:
        return [["NULL" if v is None else str(v) for v in row] for row in conn.execute(query)]


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    before: str
    after: str
    up_hazards: frozenset[str]
    down_hazards: frozenset[str]
    renames: tuple[str, ...] = ()
    non_transactional: bool = False
    rows_sql: str | None = None
    query_up: str | None = None  # what shows the rows after the upgrade
    query_down: str | None = None  # and after the rollback
    rows_after_up: list[list[str]] | None = None
    rows_after_down: list[list[str]] | None = None
    rows_after_sql: str | None = None  # rows.after.sql: the after database's, before the reverse
    fill_before: bool = True  # a generic row in every table the case's rows left empty
    fill_after: bool = True
    down_refused: str | None = None  # the rollback stops with this text (and changes nothing)
    reverse_refused: str | None = None  # the reverse plan's upgrade stops with this text
    with_owners: bool = False  # owners are part of the model for this case
    extra: dict[str, Any] = field(default_factory=dict)


def _rows(value: Any) -> list[list[str]] | None:
    if value is None:
        return None
    return [[str(v) for v in row] for row in value]


def load_case(folder: Path) -> Case:
    meta = tomllib.loads((folder / "case.toml").read_text())
    rows = meta.get("rows", {})
    rows_file = folder / "rows.sql"
    rows_after_file = folder / "rows.after.sql"
    fill = meta.get("fill", {})
    return Case(
        name=folder.name,
        folder=folder,
        before=(folder / "before.sql").read_text(),
        after=(folder / "after.sql").read_text(),
        up_hazards=frozenset(meta.get("up", {}).get("hazards", [])),
        down_hazards=frozenset(meta.get("down", {}).get("hazards", [])),
        renames=tuple(meta.get("renames", [])),
        non_transactional=bool(meta.get("up", {}).get("non_transactional", False)),
        rows_sql=rows_file.read_text() if rows_file.exists() else None,
        query_up=rows.get("query_up", rows.get("query")),
        query_down=rows.get("query_down", rows.get("query")),
        rows_after_up=_rows(rows.get("after_up")),
        rows_after_down=_rows(rows.get("after_down")),
        rows_after_sql=rows_after_file.read_text() if rows_after_file.exists() else None,
        fill_before=bool(fill.get("before", True)),
        fill_after=bool(fill.get("after", True)),
        down_refused=meta.get("down", {}).get("refused"),
        reverse_refused=meta.get("reverse", {}).get("refused"),
        with_owners=bool(meta.get("with_owners", False)),
        extra=meta,
    )


def reversed_hints(hints: Iterable[Rename]) -> list[Rename]:
    """The hints of the way back: each rename undone (a table named by its old name again)."""
    hints = list(hints)
    tables = {(h.schema, h.new): h.old for h in hints if h.kind is RenameKind.TABLE}
    return [
        replace(
            h,
            old=h.new,
            new=h.old,
            table=tables.get((h.schema, h.table), h.table) if h.table else None,
        )
        for h in hints
    ]


def all_cases() -> list[Case]:
    return [load_case(d) for d in sorted(CASES_DIR.iterdir()) if (d / "case.toml").exists()]


@contextmanager
def databases(server_dsn: str, template: str, count: int) -> Iterator[list[str]]:
    """`count` new databases cloned from `template`, dropped afterwards."""
    names = [f"t_{secrets.token_hex(5)}" for _ in range(count)]
    dsns = [create_database(server_dsn, n, template=template) for n in names]
    try:
        yield dsns
    finally:
        for n in names:
            drop_database(server_dsn, n)
