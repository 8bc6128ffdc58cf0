"""The index and schema health audit: declarative checks run on a database, findings with fixes.

Each check is one SQL file of `analyzers/checks/` (see `checks.py` for its
header); this package loads them, runs them and turns their rows into
findings with evidence, the fix as SQL and the size it frees. `primedb audit`
is its command.

The stable API, for other analyzers (the index advisor reuses the redundancy
rules so it never proposes what the audit flags):

    from primedb.analyzers.audit import run_checks

    with conn.transaction():
        conn.execute("CREATE INDEX ...")  # say, a candidate index, not committed
        result = run_checks(
            conn,                               # an open psycopg connection
            names=("duplicated_indexes", "intersected_indexes"),
            schemas=("public",),                # None: every schema but PostgreSQL's own
        )
        for finding in result.findings:         # Finding: check, severity, table, objects,
            ...                                 #   message, evidence, fix, freed_bytes

`run_checks` reads inside a savepoint of the caller's transaction (or its own
transaction) and rolls it back, so it sees what the transaction sees, indexes
built in it included, and leaves it as it was. `checks=` runs another catalog
(`load_checks(folder)`), `settings=` changes the thresholds (`AuditSettings`),
`suppressions=` applies excuses, `live=False` runs the catalog checks only
(for a database without statistics). Each finding's `objects` starts with
the object at fault: for the redundancy checks, the redundant index, then
the index that makes it redundant.
"""

from primedb.analyzers.audit.checks import (
    Check,
    Needs,
    Severity,
    default_checks,
    default_checks_dir,
    load_checks,
)
from primedb.analyzers.audit.database import audit_database
from primedb.analyzers.audit.result import (
    AuditResult,
    Finding,
    Skipped,
    StatisticsState,
    Suppressed,
)
from primedb.analyzers.audit.runner import run_checks
from primedb.analyzers.audit.settings import AuditSettings, Excuse, Suppressions, read_settings

__all__ = [
    "AuditResult",
    "AuditSettings",
    "Check",
    "Excuse",
    "Finding",
    "Needs",
    "Severity",
    "Skipped",
    "StatisticsState",
    "Suppressed",
    "Suppressions",
    "audit_database",
    "default_checks",
    "default_checks_dir",
    "load_checks",
    "read_settings",
    "run_checks",
]
