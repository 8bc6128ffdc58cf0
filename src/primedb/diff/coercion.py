"""What changing a column's type costs: a rewrite or not, a USING clause, lost data.

The answer comes from the type names PostgreSQL prints (`format_type`); a type
as written in SQL (`varchar(20)`, `TIMESTAMPTZ(3)`, `int8[]`) is first spelled
that way (`canonical_type`), so the diff and `primedb lint` share one answer.
It is conservative where it does not know: an unknown pair rewrites the
table, takes `USING col::new_type` and may fail on data.

- *Binary-coercible* changes keep the table as it is: `varchar(n)` to a
  longer `varchar` or to `text`, `numeric(p,s)` to more precision at the same
  scale, `bit varying(n)` to a longer one, a time, timestamp or interval to a
  finer or unbounded precision, `cidr` to `inet`.
- Everything else rewrites the table (and its indexes).
- A USING clause is left out where an assignment cast exists (to a string
  type, within the number types, within the date and time types): for a
  shorter `varchar` that keeps PostgreSQL's check (too long fails) instead
  of the explicit cast's silent truncation.
- *Lossy* changes (fewer decimals, a float to an integer, a timestamp to a
  date, `json` to `jsonb`) keep running but cannot be undone: the rollback
  gets back the type, not the digits.
"""

import re
from dataclasses import dataclass

from primedb.sqllex import TokenKind, lex, significant

__all__ = ["TypeChange", "canonical_type", "classify", "parse_type"]

_STRINGS = frozenset({"text", "character varying", "character", "bpchar", "varchar", "char"})
_INTEGERS = {"smallint": 2, "integer": 4, "bigint": 8}
_FLOATS = {"real": 4, "double precision": 8}
_NUMBERS = frozenset({*_INTEGERS, *_FLOATS, "numeric"})
_TIMES = frozenset({"timestamp with time zone", "timestamp without time zone", "date"})
_PRECISION = frozenset(
    {
        "timestamp with time zone",
        "timestamp without time zone",
        "time with time zone",
        "time without time zone",
        "interval",
    }
)
_TYPMOD = re.compile(r"\((?P<mods>[^)]*)\)")
# Types as they may be written, in the spelling format_type prints them with.
_SPELLED = {
    "VARCHAR": "character varying",
    "CHARACTER VARYING": "character varying",
    "CHAR VARYING": "character varying",
    "CHAR": "character",
    "CHARACTER": "character",
    "BPCHAR": "character",
    "DECIMAL": "numeric",
    "INT": "integer",
    "INT4": "integer",
    "INT2": "smallint",
    "INT8": "bigint",
    "FLOAT4": "real",
    "FLOAT8": "double precision",
    "FLOAT": "double precision",
    "BOOL": "boolean",
    "VARBIT": "bit varying",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMPTZ": "timestamp with time zone",
    "TIME": "time without time zone",
    "TIMETZ": "time with time zone",
}


def canonical_type(written: str) -> str:
    """`varchar(20)` -> `character varying(20)`, `TIMESTAMPTZ(3)` -> `timestamp with time
    zone(3)`: a type as written, in the words `format_type` uses (modifiers last)."""
    words: list[str] = []  # upper-case, to look the spelling up
    parts: list[str] = []  # as PostgreSQL stores the names
    mods: list[str] = []
    arrays = 0
    depth = 0
    for token in significant(lex(written)):
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "[" and not depth:
            arrays += 1
        elif depth and token.kind is TokenKind.NUMBER:
            mods.append(token.text)
        elif not depth and token.text == ".":
            words.append(".")
            parts.append(".")
        elif not depth and token.kind in (TokenKind.WORD, TokenKind.QUOTED):
            words.append(token.upper or token.name)
            parts.append(token.name)
    spelled = " ".join(words)
    base = _SPELLED.get(spelled) or " ".join(parts).replace(" . ", ".")
    typmod = f"({','.join(mods)})" if mods else ""
    return f"{base}{typmod}{'[]' * arrays}"


@dataclass(frozen=True, slots=True)
class ParsedType:
    base: str  # `character varying`, `timestamp with time zone`, `public.mood`
    mods: tuple[int, ...]  # (10,) for varchar(10), (12, 2) for numeric(12,2)
    array: bool


