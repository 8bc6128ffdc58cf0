"""SQL for `op.execute(str)`, so that what PostgreSQL receives is exactly the SQL planned.

Alembic wraps a string in SQLAlchemy's `text()`, which reads `:name` as a
bind parameter (`SELECT ' :tag'` fails: "a value is required for bind
parameter 'tag'") and turns `\\:name` into `:name`. Both are undone here:
a `:name` that `text()` would bind becomes `\\:name`, and a `\\:name` gets
one more backslash, so `text()` gives back the original text, byte for
byte, online and with `--sql`. Casts (`::text`), `:=` and `[[:space:]]` are
not bind parameters and are left alone. (`%` needs nothing: the psycopg
dialect doubles it and the driver undoes it.)
"""

import re

__all__ = ["for_op_execute"]

# The two patterns of sqlalchemy.sql.compiler (BIND_PARAMS, BIND_PARAMS_ESC),
# matched in one pass over the original text.
_BIND = r"(?<![:\w\\]):\w+(?![:\w])"
_ESCAPED = r"\\:\w*(?![:\w])"
_EITHER = re.compile(f"(?P<escaped>{_ESCAPED})|(?P<bind>{_BIND})")


def for_op_execute(sql: str) -> str:
    """The text to give `op.execute` so that `text()` compiles it back to `sql`."""
    return _EITHER.sub(lambda m: "\\" + m.group(0), sql)
