"""Drift: migrate refuses a database whose schema is not the one its next revision expects."""

import json
import secrets
from pathlib import Path

import psycopg
import pytest

from primedb.migrations.drift import DriftStatus, expected_at
from primedb.migrations.history import History
from primedb.migrations.runner import check_drift, upgrade
from primedb.migrations.versions import current_revision

from ._project import Project, primecloud_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return primecloud_project(tmp_path / "project")


def _execute(dsn: str, *statements: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


PARTITIONS = (
    "SELECT c.relname, count(*) FROM pg_catalog.pg_inherits AS i "
    "JOIN pg_catalog.pg_class AS c ON c.oid = i.inhparent GROUP BY c.relname"
)


def _partitions(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return dict(conn.execute(PARTITIONS).fetchall())


def _status(project: Project, dsn: str) -> tuple[int, dict[str, object]]:
    done = project.run("status", "--dsn", dsn, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_migrate_refuses_a_drifted_database_unless_told(project: Project, dsn: str) -> None:
    first = History(project.migrations_dir).revisions[0].revision
    _execute(dsn, "CREATE TABLE public.stray (id integer)")
    refused = project.run("migrate", "--dsn", dsn)
    assert refused.returncode == 6  # drift has its own exit code
    error = refused.stderr.strip().splitlines()[-1]
    assert error.startswith(f"error: the database has drifted from what revision {first} expects")
    assert "1 object differs: table public.stray: only in the database" in error
    assert error.endswith("or rerun with --ignore-drift")
    assert current_revision(dsn) is None  # nothing ran

    forced = project.run("migrate", "--dsn", dsn, "--ignore-drift")
    assert forced.returncode == 0, forced.stderr
    assert "schema drift: drifted" in forced.stderr
    assert current_revision(dsn) == History(project.migrations_dir).head


def test_status_shows_drift_by_object_and_months_never_count(project: Project, dsn: str) -> None:
    code, found = _status(project, dsn)
    assert (code, found["drift"]["status"]) == (1, "matches")  # type: ignore[index]
    upgrade(dsn, project.migrations_dir)
    code, found = _status(project, dsn)
    assert (code, found["drift"]["status"]) == (0, "matches")  # type: ignore[index]

    # Months made by the scheduler, or dropped by retention, are not drift.
    before = _partitions(dsn)
    _execute(
        dsn,
        "SELECT public.ensure_monthly_partitions('public.audit_logs', months_ahead => 30)",
        "SELECT public.drop_partitions_older_than('public.usage_records', keep_months => 1)",
    )
    after = _partitions(dsn)
    assert after["audit_logs"] > before["audit_logs"]
    assert after["usage_records"] < before["usage_records"]
    code, found = _status(project, dsn)
    assert (code, found["drift"]["status"]) == (0, "matches")  # type: ignore[index]

    _execute(
        dsn,
        "ALTER TABLE public.buckets ADD COLUMN shelf integer",
        "ALTER TABLE public.accounts ALTER COLUMN name DROP NOT NULL",
    )
    code, found = _status(project, dsn)
    drift = found["drift"]
    assert (code, drift["status"]) == (1, "drifted")  # type: ignore[index]
    assert drift["differences"] == [  # type: ignore[index]
        "column public.accounts.name: not null false in the database, true in the migrations",
        "column public.buckets.shelf: only in the database",
    ]
    text = project.run("status", "--dsn", dsn)
    assert text.returncode == 1
    assert text.stdout.endswith(
        "schema drift: drifted (2 objects differ from what the migrations give):\n"
        "  column public.accounts.name: not null false in the database, true in the migrations\n"
        "  column public.buckets.shelf: only in the database\n"
    )


def test_without_a_scratch_database_drift_gives_the_hashes(
    project: Project, dsn: str, server_dsn: str
) -> None:
    upgrade(dsn, project.migrations_dir)
    _execute(dsn, "ALTER TABLE public.buckets ADD COLUMN shelf integer")
    role = f"reader_{secrets.token_hex(3)}"
    _execute(server_dsn, f"CREATE ROLE {role} LOGIN NOCREATEDB")
    try:
        reader = psycopg.conninfo.make_conninfo(dsn, user=role)
        history = History(project.migrations_dir)
        report = check_drift(reader, expected_at(history, history.head))
        assert report.status is DriftStatus.DRIFTED
        assert report.differences == ()
        assert "the objects could not be named" in report.detail
        assert "permission denied to create database" in report.detail
    finally:
        _execute(server_dsn, f"DROP ROLE {role}")
