"""--sql: Alembic's offline mode, revision by revision, with timeouts and autocommit boundaries."""

import subprocess
from pathlib import Path

from primedb.migrations.offline import downgrade_sql, upgrade_sql
from primedb.migrations.runner import migrate
from primedb.migrations.settings import RunSettings
from primedb.migrations.versions import current_revision
from primedb.pg.binaries import find_binaries

from ._helpers import Recorder, run_cli


def _section(sql: str, header: str) -> str:
    start = sql.index(header)
    end = sql.find("\n-- upgrade ", start + 1)
    return sql[start : end if end >= 0 else None]


def test_each_revision_starts_with_its_timeouts_then_its_transaction(project: Path) -> None:
    sql = upgrade_sql(project, start=None)
    first = _section(sql, "-- upgrade 0001")
    assert first.index("SET lock_timeout = '3s';") < first.index("BEGIN;")
    assert first.index("SET statement_timeout = '10min';") < first.index("BEGIN;")
    own = _section(sql, "-- upgrade 0003")
    assert "SET lock_timeout = '1500ms';" in own and "SET statement_timeout = '2min';" in own


def test_autocommit_blocks_show_as_commit_and_begin(project: Path) -> None:
    second = _section(upgrade_sql(project, start=None), "-- upgrade 0002")
    index = second.index("CREATE INDEX CONCURRENTLY accounts_note_idx")
    before, after = second[:index], second[index:]
    assert before.rstrip().endswith("COMMIT;")
    assert after.index("BEGIN;") < after.index("UPDATE alembic_version")


def test_operator_timeouts_show_in_the_sql(project: Path) -> None:
    sql = upgrade_sql(project, start=None, settings=RunSettings(lock_timeout_ms=5_000))
    assert sql.count("SET lock_timeout = '5s';") == 3


def test_the_sql_runs_in_psql_to_the_same_end(dsn: str, project: Path) -> None:
    psql = find_binaries().path("psql")
    done = subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", "-"],
        input=upgrade_sql(project, start=None),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert current_revision(dsn) == "0003"
    down = subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", "-"],
        input=downgrade_sql(project, start="0003", to="0001"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert down.returncode == 0, down.stderr
    assert current_revision(dsn) == "0001"


def test_cli_sql_starts_at_the_database_revision(dsn: str, project: Path) -> None:
    migrate(dsn, project, to="0001", reporter=Recorder())
    up = run_cli("migrate", "--sql", "--dsn", dsn, "--migrations-dir", str(project))
    assert up.returncode == 0, up.stderr
    assert "-- upgrade 0001" not in up.stdout
    assert "-- upgrade 0002" in up.stdout and "-- upgrade 0003" in up.stdout
    assert current_revision(dsn) == "0001"  # printed, not run
    down = run_cli("rollback", "--sql", "--dsn", dsn, "--migrations-dir", str(project))
    assert down.returncode == 0, down.stderr
    assert "-- downgrade 0001 (create accounts)" in down.stdout
    assert "DROP TABLE accounts;" in down.stdout


def test_cli_sql_without_a_database_starts_at_base(project: Path) -> None:
    up = run_cli("migrate", "--sql", "--migrations-dir", str(project), "--lock-timeout", "2s")
    assert up.returncode == 0, up.stderr
    assert up.stdout.startswith("-- upgrade 0001")
    assert up.stdout.count("SET lock_timeout = '2s';") == 3
    assert "starts at base" in up.stderr
