"""Named SQL: read `-- name:` blocks from .sql files, checked when they load.

One loader serves the canonical application queries (`queries/*.sql`) and the
toolkit's own catalog and analyzer queries (package data, `sql/*.sql` beside
the module that runs them). A block looks like:

    -- name: audit_logs_page
    -- Keyset page of an account's audit log, newest first.
    -- sample: SELECT ... (optional: returns parameter sets for this query)
    SELECT ... WHERE account_id = %(account_id)s ...;

Each body is parsed by sqlglot when it loads, so a typo fails early with the
file and line; parameters are the `%(name)s` placeholders, in order of first use.
"""

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from primedb.errors import BadInput

_NAME = re.compile(r"^--\s*name:\s*(?P<name>\S*)\s*$")
_SAMPLE = re.compile(r"^--\s*sample:\s*(?P<sql>.*)$")
_COMMENT = re.compile(r"^--\s?(?P<text>.*)$")
_PARAM = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s")
_VALID_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    sql: str
    doc: str
    params: tuple[str, ...]
    source: str  # "file:line" of the `-- name:` line
    sample: str | None = None  # a query returning parameter sets for this one


def _params(body: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for match in _PARAM.finditer(body):
        seen.setdefault(match.group("name"))
    return tuple(seen)


def _check_syntax(body: str, origin: str, first_line: int, name: str) -> None:
    """Parse `body` (which starts at `first_line` of `origin`) or raise naming the line."""
    import sqlglot  # here: importing it costs a sixth of a second, needed only to check
    import sqlglot.errors

    # sqlglot does not know psycopg placeholders: give it a literal instead.
    probe = _PARAM.sub("NULL", body).replace("%%", "%")
    try:
        sqlglot.parse(probe, read="postgres")
    except sqlglot.errors.ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        line = first_line + int(first.get("line") or 1) - 1
        detail = str(first.get("description") or str(exc).splitlines()[0])
        raise BadInput(f"{origin}:{line}: query {name!r} does not parse: {detail}") from exc


def parse_text(text: str, origin: str, *, check: bool = True) -> tuple[NamedQuery, ...]:
    """Every named query of `text`; `origin` names the file in errors.

    `check=False` skips the sqlglot parse (a third of a second at a command's
    start): for SQL shipped in the package, which the test suite parses.
    """
    blocks: list[tuple[str, int, list[str]]] = []
    preamble_ok = True
    for lineno, line in enumerate(text.splitlines(), start=1):
        if match := _NAME.match(line.strip()):
            name = match.group("name")
            if not _VALID_NAME.match(name):
                raise BadInput(f"{origin}:{lineno}: invalid query name {name!r} (use snake_case)")
            blocks.append((name, lineno, []))
            preamble_ok = False
        elif blocks:
            blocks[-1][2].append(line)
        elif line.strip() and not line.strip().startswith("--") and preamble_ok:
            raise BadInput(f"{origin}:{lineno}: SQL before the first `-- name:` line")
    queries: list[NamedQuery] = []
    for name, lineno, lines in blocks:
        where = f"{origin}:{lineno}"
        doc: list[str] = []
        sample: str | None = None
        body_start = 0
        for i, line in enumerate(lines):
            stripped = line.strip()
            if sm := _SAMPLE.match(stripped):
                sample = sm.group("sql").strip()
            elif cm := _COMMENT.match(stripped):
                doc.append(cm.group("text").strip())
            elif stripped:
                body_start = i
                break
        else:
            body_start = len(lines)
        body_lines = lines[body_start:]
        body = "\n".join(body_lines).strip()
        if not body:
            raise BadInput(f"{where}: query {name!r} has an empty body")
        leading_blank = next((i for i, b in enumerate(body_lines) if b.strip()), 0)
        if check:
            _check_syntax(body, origin, lineno + 1 + body_start + leading_blank, name)
        if check and sample is not None:
            _check_syntax(sample, origin, lineno, f"{name} (sample)")
        queries.append(
            NamedQuery(
                name=name,
                sql=body,
                doc=" ".join(d for d in doc if d),
                params=_params(body),
                source=where,
                sample=sample,
            )
        )
    return tuple(queries)


def _collect(items: list[tuple[str, str]], check: bool = True) -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for origin, text in items:
        for query in parse_text(text, origin, check=check):
            if query.name in found:
                raise BadInput(
                    f"{query.source}: duplicate query name {query.name!r} "
                    f"(first defined at {found[query.name].source})"
                )
            found[query.name] = query
    return found


def load_dir(directory: Path) -> dict[str, NamedQuery]:
    """Every named query of the `.sql` files in `directory`, by name."""
    if not directory.is_dir():
        raise BadInput(f"query directory {directory} does not exist")
    return _collect([(str(p), p.read_text()) for p in sorted(directory.glob("*.sql"))])


def package_queries(package: str, *, check: bool = True) -> dict[str, NamedQuery]:
    """The named queries shipped in `<package>/sql/*.sql` (see `parse_text` for `check`)."""
    folder = resources.files(package) / "sql"
    items = sorted(
        (f"{package}/sql/{entry.name}", entry.read_text())
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )
    return _collect(items, check)
