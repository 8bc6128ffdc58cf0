"""Whether a column default is volatile: then `ADD COLUMN` fills every row (a rewrite).

PostgreSQL 11 and later add a column with a constant or stable default (such
as `now()`) without touching the rows: the value is computed once and kept in
the catalog. A volatile default (`nextval()`, `random()`, `clock_timestamp()`,
`gen_random_uuid()`, or a user function declared VOLATILE) is computed per
row, which rewrites the table. Function calls are found in the default's text
as PostgreSQL prints it (names of user functions are schema-qualified there).
"""

import re

from primedb.catalog import Catalog
from primedb.catalog.kinds import Volatility

__all__ = ["volatile_call"]

_CALL = re.compile(r"(?:(?P<schema>[A-Za-z_][\w$]*)\.)?(?P<name>[A-Za-z_][\w$]*)\s*\(")
_STRING = re.compile(r"'(?:[^']|'')*'")

VOLATILE_BUILTINS = frozenset(
    {
        "nextval",
        "setval",
        "random",
        "random_normal",
        "clock_timestamp",
        "timeofday",
        "gen_random_uuid",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "txid_current",
        "pg_current_xact_id",
    }
)


def volatile_call(expression: str | None, catalog: Catalog) -> str | None:
    """The first volatile function `expression` calls (its name), or None."""
    if not expression:
        return None
    text = _STRING.sub("''", expression)
    user = {(f.schema, f.name): f.volatility for f in catalog.functions}
    for match in _CALL.finditer(text):
        schema, name = match["schema"], match["name"]
        if schema is not None and (schema, name) in user:
            if user[(schema, name)] is Volatility.VOLATILE:
                return f"{schema}.{name}()"
            continue
        if schema in (None, "pg_catalog") and name.lower() in VOLATILE_BUILTINS:
            return f"{name}()"
    return None
