"""The schema section: what the migrations created, where the database stands, what was seeded.

From the demo's document: the revisions applied (oldest first) and the head
the database is at, the objects per kind, per table its columns,
constraints, indexes, triggers and partitions beside the rows the seed wrote.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from primedb.report.inputs import Results

__all__ = ["SchemaView", "schema_section"]


@dataclass(frozen=True, slots=True)
class SchemaView:
    status: str  # where the migrations stand, in words
    revisions: tuple[str, ...]
    objects: Mapping[str, int]
    tables: tuple[Mapping[str, Any], ...]
    seed: str | None


def schema_section(results: Results) -> SchemaView | None:
    demo = results.demo
    schema = (demo or {}).get("schema")
    if not schema:
        return None
    revisions = tuple(schema.get("revisions") or ())
    head = schema.get("head")
    status = (
        f"at head ({head}), {len(revisions)} revision{'s' if len(revisions) != 1 else ''} applied"
        if head
        else "not migrated"
    )
    tables = pd.DataFrame(schema.get("tables") or [])
    seed = (demo or {}).get("seed")
    if seed and not tables.empty:
        rows = pd.DataFrame(seed.get("tables") or [], columns=["table", "rows"])
        tables = tables.merge(rows[["table", "rows"]], on="table", how="left")
        tables["rows"] = tables["rows"].fillna(0).astype(int)
    seeded = None
    if seed:
        seeded = (
            f"{seed['rows']:,} rows in {seed['seconds']:.1f} s "
            f"({seed['rows_per_second']:,} rows/s), scale {seed['scale']:g}, seed {seed['seed']}, "
            f"as of {str(seed['as_of'])[:7]}"
        )
    return SchemaView(
        status=status,
        revisions=revisions,
        objects=dict(schema.get("objects") or {}),
        tables=tuple(tables.to_dict("records")),
        seed=seeded,
    )
