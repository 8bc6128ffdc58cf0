"""`primedb lint`: the hazards of hand-written SQL, in the words the diff uses.

Files are read in the order given (a folder: its `.sql` files by name, like
`schema/`), statement by statement, so a table created in one file is new,
and empty, in the next. Each finding names the file and line, the statement,
the hazard kind and its message. A finding is accepted by a comment on the
statement (`-- primedb: allow deletes_data`, before it or at its end) or for
the whole run (`allow`, the CLI's `--allow-hazard`). With a live database,
"a table with rows" is read from its size instead of assumed.
"""

import contextlib
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from primedb.diff.hazards import Hazard, HazardKind
from primedb.errors import BadInput
from primedb.lint.facts import AssumedFacts, Facts, LiveFacts, RowState
from primedb.lint.outcome import Outcome, Raw
from primedb.lint.rules import classify
from primedb.lint.state import LintState
from primedb.lint.tokens import SqlStatement, split_statements
from primedb.pg.connect import connect

__all__ = ["Finding", "LintResult", "lint_paths", "lint_text", "live_facts", "merged"]

ALLOW_MARK = "primedb:"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    origin: str
    line: int
    statement: str
    kind: HazardKind
    subject: str
    message: str

    @property
    def location(self) -> str:
        return f"{self.origin}:{self.line}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.origin,
            "line": self.line,
            "statement": self.statement,
            "kind": self.kind.value,
            "subject": self.subject,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LintResult:
    findings: tuple[Finding, ...]
    allowed: tuple[Finding, ...]  # accepted by a comment or --allow-hazard
    files: int
    statements: int
    live: bool  # rows read from a database rather than assumed

    @property
    def clean(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "findings": [f.as_dict() for f in self.findings],
            "allowed": [f.as_dict() for f in self.allowed],
            "statements": self.statements,
            "files": self.files,
            "live": self.live,
        }

    def as_text(self) -> str:
        count = len(self.findings)
        rows_from = "live row counts" if self.live else "tables assumed to hold rows"
        footer = (
            f"{count} finding{'s' if count != 1 else ''} in {self.statements} statements of "
            f"{self.files} file{'s' if self.files != 1 else ''} ({len(self.allowed)} allowed; "
            f"{rows_from})"
        )
        lines = [
            f"{f.location}  {f.kind.value}  {f.statement}\n    {f.message}" for f in self.findings
        ]
        return "\n".join([*lines, footer])


def lint_text(
    text: str,
    origin: str,
    *,
    facts: Facts | None = None,
    allow: Iterable[HazardKind] = (),
    state: LintState | None = None,
) -> LintResult:
    """The findings of the SQL `text` (`origin` names it in the findings)."""
    facts = facts or AssumedFacts()
    state = state or LintState()
    allowed_everywhere = frozenset(allow)
    findings: list[Finding] = []
    accepted: list[Finding] = []
    statements = split_statements(text)
    for statement in statements:
        allowed = allowed_everywhere | _allowed_by_comment(statement, origin)
        for finding in _findings(statement, origin, state, facts):
            (accepted if finding.kind in allowed else findings).append(finding)
    return LintResult(
        findings=tuple(findings),
        allowed=tuple(accepted),
        files=1,
        statements=len(statements),
        live=isinstance(facts, LiveFacts),
    )


def lint_paths(
    paths: Sequence[str], *, dsn: str | None = None, allow: Iterable[HazardKind] = ()
) -> LintResult:
    """Lint files and folders (`-` is standard input), in order, sharing what they create."""
    kinds = tuple(allow)
    with live_facts(dsn) as facts:
        state = LintState()
        results = []
        for origin, text in _sources(paths):
            # Session settings do not outlive a file (each runs in its own psql);
            # the objects it created do.
            state.session_lock_timeout = False
            state.end()
            results.append(lint_text(text, origin, facts=facts, allow=kinds, state=state))
    return merged(results, live=dsn is not None)


def merged(results: Sequence[LintResult], *, live: bool) -> LintResult:
    """The results of several files (or revisions) as one."""
    return LintResult(
        findings=tuple(f for r in results for f in r.findings),
        allowed=tuple(f for r in results for f in r.allowed),
        files=len(results),
        statements=sum(r.statements for r in results),
        live=live,
    )


