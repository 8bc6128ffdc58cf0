"""The README's loop, end to end from the CLI: edit a schema file, revision, review, migrate,
rollback, on a temporary copy of the project."""

import json
from pathlib import Path

import psycopg

from primedb.migrations.history import History

from ._project import primecloud_project

VERSIONING = "    versioning text NOT NULL DEFAULT 'unversioned',\n"
DESCRIPTION = (
    "    description text,\n"
    "    CONSTRAINT buckets_description_length CHECK (length(description) <= 1000),\n"
)
ALLOW = [
    f"--allow-hazard={kind}"
    for kind in ("validation_scan", "may_fail_on_data", "not_transactional")
]


def _columns(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT attname FROM pg_catalog.pg_attribute "
            "WHERE attrelid = 'public.buckets'::regclass AND attnum > 0 AND NOT attisdropped"
        ).fetchall()
    return {r[0] for r in rows}


def test_edit_revision_review_migrate_rollback(tmp_path: Path, server_dsn: str, dsn: str) -> None:
    project = primecloud_project(tmp_path / "project")
    first = History(project.migrations_dir).head
    assert project.run("migrate", "--dsn", dsn).returncode == 0  # the database, at the first

    # 1. Edit a schema file: a column and a CHECK on a table that holds rows in production.
    project.edit("30_buckets.sql", VERSIONING, VERSIONING + DESCRIPTION)

    # 2. primedb revision: refused until its hazards are allowed, then written and proven.
    refused = project.run("revision", "-m", "bucket descriptions", "--dsn", server_dsn)
    assert refused.returncode == 4
    assert "scans the whole table to validate a constraint in VALIDATE CONSTRAINT" in (
        refused.stderr
    )
    written = project.run("revision", "-m", "bucket descriptions", *ALLOW, "--dsn", server_dsn)
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
    up = project.run("migrate", "--dsn", dsn)
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
    down = project.run("rollback", "--dsn", dsn)
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
