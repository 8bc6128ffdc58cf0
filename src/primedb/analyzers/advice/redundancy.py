"""The audit's redundancy rules on the advice: nothing advised that `primedb audit` would flag.

The advised indexes are built in the verification transaction; the audit's
own checks `duplicated_indexes` and `intersected_indexes` (run by
`primedb.analyzers.audit.run_checks`, in a savepoint of that transaction) then
judge them beside the existing indexes and each other. An advised index that
a finding names as the redundant one is not advice; one that makes an existing
index redundant is kept, and the report says which index it replaces.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.analyzers.advice.spec import IndexSpec
from primedb.analyzers.audit import run_checks

__all__ = ["REDUNDANCY_CHECKS", "Redundancy", "redundancy_of"]

REDUNDANCY_CHECKS = ("duplicated_indexes", "intersected_indexes")


@dataclass(frozen=True, slots=True)
class Redundancy:
    """What the audit says of one advised index."""

    flagged: str | None = None  # the audit's message, when the index is the redundant one
    replaces: tuple[str, ...] = ()  # existing indexes it makes redundant


def _bare(qualified: str) -> tuple[str, str]:
    schema, _, name = qualified.rpartition(".")
    return schema.strip('"'), name.strip('"')


def redundancy_of(
    conn: psycopg.Connection[Any], indexes: Sequence[tuple[str, IndexSpec]]
) -> dict[str, Redundancy]:
    """The audit's redundancy findings about `indexes` (name, spec), built in `conn`'s
    open transaction, by index name."""
    schemas = tuple(sorted({spec.schema for _, spec in indexes}))
    result = run_checks(conn, names=REDUNDANCY_CHECKS, schemas=schemas or None)
    advised = {(spec.schema, name) for name, spec in indexes}
    flagged: dict[str, str] = {}
    replaces: dict[str, list[str]] = {}
    for finding in result.findings:
        if len(finding.objects) < 2:
            continue
        redundant, covering = _bare(finding.objects[0]), _bare(finding.objects[1])
        if redundant in advised:
            flagged.setdefault(redundant[1], f"{finding.check}: {finding.message}")
        elif covering in advised:
            replaces.setdefault(covering[1], []).append(redundant[1])
    return {
        name: Redundancy(flagged.get(name), tuple(replaces.get(name, ()))) for name, _ in indexes
    }
