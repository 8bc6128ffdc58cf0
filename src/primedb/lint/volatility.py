"""Is a column default volatile? A volatile default rewrites the table on ADD COLUMN.

Since PostgreSQL 11 a new column with a non-volatile default (a constant,
`now()`) only records the value in the catalog; a volatile one
(`gen_random_uuid()`, `clock_timestamp()`, `nextval(...)`) must be computed
for every existing row, which rewrites the table. The built-ins known either
way are the diff's (`primedb.diff.volatility`); any other function is looked
up in the live `pg_proc` with `--dsn`, else assumed volatile, and the finding
says so.
"""

from collections.abc import Sequence

from primedb.diff.volatility import NON_VOLATILE_BUILTINS, VOLATILE_BUILTINS, function_calls
from primedb.lint.facts import Facts
from primedb.lint.tokens import Word, render

__all__ = ["volatile_call"]


def volatile_call(expression: Sequence[Word], facts: Facts) -> str | None:
    """Why `expression` is (or is assumed) volatile; None when it is not."""
    for _, name in function_calls(render(expression)):
        name = name.lower()
        if name in VOLATILE_BUILTINS:
            return f"{name}() is volatile: it is computed for every existing row"
        if name in NON_VOLATILE_BUILTINS:
            continue
        live = facts.volatile(name)
        if live is True:
            return f"{name}() is volatile (pg_proc): it is computed for every existing row"
        if live is None:
            return (
                f"{name}() may be volatile (not known without --dsn): if it is, every "
                "existing row is computed"
            )
    return None
