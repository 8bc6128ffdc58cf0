"""The SQL of a statement as sqlglot reads it, placeholders included.

Named queries use psycopg's `%(name)s` placeholders, `pg_stat_statements`
PostgreSQL's `$n`. sqlglot reads `$n` as a parameter, so `%(name)s` is
numbered in order of first use (the same name gets the same number): a
parameter stays a parameter, never a constant, which is what tells the
advisor a partial-index predicate (`status = 'open'`) from a lookup key
(`account_id = $1`).
"""

import re

import sqlglot
import sqlglot.errors
from sqlglot import expressions as exp

__all__ = ["numbered", "parse_statement"]

_NAMED = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s")
# sqlglot's tokenizer reads `$1,$2` as a dollar-quoted string: a space after each number avoids it.
_NUMBERED = re.compile(r"\$(\d+)(?=[^\s\d])")


def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """`sql` with each `%(name)s` as `$n`, and the names in the order of their numbers."""
    names: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        index = names.setdefault(match.group("name"), len(names) + 1)
        return f"${index}"

    text = _NAMED.sub(number, sql).replace("%%", "%")
    return text, tuple(names)


def parse_statement(sql: str) -> exp.Expr | None:
    """The one statement of `sql` as a sqlglot tree; None when it does not parse or holds more."""
    text = _NUMBERED.sub(r"$\1 ", numbered(sql)[0])
    try:
        statements = [s for s in sqlglot.parse(text, read="postgres") if s is not None]
    except sqlglot.errors.SqlglotError:
        return None
    return statements[0] if len(statements) == 1 else None
