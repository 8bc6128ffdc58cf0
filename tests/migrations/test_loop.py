"""The README's loop, end to end from the CLI: edit a schema file, revision, review, migrate,
rollback, on a temporary copy of the project.

The commands are the README's own, read from its examples and run as written
(the README's shell has `PRIMEDB_DSN` set); what they print must be what the
README shows.
"""

import json
import shlex
import subprocess
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict
from readme.examples import Example, check_example, example

from primedb.migrations.history import History

from ._project import Project, primecloud_project

VERSIONING = "    versioning text NOT NULL DEFAULT 'unversioned',\n"
DESCRIPTION = (
    "    description text,\n"
    "    CONSTRAINT buckets_description_length CHECK (length(description) <= 1000),\n"
)


def _columns(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT attname FROM pg_catalog.pg_attribute "
            "WHERE attrelid = 'public.buckets'::regclass AND attnum > 0 AND NOT attisdropped"
        ).fetchall()
    return {r[0] for r in rows}


def _url(dsn: str) -> str:
    """`dsn` as the URL a user would export."""
    parts = conninfo_to_dict(dsn)
    return f"postgresql://{parts['user']}@{parts['host']}:{parts['port']}/{parts['dbname']}"


def _session(project: Project, shown: Example, dsn: str) -> list[subprocess.CompletedProcess[str]]:
    """Run the commands of the README's example and hold their output to it."""
    results: list[subprocess.CompletedProcess[str]] = []
    transcript: list[str] = []
    for line in shown.text.splitlines():
        if line.startswith("$ "):
            program, *args = shlex.split(line[2:])
            assert program == "primedb", line
            results.append(project.run(*args, env={"PRIMEDB_DSN": _url(dsn)}))
            transcript += [line, *(results[-1].stderr + results[-1].stdout).splitlines()]
    check_example(shown.name or "", "\n".join(transcript))
    return results


def test_edit_revision_review_migrate_rollback(tmp_path: Path, server_dsn: str, dsn: str) -> None:
    project = primecloud_project(tmp_path / "project")
    first = History(project.migrations_dir).head
    assert project.run("migrate", "--dsn", dsn).returncode == 0  # the database, at the first

    # 1. Edit a schema file: a column and a CHECK on a table that holds rows in production.
    project.edit("30_buckets.sql", VERSIONING, VERSIONING + DESCRIPTION)

    # 2. primedb revision: refused until its hazards are allowed, then written and proven.
    refused, written = _session(project, example("revision"), server_dsn)
    assert refused.returncode == 4
    assert "scans the whole table to validate a constraint in VALIDATE CONSTRAINT" in (
        refused.stderr
    )
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("wrote migrations/versions/")
    assert "proven on scratch databases" in written.stdout

    # 3. Review: the CHECK is added NOT VALID, and validated in a transaction of its own.
    history = History(project.migrations_dir)
    revision = history.get(history.head or "")
    assert revision.down_revision == first
    source = revision.path.read_text()
    body = source.split("def upgrade()")[1].split("def downgrade()")[0]
    assert body.index("ADD COLUMN description text") < body.index("NOT VALID")
    assert body.index("NOT VALID") < body.index("autocommit_block()")
    assert body.index("autocommit_block()") < body.index("VALIDATE CONSTRAINT")
    assert "Downgrade hazards:\n- deletes data (public.buckets.description)" in source

    # 4. primedb migrate: the pending revision runs; status: at head, no drift.
    (up,) = _session(project, example("migrate"), dsn)
    assert up.returncode == 0, up.stderr
    assert f"from {first} to {revision.revision}: 1 revision" in up.stdout
    assert "schema drift: matches" in up.stderr
    assert "description" in _columns(dsn)
    status = project.run("status", "--dsn", dsn, "--format", "json")
    found = json.loads(status.stdout)
    assert (status.returncode, found["current"], found["drift"]["status"]) == (
        0,
        revision.revision,
        "matches",
    )

    # 5. primedb rollback: back to the first revision, exactly its schema.
    (down,) = _session(project, example("rollback"), dsn)
    assert down.returncode == 0, down.stderr
    assert "description" not in _columns(dsn)
    status = project.run("status", "--dsn", dsn, "--format", "json")
    found = json.loads(status.stdout)
    assert (status.returncode, found["current"], found["drift"]["status"]) == (
        1,
        first,
        "matches",
    )
    assert [p["revision"] for p in found["pending"]] == [revision.revision]

    # A drifted database (a column added by hand) is refused by migrate.
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.buckets ADD COLUMN shelf integer")
    (drifted,) = _session(project, example("drift"), dsn)
    assert drifted.returncode == 6
