"""The audit's checks: one declarative SQL file each, read from `analyzers/checks/`.

A check file is one named query (`primedb.sqlfiles`) whose comment header says
what the check is, before its SQL:

    -- name: duplicated_indexes
    -- severity: warning
    -- needs: catalog
    -- fix: drop_index
    -- message: {index} duplicates {kept}; dropping it frees {freed_bytes:size}
    -- Free text: what the check finds and why it matters (the check's text).
    SELECT ...

`severity` is info, warning or error; `needs` names the statistics the check
judges by (`catalog` alone, or any of `cumulative_statistics`,
`planner_statistics`, `sequences`, comma-separated); `fix` names how a row
becomes SQL (`primedb.analyzers.audit.fixes`); `message` is the finding's
sentence, filled from the row's columns (`{name}`, or `{name:size}`,
`{name:pct}`, `{name:age}`, `{name:list}`). The file is named after the check.

The query's rows are the findings. Each returns `table_name` (qualified, or
NULL) and `objects` (qualified names, the object at fault first); optional
`freed_bytes` is what the fix frees; `fix_*` columns feed the fix and
`msg_*` columns only the message; every other column is evidence. Parameters
are psycopg's `%(name)s`: `schemas` (text[], NULL for every schema but
PostgreSQL's own) and the thresholds of `AuditSettings`; a literal % is `%%`.
"""

import enum
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from primedb.analyzers.audit.fixes import FixKind
from primedb.errors import BadInput, UsageError
from primedb.project import project_folder, project_table
from primedb.sqlfiles import parse_text

__all__ = [
    "Check",
    "Needs",
    "Severity",
    "default_checks",
    "default_checks_dir",
    "load_checks",
    "select_checks",
]

_HEADER = re.compile(r"^--\s*(?P<key>severity|needs|fix|message):\s*(?P<value>.*?)\s*$")
_NAME = re.compile(r"^--\s*name:")
_FORMAT_SPECS = frozenset({"", "size", "pct", "age", "list"})


class Severity(enum.Enum):
    """How bad a finding is; `--fail-on` compares by rank."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Needs(enum.Enum):
    """What a check judges by, beyond the system catalog every check reads."""

    CATALOG = "catalog"
    CUMULATIVE_STATISTICS = "cumulative_statistics"  # pg_stat_*: scans since the last reset
    PLANNER_STATISTICS = "planner_statistics"  # reltuples, relpages, pg_stats (ANALYZE)
    SEQUENCES = "sequences"  # the sequences' current values


@dataclass(frozen=True, slots=True)
class Check:
    """One check: its header, and the SQL whose rows are its findings."""

    name: str
    severity: Severity
    needs: frozenset[Needs]  # empty: the catalog alone
    fix: FixKind  # how a row becomes SQL
    message: str  # template over the row's columns
    text: str  # what it finds and why it matters
    sql: str
    source: str  # "file:line"

    @property
    def catalog_only(self) -> bool:
        return not self.needs


def _header(text: str, origin: str) -> tuple[dict[str, tuple[str, int]], str]:
    """The `-- key: value` lines right after `-- name:` (with line numbers), and the text after."""
    found: dict[str, tuple[str, int]] = {}
    words: list[str] = []
    state = "before"
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if state == "before":
            state = "header" if _NAME.match(stripped) else state
            continue
        if state == "header" and (match := _HEADER.match(stripped)):
            if match.group("key") in found:
                raise BadInput(f"{origin}:{lineno}: {match.group('key')} is given twice")
            found[match.group("key")] = (match.group("value"), lineno)
            continue
        if not stripped.startswith("--"):
            break
        state = "text"
        words.append(stripped[2:].strip())
    return found, " ".join(" ".join(words).split())


def _parse_needs(value: str, where: str) -> frozenset[Needs]:
    needs: set[Needs] = set()
    for word in (w.strip() for w in value.split(",")):
        try:
            needs.add(Needs(word))
        except ValueError:
            known = ", ".join(n.value for n in Needs)
            raise BadInput(f"{where}: unknown needs {word!r}; write one of: {known}") from None
    if Needs.CATALOG in needs and len(needs) > 1:
        raise BadInput(f"{where}: `needs: catalog` means the catalog alone; drop it or the others")
    return frozenset(needs - {Needs.CATALOG})


def _check_template(template: str, where: str) -> None:
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise BadInput(f"{where}: the message template does not parse: {exc}") from None
    for _, field, spec, _ in fields:
        if field is not None and spec not in _FORMAT_SPECS:
            known = ", ".join(sorted(s for s in _FORMAT_SPECS if s))
            raise BadInput(f"{where}: unknown format {spec!r} in {{{field}:{spec}}}; use {known}")


def parse_check(text: str, origin: str, *, check: bool = True) -> Check:
    """The check held by one file's `text`; `origin` names the file in errors."""
    queries = parse_text(text, origin, check=check)
    if len(queries) != 1:
        raise BadInput(f"{origin}: a check file holds exactly one `-- name:` block")
    query = queries[0]
    header, about = _header(text, origin)
    for key in ("severity", "needs", "fix", "message"):
        if key not in header:
            raise BadInput(f"{query.source}: check {query.name} has no `-- {key}:` line")
    severity_text, line = header["severity"]
    try:
        severity = Severity(severity_text)
    except ValueError:
        raise BadInput(
            f"{origin}:{line}: unknown severity {severity_text!r}; write info, warning or error"
        ) from None
    needs_text, line = header["needs"]
    needs = _parse_needs(needs_text, f"{origin}:{line}")
    fix_text, line = header["fix"]
    try:
        fix = FixKind(fix_text)
    except ValueError:
        known = ", ".join(k.value for k in FixKind)
        raise BadInput(
            f"{origin}:{line}: unknown fix {fix_text!r}; write one of: {known}"
        ) from None
    message, line = header["message"]
    _check_template(message, f"{origin}:{line}")
    return Check(
        name=query.name,
        severity=severity,
        needs=needs,
        fix=fix,
        message=message,
        text=about,
        sql=query.sql,
        source=query.source,
    )


