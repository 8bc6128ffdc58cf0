"""A revision that grants to roles the server lacks stops at its first statement (README).

Roles are cluster objects, and the test session's server has PrimeCloudProV2's
(the suite runs the roles file first), so this runs on a server of its own
that has none of them: the database is brought to the revision before the
least-privilege one, then `primedb migrate` must stop at the role check,
roll back, name the missing roles and say how to go on, as the README shows.
"""

import subprocess
import sys

import psycopg
from psycopg.conninfo import conninfo_to_dict
from readme.examples import check_example, example

from primedb.migrations.history import History
from primedb.pg import create_database, throwaway_cluster, with_dbname

from ._helpers import ROOT, clean_env

ROLES_REVISION = "5109603f1f89"


def _primedb(*args: str, cwd: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "primedb", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        env=clean_env({"PRIMEDB_DSN": url}),
        check=False,
    )


def test_a_migration_that_needs_missing_roles_stops_before_changing_anything() -> None:
    before = History(ROOT / "migrations").get(ROLES_REVISION).down_revision
    assert isinstance(before, str)
    with throwaway_cluster() as cluster:
        create_database(cluster.dsn(), "primecloud")
        dsn = with_dbname(cluster.dsn(), "primecloud")
        parts = conninfo_to_dict(dsn)
        url = f"postgresql://{parts['user']}@{parts['host']}:{parts['port']}/{parts['dbname']}"
        cwd = str(ROOT)
        brought = _primedb("migrate", "--to", before, cwd=cwd, url=url)
        assert brought.returncode == 0, brought.stderr

        shown = example("migrate-missing-roles")
        command = shown.text.splitlines()[0]
        assert command == "$ primedb migrate"
        stopped = _primedb("migrate", cwd=cwd, url=url)
        assert stopped.returncode != 0
        check_example("migrate-missing-roles", "\n".join([command, *stopped.stderr.splitlines()]))
        with psycopg.connect(dsn) as conn:
            at = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            roles = conn.execute(
                "SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname LIKE 'primecloud%'"
            ).fetchone()
        assert at == [(before,)]
        assert roles == (0,)
