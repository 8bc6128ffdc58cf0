"""Is a column default volatile? A volatile default rewrites the table on ADD COLUMN.

Since PostgreSQL 11 a new column with a non-volatile default (a constant,
`now()`) only records the value in the catalog; a volatile one
(`gen_random_uuid()`, `clock_timestamp()`, `nextval(...)`) must be computed
for every existing row, which rewrites the table. Functions are looked up in
the live `pg_proc` with `--dsn`; without it, well-known ones are recognised
and any other is assumed volatile, and the finding says so.
"""

from collections.abc import Sequence

from primedb.migrations.lint.facts import Facts
from primedb.migrations.lint.tokens import Word

__all__ = ["volatile_call"]

KNOWN_VOLATILE = frozenset(
    {
        "clock_timestamp",
        "gen_random_bytes",
        "gen_random_uuid",
        "nextval",
        "random",
        "setseed",
        "timeofday",
        "txid_current",
        "pg_current_xact_id",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
    }
)
KNOWN_STABLE = frozenset(
    {
        "abs",
        "coalesce",
        "concat",
        "current_setting",
        "date_trunc",
        "greatest",
        "jsonb_build_array",
        "jsonb_build_object",
        "json_build_array",
        "json_build_object",
        "least",
        "length",
        "lower",
        "make_interval",
        "md5",
        "now",
        "nullif",
        "round",
        "statement_timestamp",
        "to_char",
        "to_jsonb",
        "transaction_timestamp",
        "upper",
    }
)
# Words followed by "(" that are syntax, not function calls.
_SYNTAX = frozenset({"ARRAY", "CAST", "ROW", "INTERVAL", "VARCHAR", "NUMERIC", "DECIMAL", "CHAR"})


def volatile_call(expression: Sequence[Word], facts: Facts) -> str | None:
    """Why `expression` is (or is assumed) volatile; None when it is not."""
    for index, word in enumerate(expression[:-1]):
        if not word.is_name or expression[index + 1].text != "(" or word.upper in _SYNTAX:
            continue
        name = word.text.lower()
        if name in KNOWN_VOLATILE:
            return f"{name}() is volatile: it is computed for every existing row"
        if name in KNOWN_STABLE:
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