def parse_type(text: str) -> ParsedType:
    array = text.endswith("[]")
    core = text.removesuffix("[]") if array else text
    while core.endswith("[]"):
        core = core.removesuffix("[]")
    mods: tuple[int, ...] = ()
    if match := _TYPMOD.search(core):
        try:
            mods = tuple(int(m) for m in match["mods"].split(","))
        except ValueError:
            mods = ()
        core = (core[: match.start()] + core[match.end() :]).strip()
        core = " ".join(core.split())
    return ParsedType(base=core, mods=mods, array=array)


@dataclass(frozen=True, slots=True)
class TypeChange:
    rewrite: bool
    using: bool  # needs USING col::new_type
    may_fail: bool
    lossy: bool
    reason: str


def _binary(old: ParsedType, new: ParsedType) -> bool:
    if old.array or new.array:
        return old == new
    if old.base in ("character varying", "text") and new.base == "text":
        return True
    if old.base == "text" and new.base == "character varying" and not new.mods:
        return True
    if old.base == new.base == "character varying":
        return not new.mods or (bool(old.mods) and new.mods[0] >= old.mods[0])
    if old.base == new.base == "numeric":
        if not new.mods:
            return True
        if not old.mods:
            return False
        old_scale = old.mods[1] if len(old.mods) > 1 else 0
        new_scale = new.mods[1] if len(new.mods) > 1 else 0
        return new_scale == old_scale and new.mods[0] >= old.mods[0]
    if old.base == new.base and old.base in ("bit varying", *_PRECISION):
        return not new.mods or (bool(old.mods) and new.mods[0] >= old.mods[0])
    return old.base == "cidr" and new.base == "inet"


def _assignment(old: ParsedType, new: ParsedType) -> bool:
    """PostgreSQL converts without a USING clause (an implicit or assignment cast)."""
    if old.array != new.array:
        return False
    if new.base in _STRINGS:
        return True  # to a string type: an automatic I/O cast
    if old.base in _NUMBERS and new.base in _NUMBERS:
        return True
    return old.base in _TIMES and new.base in _TIMES


def _lossy(old: ParsedType, new: ParsedType) -> bool:
    if old.base == new.base == "numeric":
        old_scale = old.mods[1] if len(old.mods) > 1 else (None if not old.mods else 0)
        new_scale = new.mods[1] if len(new.mods) > 1 else (None if not new.mods else 0)
        return new_scale is not None and (old_scale is None or new_scale < old_scale)
    if old.base in ("numeric", *_FLOATS) and new.base in _INTEGERS:
        return True
    if old.base == "numeric" and new.base in _FLOATS:
        return True
    if old.base in _FLOATS and new.base in _FLOATS:
        return _FLOATS[new.base] < _FLOATS[old.base]
    if old.base in _INTEGERS and new.base == "real":
        return True
    if old.base == "bigint" and new.base == "double precision":
        return True
    if old.base.startswith("timestamp") and new.base == "date":
        return True
    return old.base == "json" and new.base == "jsonb"


def _may_fail(old: ParsedType, new: ParsedType) -> bool:
    if new.base in _STRINGS:
        # Only a length limit can refuse a value.
        return bool(new.mods) and new.base != "text"
    if old.base in _INTEGERS and new.base in _INTEGERS:
        return _INTEGERS[new.base] < _INTEGERS[old.base]
    if old.base in _INTEGERS and new.base in ("numeric", *_FLOATS):
        return new.base == "numeric" and bool(new.mods)
    if old.base in _NUMBERS and new.base in _NUMBERS:
        return True  # overflow of a smaller type or precision
    if old.base in _TIMES and new.base in _TIMES:
        return False
    return not (old.base == "jsonb" and new.base == "json")


def classify(old_type: str, new_type: str) -> TypeChange:
    """What `ALTER COLUMN ... TYPE new_type` does to a column of `old_type`."""
    old, new = parse_type(old_type), parse_type(new_type)
    if old_type == new_type:
        return TypeChange(rewrite=False, using=False, may_fail=False, lossy=False, reason="")
    if _binary(old, new):
        return TypeChange(
            rewrite=False,
            using=False,
            may_fail=False,
            lossy=False,
            reason=f"{old_type} to {new_type} is binary-coercible",
        )
    lossy = _lossy(old, new)
    return TypeChange(
        rewrite=True,
        using=not _assignment(old, new),
        may_fail=_may_fail(old, new),
        lossy=lossy,
        reason=f"{old_type} to {new_type} is not binary-coercible"
        + (": values are rounded or cut" if lossy else ""),
    )
