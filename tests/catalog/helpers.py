"""Helpers of the catalog tests: run SQL, run a script through psql, compare catalogs."""

import subprocess
from typing import Any

import psycopg

from primedb.catalog import Catalog


def run_sql(dsn: str, script: str) -> None:
    """Run a multi-statement script in one transaction."""
    with psycopg.connect(dsn) as conn:
        conn.execute(script)


def psql(dsn: str, script: str) -> subprocess.CompletedProcess[str]:
    """`psql -v ON_ERROR_STOP=1 -f -` with the script on stdin, as a user would run a dump."""
    return subprocess.run(
        ["psql", dsn, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def differences(a: Catalog, b: Catalog) -> list[str]:
    """The keys whose objects differ, for readable assertion messages."""
    left, right = a.by_key(), b.by_key()
    out = [
        f"{'/'.join(k)}: {left.get(k)!r} != {right.get(k)!r}"
        for k in sorted(set(left) | set(right))
        if left.get(k) != right.get(k)
    ]
    if a.managed_partitions_included != b.managed_partitions_included:
        out.append("managed_partitions_included differs")
    return out


def scalar(dsn: str, query: str) -> Any:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query).fetchone()
    return None if row is None else row[0]
