"""Rename hints: what the diff cannot see by itself, said by the user.

A desired schema cannot tell a renamed column from a dropped one and a new
one; without a hint, the diff drops and adds (and flags `deletes_data`). A
hint turns that into `ALTER ... RENAME`, whose rollback is the reverse
rename. Hints come from the command line or from the schema files:

    --rename table:public.old_name=new_name
    --rename column:public.table.old_name=new_name      (the table's new name)
    --rename index:public.old_name=new_name
    --rename constraint:public.table.old_name=new_name  (the table's new name)
    --rename view:public.old_name=new_name              (also materialized views)
    --rename sequence:public.old_name=new_name
    --rename enum:public.old_name=new_name

    -- primedb: renamed from old_name
    CREATE TABLE new_name (...)        (in a schema file; see `markers.py`)

When a table is renamed, its constraints, indexes and owned sequences whose
names start with the old table name follow it if the desired schema has them
under the new one (`old_pkey` becomes `new_pkey`).

A hint whose old name is gone and whose new name already exists on the
current side has been applied already and is ignored, so a marker can stay in
the schema file after the migration that used it. Any other hint that does
not fit the two sides is an error.
"""

from dataclasses import dataclass
from enum import Enum

from primedb.catalog import Catalog
from primedb.errors import UsageError

__all__ = ["Rename", "RenameKind", "parse_rename"]


class RenameKind(Enum):
    TABLE = "table"
    COLUMN = "column"
    INDEX = "index"
    CONSTRAINT = "constraint"
    VIEW = "view"
    SEQUENCE = "sequence"
    ENUM = "enum"

    @property
    def on_table(self) -> bool:
        """Named within a table (`schema.table.old`), not within a schema."""
        return self in (RenameKind.COLUMN, RenameKind.CONSTRAINT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rename:
    """`old` is now called `new` (in `schema`, or in `schema.table` for columns/constraints)."""

    kind: RenameKind
    schema: str
    old: str
    new: str
    table: str | None = None  # columns and constraints: the table, by its new name
    origin: str = "option"  # where the hint comes from (`--rename`, or file:line)

    def __str__(self) -> str:
        where = f"{self.schema}.{self.table}" if self.table else self.schema
        return f"{self.kind.value}:{where}.{self.old}={self.new}"


def _split_dotted(text: str) -> list[str]:
    """`public."Order Items".old` -> ['public', 'Order Items', 'old']."""
    parts: list[str] = []
    current = ""
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if quoted and i + 1 < len(text) and text[i + 1] == '"':
                current += '"'
                i += 2
                continue
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch if quoted else ch.lower()
        i += 1
    parts.append(current)
    return parts


def _unquote(name: str) -> str:
    parts = _split_dotted(name.strip())
    return parts[0] if len(parts) == 1 else name


_FORMS = {
    False: "kind:schema.old=new (kind: table, index, view, sequence, enum)",
    True: "kind:schema.table.old=new (kind: column, constraint)",
}


def parse_rename(text: str, origin: str = "--rename") -> Rename:
    """`column:public.accounts.legacy_id=external_id` into a `Rename`."""
    kind_text, sep, rest = text.partition(":")
    try:
        kind = RenameKind(kind_text.strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in RenameKind)
        raise UsageError(
            f"invalid rename hint {text!r}: the kind must be one of {kinds}; "
            f"write it as {_FORMS[False]}"
        ) from None
    old_path, eq, new = rest.partition("=")
    parts = _split_dotted(old_path.strip())
    want = 3 if kind.on_table else 2
    if len(parts) == want - 1:
        parts = ["public", *parts]
    if not sep or not eq or not new.strip() or len(parts) != want or not all(parts):
        raise UsageError(f"invalid rename hint {text!r}; write it as {_FORMS[kind.on_table]}")
    return Rename(
        kind=kind,
        schema=parts[0],
        table=parts[1] if kind.on_table else None,
        old=parts[-1],
        new=_unquote(new),
        origin=origin,
    )


def _exists(catalog: Catalog, hint: Rename, name: str) -> bool:
    schema, table = hint.schema, hint.table
    match hint.kind:
        case RenameKind.TABLE:
            return any((t.schema, t.name) == (schema, name) for t in catalog.tables)
        case RenameKind.COLUMN:
            return any(
                (t.schema, t.name) == (schema, table) and any(c.name == name for c in t.columns)
                for t in catalog.tables
            )
        case RenameKind.INDEX:
            return any((i.schema, i.name) == (schema, name) for i in catalog.indexes)
        case RenameKind.CONSTRAINT:
            return any(
                (c.schema, c.table, c.name) == (schema, table, name) for c in catalog.constraints
            )
        case RenameKind.VIEW:
            return any((v.schema, v.name) == (schema, name) for v in catalog.views)
        case RenameKind.SEQUENCE:
            return any((s.schema, s.name) == (schema, name) for s in catalog.sequences)
        case RenameKind.ENUM:
            return any((e.schema, e.name) == (schema, name) for e in catalog.enums)


def applicable(hint: Rename, current: Catalog, desired: Catalog) -> bool:
    """Whether `hint` applies; False when it was applied already; an error when it cannot."""
    # A column's or constraint's table has its new name on the current side by
    # now: the caller applies table renames first.
    old_now = _exists(current, hint, hint.old)
    new_now = _exists(current, hint, hint.new)
    new_wanted = _exists(desired, hint, hint.new)
    old_wanted = _exists(desired, hint, hint.old)
    if not old_now and new_now:
        return False  # done already
    if not old_now:
        raise UsageError(
            f"rename hint {hint} ({hint.origin}): there is no {hint.old} on the current side; "
            "fix the hint or remove it"
        )
    if not new_wanted or old_wanted:
        raise UsageError(
            f"rename hint {hint} ({hint.origin}): the desired side should have {hint.new} "
            f"and not {hint.old}; fix the hint or remove it"
        )
    if new_now:
        raise UsageError(
            f"rename hint {hint} ({hint.origin}): {hint.new} exists on the current side "
            "already; drop it first or remove the hint"
        )
    return True