@contextlib.contextmanager
def live_facts(dsn: str | None) -> Iterator[Facts]:
    """The facts of the database `dsn` while the block runs; without one, assumptions."""
    if dsn is None:
        yield AssumedFacts()
        return
    with connect(dsn, autocommit=True, application_name="primedb lint") as conn:
        yield LiveFacts(conn)


def _sources(paths: Sequence[str]) -> Iterator[tuple[str, str]]:
    for given in paths:
        if given == "-":
            yield "<stdin>", sys.stdin.read()
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(path.rglob("*.sql"))
            if not files:
                raise BadInput(f"{path} holds no .sql files; give the files to lint")
        elif path.is_file():
            files = [path]
        else:
            raise BadInput(f"{path} does not exist; give .sql files or folders to lint")
        for file in files:
            try:
                yield str(file), file.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise BadInput(
                    f"{file} is not UTF-8 text: {exc}; convert it and lint again"
                ) from exc


def _allowed_by_comment(statement: SqlStatement, origin: str) -> frozenset[HazardKind]:
    kinds: set[HazardKind] = set()
    for comment in statement.comments:
        text = comment.strip()
        if not text.startswith(ALLOW_MARK):
            continue
        words = text[len(ALLOW_MARK) :].replace(",", " ").split()
        if not words or words[0] != "allow":
            raise BadInput(
                f"{origin}:{statement.line}: a primedb comment must read "
                "`-- primedb: allow <kind>[, <kind>]`"
            )
        for word in words[1:]:
            try:
                kinds.add(HazardKind(word))
            except ValueError:
                known = ", ".join(k.value for k in HazardKind)
                raise BadInput(
                    f"{origin}:{statement.line}: unknown hazard kind {word!r} in an allow "
                    f"comment; known kinds: {known}"
                ) from None
    return frozenset(kinds)


def _findings(
    statement: SqlStatement, origin: str, state: LintState, facts: Facts
) -> list[Finding]:
    lock_timeout_before = state.lock_timeout
    outcome = classify(statement.words, state, facts)
    raws = [r for r in (_applies(r, state, facts) for r in outcome.raws) if r is not None]
    if not lock_timeout_before:
        raws.extend(_missing_lock_timeout(outcome, statement, state, facts))
    found: list[Finding] = []
    seen: set[tuple[HazardKind, str]] = set()
    for raw in raws:
        if (raw.kind, raw.subject) in seen:
            continue
        seen.add((raw.kind, raw.subject))
        hazard = Hazard(kind=raw.kind, subject=raw.subject, detail=raw.detail)
        found.append(
            Finding(
                origin=origin,
                line=statement.line,
                statement=statement.summary(),
                kind=raw.kind,
                subject=raw.subject,
                message=hazard.message(raw.what),
            )
        )
    return found


def _applies(raw: Raw, state: LintState, facts: Facts) -> Raw | None:
    """`raw` if it applies to its table as it is (new, empty, holding rows), else None."""
    if raw.table is None:
        return raw
    if state.is_new(raw.table):
        return None
    rows = facts.rows(raw.table.sql())
    if rows.state is RowState.MISSING:
        return None
    if not raw.kind.row_dependent:
        return raw
    if not rows.matter:
        return None
    if rows.estimate:
        extra = f"about {rows.estimate:,} rows"
        detail = f"{raw.detail} ({extra})" if raw.detail else extra
        return Raw(
            kind=raw.kind, subject=raw.subject, what=raw.what, detail=detail, table=raw.table
        )
    return raw


def _missing_lock_timeout(
    outcome: Outcome, statement: SqlStatement, state: LintState, facts: Facts
) -> list[Raw]:
    for table in outcome.locks:
        if state.is_new(table) or facts.rows(table.sql()).state is RowState.MISSING:
            continue
        what = statement.summary(60)
        detail = "SET lock_timeout (e.g. '3s') before it; primedb migrate sets one itself"
        return [
            Raw(kind=HazardKind.MISSING_LOCK_TIMEOUT, subject=str(table), what=what, detail=detail)
        ]
    return []
