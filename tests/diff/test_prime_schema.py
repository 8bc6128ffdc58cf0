"""The PrimeCloudProV2 schema (`schema/`) planned from an empty database, and back.

The upgrade is run the way a user runs `primedb schema diff --format sql`:
through `psql -v ON_ERROR_STOP=1 -f -`, and the rollback too.
"""

import subprocess

from primedb.catalog import read_catalog
from primedb.diff import diff, plan_sql

from .harness import differences, execute


def psql(dsn: str, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["psql", dsn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=script,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_empty_to_prime_schema_through_psql_and_back(dsn: str, schema_dsn: str) -> None:
    empty, prime = read_catalog(dsn), read_catalog(schema_dsn)
    plan = diff(empty, prime)
    # Everything is new: no hazard, all in transactions, tables before what uses them.
    assert plan.hazards("up") == ()
    assert all(s.transactional for s in plan.up())
    up = psql(dsn, plan_sql(plan))
    assert up.returncode == 0, up.stderr
    built = read_catalog(dsn)
    assert differences(built, prime) == []
    assert diff(built, prime).empty
    # The months the schema creates at apply time are made by the plan too.
    assert {t.name for t in built.tables if t.monthly_partitions} == {"audit_logs", "usage_records"}
    down = psql(dsn, plan_sql(plan, "down"))
    assert down.returncode == 0, down.stderr
    assert differences(read_catalog(dsn), empty) == []


def test_prime_schema_to_empty_and_back(dsn: str, schema_dsn: str) -> None:
    empty, prime = read_catalog(dsn), read_catalog(schema_dsn)
    plan = diff(prime, empty)
    dropped = [s for s in plan.up() if s.sql.startswith("DROP TABLE")]
    assert dropped and all(any(h.kind.value == "deletes_data" for h in s.hazards) for s in dropped)
    execute(schema_dsn, plan.up(), plan.timeouts)
    assert differences(read_catalog(schema_dsn), empty) == []
    execute(schema_dsn, plan.down(), plan.timeouts)
    rebuilt = read_catalog(schema_dsn)
    assert differences(rebuilt, prime) == []
    assert diff(rebuilt, prime).empty
