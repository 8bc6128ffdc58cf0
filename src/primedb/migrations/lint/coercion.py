"""Which column type changes PostgreSQL makes without rewriting the table.

`ALTER COLUMN ... TYPE` rewrites the table and its indexes under an ACCESS
EXCLUSIVE lock, unless the old type is binary-coercible to the new one and
no USING clause is given: then only the catalog changes. The known cases:
a longer or unbounded varchar (or text), a wider numeric with the same
scale, a longer varbit, a finer or unbounded time precision, cidr to inet.
"""

from dataclasses import dataclass

from primedb.migrations.lint.tokens import Kind, Word

__all__ = ["ColumnType", "binary_coercible", "column_type"]

_ALIASES = {
    "VARCHAR": "varchar",
    "CHARACTER VARYING": "varchar",
    "CHAR VARYING": "varchar",
    "TEXT": "text",
    "NUMERIC": "numeric",
    "DECIMAL": "numeric",
    "VARBIT": "varbit",
    "BIT VARYING": "varbit",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITHOUT TIME ZONE": "timestamp",
    "TIMESTAMPTZ": "timestamptz",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIME": "time",
    "TIME WITHOUT TIME ZONE": "time",
    "TIMETZ": "timetz",
    "TIME WITH TIME ZONE": "timetz",
    "INTERVAL": "interval",
    "CIDR": "cidr",
    "INET": "inet",
}
_PRECISION = frozenset({"timestamp", "timestamptz", "time", "timetz", "interval", "varbit"})


@dataclass(frozen=True, slots=True)
class ColumnType:
    name: str  # canonical name for the known types, else the words as written
    modifiers: tuple[int, ...]
    array: bool = False


def column_type(words: tuple[Word, ...] | list[Word]) -> ColumnType:
    """The type spelled by `words` (`character varying(20)`, `numeric(10, 2)`, `text[]`)."""
    names: list[str] = []
    modifiers: list[int] = []
    array = False
    depth = 0
    for word in words:
        if word.text == "(":
            depth += 1
        elif word.text == ")":
            depth -= 1
        elif word.text == "[":
            array = True
        elif depth and word.kind is Kind.NUMBER and word.text.isdigit():
            modifiers.append(int(word.text))
        elif not depth and word.is_name:
            names.append(word.upper or word.text)
    spelled = " ".join(names)
    return ColumnType(_ALIASES.get(spelled, spelled.lower()), tuple(modifiers), array)


def binary_coercible(old: ColumnType, new: ColumnType) -> bool:
    """True when changing `old` to `new` needs no rewrite."""
    if old.array != new.array:
        return False
    if old == new:
        return True
    if old.name == "varchar" and new.name in ("varchar", "text"):
        return new.name == "text" or _wider(old.modifiers, new.modifiers)
    if old.name == "text" and new.name == "varchar":
        return not new.modifiers
    if old.name == "numeric" and new.name == "numeric":
        if not new.modifiers:
            return True
        if not old.modifiers:
            return False
        old_p, old_s = old.modifiers[0], old.modifiers[1] if len(old.modifiers) > 1 else 0
        new_p, new_s = new.modifiers[0], new.modifiers[1] if len(new.modifiers) > 1 else 0
        return new_s == old_s and new_p >= old_p
    if old.name in _PRECISION and new.name == old.name:
        return _wider(old.modifiers, new.modifiers)
    return old.name == "cidr" and new.name == "inet"


def _wider(old: tuple[int, ...], new: tuple[int, ...]) -> bool:
    """An unbounded new type, or a bound at least as large as the old one."""
    if not new:
        return True
    return bool(old) and new[0] >= old[0]
