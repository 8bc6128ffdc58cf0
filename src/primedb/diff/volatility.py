"""Whether a column default is volatile: then `ADD COLUMN` fills every row (a rewrite).

PostgreSQL 11 and later add a column with a constant or stable default (such
as `now()`) without touching the rows: the value is computed once and kept in
the catalog. A volatile default (`nextval()`, `random()`, `clock_timestamp()`,
`gen_random_uuid()`, or a user function declared VOLATILE) is computed per
row, which rewrites the table.

The built-in functions known either way are listed here once: the diff (which
knows every user function from the catalog) and `primedb lint` (which asks
the live `pg_proc`, or assumes the worst) both read them.
"""

from primedb.catalog import Catalog
from primedb.catalog.kinds import Volatility
from primedb.sqllex import TokenKind, lex, significant

__all__ = ["NON_VOLATILE_BUILTINS", "VOLATILE_BUILTINS", "function_calls", "volatile_call"]

VOLATILE_BUILTINS = frozenset(
    {
        "clock_timestamp",
        "gen_random_bytes",
        "gen_random_uuid",
        "nextval",
        "pg_current_xact_id",
        "random",
        "random_normal",
        "setseed",
        "setval",
        "timeofday",
        "txid_current",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
    }
)
NON_VOLATILE_BUILTINS = frozenset(
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
_SYNTAX = frozenset(
    {"ARRAY", "CAST", "ROW", "INTERVAL", "VARCHAR", "NUMERIC", "DECIMAL", "CHAR", "CHARACTER"}
)
_NAMES = (TokenKind.WORD, TokenKind.QUOTED)


def function_calls(sql: str) -> list[tuple[str | None, str]]:
    """(schema or None, name) of each function called in `sql`, strings and comments aside."""
    toks = significant(lex(sql))
    calls: list[tuple[str | None, str]] = []
    for i, tok in enumerate(toks[:-1]):
        if tok.kind not in _NAMES or toks[i + 1].text != "(" or tok.upper in _SYNTAX:
            continue
        qualified = i >= 2 and toks[i - 1].text == "." and toks[i - 2].kind in _NAMES
        calls.append((toks[i - 2].name if qualified else None, tok.name))
    return calls


def volatile_call(expression: str | None, catalog: Catalog) -> str | None:
    """The first volatile function `expression` calls (its name), or None.

    User functions are looked up in `catalog` (PostgreSQL prints their names
    schema-qualified); anything else is a built-in, volatile when listed.
    """
    if not expression:
        return None
    user = {(f.schema, f.name): f.volatility for f in catalog.functions}
    for schema, name in function_calls(expression):
        if schema is not None and (schema, name) in user:
            if user[(schema, name)] is Volatility.VOLATILE:
                return f"{schema}.{name}()"
            continue
        if schema in (None, "pg_catalog") and name.lower() in VOLATILE_BUILTINS:
            return f"{name}()"
    return None
