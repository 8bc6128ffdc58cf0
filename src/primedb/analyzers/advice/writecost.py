"""What an index costs the writes: its entry size beside the row's, and HOT updates it breaks.

Every INSERT adds an entry to every index, so an index's write cost grows
with its entry size relative to the row (an 8-byte index tuple header, then
the key and INCLUDE values, from pg_stats' average widths). An UPDATE can be
HOT (no index touched, the new row version on the same page) only when no
indexed column changes: an index on a column that the statements of
`queries/mutations/` update makes those updates non-HOT, unless an existing
index already does. A table with an `updated_at` column and a BEFORE UPDATE
row trigger is taken to stamp `updated_at` on every update.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlglot import expressions as exp

from primedb.analyzers.advice.catalog import Catalog, TableFacts
from primedb.analyzers.advice.spec import IndexSpec
from primedb.analyzers.plans.statement import parse_statement
from primedb.sqlfiles import NamedQuery

__all__ = ["Update", "WriteCost", "updates_of", "write_cost"]

INDEX_TUPLE_HEADER = 8


@dataclass(frozen=True, slots=True)
class Update:
    """A statement of `queries/mutations/` that updates rows of a table."""

    name: str
    table: str
    columns: frozenset[str]  # the columns it changes


@dataclass(frozen=True, slots=True)
class WriteCost:
    entry_bytes: int
    row_bytes: int
    breaks_hot: tuple[str, ...]  # updates that are HOT-eligible today and would not be
    not_hot_already: tuple[str, ...]  # updates of indexed columns that existing indexes block

    @property
    def entry_to_row(self) -> float:
        return self.entry_bytes / self.row_bytes if self.row_bytes else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "entry_bytes": self.entry_bytes,
            "row_bytes": self.row_bytes,
            "entry_to_row": round(self.entry_to_row, 3),
            "breaks_hot_updates": list(self.breaks_hot),
            "updates_already_not_hot": list(self.not_hot_already),
        }

    def as_text(self) -> str:
        text = f"entry {self.entry_bytes} B per row of {self.row_bytes} B ({self.entry_to_row:.0%})"
        if self.breaks_hot:
            text += f"; makes {', '.join(self.breaks_hot)} non-HOT"
        return text


def updates_of(mutations: Iterable[NamedQuery]) -> tuple[Update, ...]:
    """The UPDATEs (and INSERT ... ON CONFLICT DO UPDATE) among the mutations."""
    found = []
    for query in mutations:
        statement = parse_statement(query.sql)
        if isinstance(statement, exp.Update) and isinstance(statement.this, exp.Table):
            columns = _set_columns(statement.expressions)
            found.append(Update(query.name, statement.this.name.lower(), columns))
        elif isinstance(statement, exp.Insert):
            conflict = statement.args.get("conflict")
            table = statement.this.find(exp.Table)
            if conflict is not None and conflict.expressions and table is not None:
                found.append(
                    Update(query.name, table.name.lower(), _set_columns(conflict.expressions))
                )
    return tuple(found)


def _set_columns(assignments: Iterable[exp.Expr]) -> frozenset[str]:
    return frozenset(
        a.this.name for a in assignments if isinstance(a, exp.EQ) and isinstance(a.this, exp.Column)
    )


def _changed(update: Update, table: TableFacts) -> frozenset[str]:
    stamped = table.before_update_trigger and table.column("updated_at") is not None
    return update.columns | ({"updated_at"} if stamped else set())


def write_cost(
    spec: IndexSpec, table: TableFacts, catalog: Catalog, updates: Iterable[Update]
) -> WriteCost:
    """The write cost of adding `spec` to `table`."""
    widths = {c.name: c.width for c in table.columns}
    held = spec.columns_read()
    values = sum(widths.get(name, 8) for name in held if name not in _predicate_only(spec))
    entry = INDEX_TUPLE_HEADER + _align(values)
    indexed = frozenset().union(*(i.spec.columns_read() for i in catalog.indexes_on(table)))
    breaks, already = [], []
    for update in updates:
        if update.table != table.name:
            continue
        changed = _changed(update, table)
        if changed & indexed:
            if changed & held:
                already.append(update.name)
        elif changed & held:
            breaks.append(update.name)
    return WriteCost(entry, table.row_width, tuple(breaks), tuple(already))


def _predicate_only(spec: IndexSpec) -> frozenset[str]:
    keys = IndexSpec(spec.schema, spec.table, spec.keys, spec.include).columns_read()
    return spec.columns_read() - keys


def _align(size: int) -> int:
    return (size + 7) // 8 * 8
