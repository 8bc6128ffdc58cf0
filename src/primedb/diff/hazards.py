"""The hazards a statement can carry, each with the plain words a DBA reads.

A plan refuses to be written while it holds a hazard the user did not allow
(`--allow-hazard KIND`, KIND being the enum value). The same kinds and words
serve the diff, the generated revisions and `primedb lint`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from primedb.errors import UsageError

__all__ = ["Hazard", "HazardKind", "parse_hazard_kinds"]


class HazardKind(Enum):
    """What can go wrong when a statement runs on a live database."""

    DELETES_DATA = "deletes_data"
    TABLE_REWRITE = "table_rewrite"
    ACCESS_EXCLUSIVE_LOCK = "access_exclusive_lock"
    INDEX_BUILD = "index_build"
    VALIDATION_SCAN = "validation_scan"
    QUERY_SCAN = "query_scan"
    IRREVERSIBLE = "irreversible"
    BEHAVIOUR_CHANGE = "behaviour_change"
    PRIVILEGE_CHANGE = "privilege_change"
    INDEX_DROPPED = "index_dropped"
    NOT_TRANSACTIONAL = "not_transactional"
    MAY_FAIL_ON_DATA = "may_fail_on_data"
    BLOCKS_WRITES = "blocks_writes"
    MISSING_LOCK_TIMEOUT = "missing_lock_timeout"
    BREAKS_RUNNING_CODE = "breaks_running_code"
    UNBOUNDED_DML = "unbounded_dml"

    @property
    def words(self) -> str:
        return _WORDS[self]

    @property
    def row_dependent(self) -> bool:
        """Matters only when the table holds rows: on an empty table a rewrite, a scan or
        a lock is over at once, a drop deletes nothing, nothing is lost for good."""
        return self in _ROW_DEPENDENT


_WORDS: dict[HazardKind, str] = {
    HazardKind.DELETES_DATA: "deletes data",
    HazardKind.TABLE_REWRITE: "rewrites the whole table (and its indexes) under an exclusive lock",
    HazardKind.ACCESS_EXCLUSIVE_LOCK: (
        "takes an ACCESS EXCLUSIVE lock on a table with rows: reads and writes wait"
    ),
    HazardKind.INDEX_BUILD: "builds an index: reads the whole table, takes time and I/O",
    HazardKind.VALIDATION_SCAN: "scans the whole table to validate a constraint",
    HazardKind.QUERY_SCAN: (
        "runs a materialized view's query to fill it: reads the tables it selects from"
    ),
    HazardKind.IRREVERSIBLE: "cannot be undone by the rollback",
    HazardKind.BEHAVIOUR_CHANGE: "changes what a function, trigger or view does for its callers",
    HazardKind.PRIVILEGE_CHANGE: "changes who may read, write, run or own an object",
    HazardKind.INDEX_DROPPED: "drops an index: queries that used it may become slow",
    HazardKind.NOT_TRANSACTIONAL: (
        "runs outside a transaction: a failure half-way leaves work to clean up by hand"
    ),
    HazardKind.MAY_FAIL_ON_DATA: "fails if existing rows break the new rule",
    HazardKind.BLOCKS_WRITES: (
        "blocks writes to a table with rows (inserts, updates and deletes wait) while it runs"
    ),
    HazardKind.MISSING_LOCK_TIMEOUT: (
        "takes a lock with no lock_timeout set: while it waits, every query behind it waits too"
    ),
    HazardKind.BREAKS_RUNNING_CODE: (
        "renames an object: code still using the old name fails until it is deployed"
    ),
    HazardKind.UNBOUNDED_DML: (
        "changes every row of the table in one statement (no WHERE): long row locks, WAL, bloat"
    ),
}


def parse_hazard_kinds(names: Iterable[str], option: str) -> tuple[HazardKind, ...]:
    """`("deletes_data", ...)` -> hazard kinds; an unknown name is a usage error."""
    kinds = []
    for name in names:
        try:
            kinds.append(HazardKind(name))
        except ValueError:
            known = ", ".join(k.value for k in HazardKind)
            raise UsageError(
                f"unknown hazard kind {name!r}; {option} takes one of: {known}"
            ) from None
    return tuple(kinds)


_ROW_DEPENDENT = frozenset(
    {
        HazardKind.TABLE_REWRITE,
        HazardKind.ACCESS_EXCLUSIVE_LOCK,
        HazardKind.INDEX_BUILD,
        HazardKind.VALIDATION_SCAN,
        HazardKind.QUERY_SCAN,
        HazardKind.BLOCKS_WRITES,
        HazardKind.MAY_FAIL_ON_DATA,
        HazardKind.UNBOUNDED_DML,
        HazardKind.DELETES_DATA,
        HazardKind.INDEX_DROPPED,
        HazardKind.IRREVERSIBLE,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Hazard:
    """One hazard of one statement: its kind and what it concerns (`accounts.legacy_id`)."""

    kind: HazardKind
    subject: str
    detail: str = ""

    def message(self, statement: str | None = None) -> str:
        """`deletes data in DROP COLUMN accounts.legacy_id; rerun with --allow-hazard ...`."""
        where = f" in {statement}" if statement else f" ({self.subject})"
        extra = f": {self.detail}" if self.detail else ""
        return f"{self.kind.words}{where}{extra}"
