"""What differs between two catalogs, object by object, in words a reviewer can act on.

The diff answers "what to run"; this answers "what is not the same", for
the messages of drift, of a revision whose proof failed and of `primedb
check`: `column public.accounts.note: only in the database`, `function
public.set_updated_at(): body differs`. A table's columns are compared one
by one, so a changed column is named rather than its whole table.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.model import Catalog, CatalogObject
from primedb.catalog.quote import qualified
from primedb.catalog.tables import Column, Table

__all__ = ["Difference", "Presence", "catalog_differences", "describe"]

_SHOWN_VALUE = 40  # characters of a differing value quoted in a message
_SHOWN = 8  # differences named in a one-line message


class Presence(Enum):
    ONLY_ACTUAL = "only_actual"
    ONLY_EXPECTED = "only_expected"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    key: Key
    label: str
    presence: Presence
    # For CHANGED: (field, actual value, expected value), values shortened.
    fields: tuple[tuple[str, str, str], ...] = ()

    def words(self, actual: str, expected: str) -> str:
        """`column public.accounts.note: only in the database`."""
        if self.presence is Presence.ONLY_ACTUAL:
            return f"{self.label}: only in {actual}"
        if self.presence is Presence.ONLY_EXPECTED:
            return f"{self.label}: missing from {actual}"
        parts = []
        for name, found, wanted in self.fields:
            if found and wanted:
                parts.append(f"{name} {found} in {actual}, {wanted} in {expected}")
            elif found or wanted:  # one side is too long to quote
                side = f"{found} in {actual}" if found else f"{wanted} in {expected}"
                parts.append(f"{name} differs ({side})")
            else:
                parts.append(f"{name} differs")
        return f"{self.label}: " + "; ".join(parts)


def catalog_differences(actual: Catalog, expected: Catalog) -> tuple[Difference, ...]:
    """Every object that is only on one side or differs, in key order."""
    mine, theirs = actual.by_key(), expected.by_key()
    found: list[Difference] = []
    for key in sorted(set(mine) | set(theirs)):
        a, b = mine.get(key), theirs.get(key)
        if a is None and b is not None:
            found.append(Difference(key=key, label=b.label, presence=Presence.ONLY_EXPECTED))
        elif b is None and a is not None:
            found.append(Difference(key=key, label=a.label, presence=Presence.ONLY_ACTUAL))
        elif a is not None and b is not None and a != b:
            found.extend(_changed(a, b))
    return tuple(found)


def _changed(a: CatalogObject, b: CatalogObject) -> list[Difference]:
    found: list[Difference] = []
    skip: set[str] = set()
    if isinstance(a, Table) and isinstance(b, Table):
        found.extend(_columns(a, b))
        skip.add("columns")
    fields = _fields(a, b, skip)
    if fields:
        found.insert(
            0, Difference(key=a.key, label=a.label, presence=Presence.CHANGED, fields=fields)
        )
    return found


def _columns(a: Table, b: Table) -> list[Difference]:
    mine = {c.name: c for c in a.columns}
    theirs = {c.name: c for c in b.columns}
    found: list[Difference] = []
    for name in sorted(set(mine) | set(theirs)):
        key = (ObjectKind.COLUMN, a.schema, a.name, name)
        label = f"column {qualified(a.schema, a.name)}.{name}"
        x, y = mine.get(name), theirs.get(name)
        if x is None:
            found.append(Difference(key=key, label=label, presence=Presence.ONLY_EXPECTED))
        elif y is None:
            found.append(Difference(key=key, label=label, presence=Presence.ONLY_ACTUAL))
        elif x != y:
            fields = _fields(x, y, set())
            found.append(Difference(key=key, label=label, presence=Presence.CHANGED, fields=fields))
    return found


def _fields(
    a: CatalogObject | Column, b: CatalogObject | Column, skip: set[str]
) -> tuple[tuple[str, str, str], ...]:
    out = []
    for f in dataclasses.fields(a):
        if not f.compare or f.name in skip:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name, None)
        if x != y:
            out.append((f.name.replace("_", " "), _shown(x), _shown(y)))
    return tuple(out)


def _shown(value: Any) -> str:
    """A short rendering of a value, or "" when it is too long to quote usefully."""
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        text = "none"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN_VALUE else ""


def describe(
    differences: Sequence[Difference], *, actual: str, expected: str, limit: int = _SHOWN
) -> str:
    """One line naming the first `limit` differences: `2 objects differ: ...; ...`."""
    if not differences:
        return "no object differs"
    shown = "; ".join(d.words(actual, expected) for d in differences[:limit])
    more = f"; and {len(differences) - limit} more" if len(differences) > limit else ""
    noun = "object differs" if len(differences) == 1 else "objects differ"
    return f"{len(differences)} {noun}: {shown}{more}"