def load_checks(folder: Path, *, check: bool = True) -> tuple[Check, ...]:
    """Every check of `folder` (`*.sql`, one check per file named after it), by name."""
    if not folder.is_dir():
        raise UsageError(
            f"checks folder {folder} does not exist; give --checks-dir, or set "
            "[tool.primedb] checks_dir in pyproject.toml"
        )
    checks: list[Check] = []
    for path in sorted(folder.glob("*.sql")):
        loaded = parse_check(path.read_text(), str(path), check=check)
        if loaded.name != path.stem:
            raise BadInput(f"{loaded.source}: check {loaded.name} must be in {loaded.name}.sql")
        checks.append(loaded)
    if not checks:
        raise UsageError(f"checks folder {folder} holds no check (*.sql)")
    return tuple(checks)


def select_checks(checks: tuple[Check, ...], names: tuple[str, ...] | None) -> tuple[Check, ...]:
    """The checks named (in catalog order), all of them for None; an unknown name is refused."""
    if names is None:
        return checks
    known = {c.name for c in checks}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown check {unknown[0]!r}; known checks: {', '.join(sorted(known))}")
    wanted = set(names)
    return tuple(c for c in checks if c.name in wanted)


def default_checks_dir() -> Path:
    """The project's checks folder: `[tool.primedb] checks_dir`, else `analyzers/checks`
    when the project has one, else the catalog primedb ships (a project needs no copy)."""
    configured = project_folder("checks_dir")
    if configured.is_dir() or "checks_dir" in project_table()[1]:
        return configured
    # primedb's own repository: found from this file, whatever the working directory
    return project_folder("checks_dir", cwd=Path(__file__).resolve().parent)


@cache
def _cached(folder: Path, stamp: tuple[tuple[str, int], ...]) -> tuple[Check, ...]:
    return load_checks(folder)


def default_checks(folder: Path | None = None) -> tuple[Check, ...]:
    """The checks of `folder` (default: `default_checks_dir()`), loaded once per version."""
    where = (folder or default_checks_dir()).resolve()
    if not where.is_dir():
        return load_checks(where)  # raises the usual error
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(where.glob("*.sql")))
    return _cached(where, stamp)
