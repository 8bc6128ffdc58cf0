"""`primedb stamp`: adopting a database that already has the schema, checked first."""

import json
from pathlib import Path

import psycopg
import pytest

from primedb.migrations.history import History
from primedb.migrations.versions import current_revision
from primedb.schema import apply_schema

from ._project import Project, primecloud_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return primecloud_project(tmp_path / "project")


def test_a_database_built_from_the_schema_files_is_adopted(project: Project, dsn: str) -> None:
    apply_schema(dsn, project.schema_dir)  # built without migrations: no alembic_version
    head = History(project.migrations_dir).head
    done = project.run("stamp", "--dsn", dsn, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"from": None, "to": head, "drift": "matches"}
    assert current_revision(dsn) == head
    again = project.run("migrate", "--dsn", dsn)  # migrate now goes on from head
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout


def test_a_database_that_differs_is_not_stamped(project: Project, dsn: str) -> None:
    apply_schema(dsn, project.schema_dir)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.buckets ADD COLUMN shelf integer")
    refused = project.run("stamp", "--dsn", dsn)
    assert refused.returncode == 6  # drift has its own exit code
    error = refused.stderr.strip().splitlines()[-1]
    assert error.startswith("error: the live schema is not what revision")
    assert "column public.buckets.shelf: only in the database" in error
    assert current_revision(dsn) is None  # nothing recorded

    forced = project.run("stamp", "--dsn", dsn, "--ignore-drift")
    assert forced.returncode == 0, forced.stderr
    assert current_revision(dsn) == History(project.migrations_dir).head


def test_a_database_with_history_is_not_restamped(project: Project, dsn: str) -> None:
    assert project.run("migrate", "--dsn", dsn).returncode == 0
    refused = project.run("stamp", "--dsn", dsn)
    assert refused.returncode == 2
    assert "already at revision" in refused.stderr.strip().splitlines()[-1]
