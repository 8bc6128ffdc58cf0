"""A plan as an Alembic revision file: the format `primedb revision` writes.

The file is plain, reviewable Python. Module constants say what the revision
is (`revision`, `down_revision`, `message`, `created_at`), what it expects
and leaves (`expects_schema`, `produces_schema`: hashes of the catalog before
and after, checked by `migrate` against drift), the timeouts it runs with and
the hazard kinds it carries and allows. `upgrade()` and `downgrade()` hold one
`op.execute(...)` per statement; statements that cannot run in a transaction
sit inside `autocommit_block()`. A `:name` in the SQL is written `\\:name`
(see `sqltext.py`: Alembic's `text()` would take it for a bind parameter).
The docstring lists the hazards of each direction in plain words, so the
review starts there.
"""

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import jinja2

from primedb.diff.hazards import HazardKind
from primedb.diff.plan import Plan, Statement
from primedb.errors import HazardNotAllowed
from primedb.migrations import pysource
from primedb.migrations.sqltext import for_op_execute

__all__ = ["render_revision", "revision_filename"]

_DOC_WIDTH = 96
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Direction:
    body: tuple[str, ...]
    hazard_lines: tuple[str, ...]
    kinds: tuple[str, ...]  # hazard kind values


def revision_filename(revision: str, message: str) -> str:
    """`<revision>_<slug>.py`, the slug from the message (`add bucket tags` -> add_bucket_tags)."""
    slug = _SLUG.sub("_", message.lower()).strip("_")[:48].rstrip("_")
    return f"{revision}_{slug}.py" if slug else f"{revision}.py"


def render_revision(
    plan: Plan,
    *,
    revision: str,
    down_revision: str | None,
    message: str,
    created_at: datetime,
    expects_schema: str | None = None,
    produces_schema: str | None = None,
    allowed_hazards: Iterable[HazardKind] = (),
) -> str:
    """The source of the revision file for `plan`.

    Raises `HazardNotAllowed` when an upgrade statement carries a hazard whose
    kind is not in `allowed_hazards` (the downgrade's hazards are listed, not
    refused: undoing an addition always deletes what was added).
    """
    allowed = tuple(sorted(set(allowed_hazards), key=lambda k: k.value))
    refused = plan.unallowed(allowed, "up")
    if refused:
        kinds = sorted({h.kind.value for _, h in refused})
        first_statement, first = refused[0]
        raise HazardNotAllowed(
            f"{first.message(_short(first_statement.sql))}; "
            + " ".join(f"--allow-hazard {k}" for k in kinds)
            + " to accept"
            + ("" if len(refused) == 1 else f" ({len(refused)} hazards in all)")
        )
    up = _direction(plan.up())
    down = _direction(plan.down())
    template = _environment().get_template("revision.py.j2")
    text = template.render(
        title=_title(message),
        up=up,
        down=down,
        revision=pysource.literal(revision),
        down_revision=pysource.literal(down_revision) if down_revision else "None",
        message=pysource.literal(message),
        created_at=pysource.literal(_iso(created_at)),
        expects_schema=pysource.literal(expects_schema) if expects_schema else "None",
        produces_schema=pysource.literal(produces_schema) if produces_schema else "None",
        lock_timeout_ms=_number(plan.timeouts.lock_timeout_ms),
        statement_timeout_ms=_number(plan.timeouts.statement_timeout_ms),
        allowed_hazards=tuple(k.value for k in allowed),
        assign=pysource.assign,
        assign_tuple=pysource.assign_tuple,
    )
    return text


def _environment() -> jinja2.Environment:
    # Python source, not HTML: nothing to escape; undefined names are bugs.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("primedb.migrations", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _direction(statements: Sequence[Statement]) -> _Direction:
    body: list[str] = []
    in_block = False
    for statement in statements:
        if not statement.transactional and not in_block:
            body.append("    with op.get_context().autocommit_block():")
            in_block = True
        elif statement.transactional and in_block:
            in_block = False
        indent = 8 if in_block else 4
        body.extend(_comment(statement, indent))
        # Escaped for SQLAlchemy's text(), which compiles it back to the exact SQL.
        body.extend(pysource.call("op.execute", for_op_execute(statement.sql), indent))
    seen: dict[str, None] = {}
    for statement in statements:
        for hazard in statement.hazards:
            seen.setdefault(hazard.message())
    kinds = sorted({h.kind.value for s in statements for h in s.hazards})
    return _Direction(
        body=tuple(body) or ("    pass",),
        hazard_lines=tuple(_bullet(m) for m in seen) or ("- none",),
        kinds=tuple(kinds),
    )


def _comment(statement: Statement, indent: int) -> list[str]:
    parts = []
    if statement.lock.value != "none":
        parts.append(f"takes {statement.lock.value}")
    if statement.hazards:
        parts.append("hazards: " + ", ".join(sorted({h.kind.value for h in statement.hazards})))
    if not parts:
        return []
    pad = " " * indent
    return textwrap.wrap(
        "; ".join(parts),
        pysource.WIDTH,
        initial_indent=pad + "# ",
        subsequent_indent=pad + "#   ",
        break_on_hyphens=False,
    )


def _bullet(text: str) -> str:
    return textwrap.fill(
        _docstring_safe(text), _DOC_WIDTH, initial_indent="- ", subsequent_indent="  "
    )


def _title(message: str) -> str:
    text = _docstring_safe(" ".join(message.split())) or "Revision"
    text = text[0].upper() + text[1:]
    if not text.endswith("."):
        text += "."
    return textwrap.fill(text, _DOC_WIDTH)


def _docstring_safe(text: str) -> str:
    # The docstring is a plain literal: a backslash or three quotes would end or bend it.
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _short(sql: str) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= 80 else flat[:77] + "..."


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: int) -> str:
    return f"{value:_}" if value >= 10_000 else str(value)
