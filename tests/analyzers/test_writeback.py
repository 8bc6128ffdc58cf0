"""`--apply-to-schema`: verified advice written into schema/, and the whole round trip:
advise -> apply-to-schema -> revision -> migrate -> the query reads the advised buffers."""

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg

from primedb.analyzers.advice.report import AdviceReport, AdvisedIndex, Served
from primedb.analyzers.advice.spec import IndexKey, IndexSpec
from primedb.analyzers.advice.verify import Figures, VerifyMode
from primedb.analyzers.advice.writeback import apply_to_schema
from primedb.analyzers.advice.writecost import WriteCost
from primedb.analyzers.plans import read_plan
from primedb.queries import load_queries
from primedb.sampling import run_query, sample_parameters

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = """\
[project]
name = "advice-trial"
version = "0"

[tool.primedb]
schema_dir = "schema"
migrations_dir = "migrations"
queries_dir = "queries"
"""
INBOX_INDEX = (
    "-- The inbox: WHERE user_id = $1 ORDER BY read, created_at DESC, id DESC (unread\n"
    "-- first, newest first, keyset by (created_at, id)); also the unread count and\n"
    "-- the user_id foreign key. id is the tie-breaker that makes keyset pages exact.\n"
    "CREATE INDEX notifications_user_read_created_idx\n"
    "    ON notifications (user_id, read, created_at DESC, id DESC);\n"
)
PLAN = read_plan({"Plan": {"Node Type": "Result", "Total Cost": 1}})


def _report(verified: bool = True) -> AdviceReport:
    spec = IndexSpec("public", "notifications", (IndexKey("user_id"), IndexKey("read")))
    index = AdvisedIndex(
        name="notifications_user_id_read_idx",
        spec=spec,
        statements=(spec.definition("notifications_user_id_read_idx", concurrently=True),),
        size_bytes=8192,
        size_measured=True,
        write_cost=WriteCost(24, 126, (), ()),
        served=(
            Served(
                "inbox", "heavy", Figures(9.0, PLAN, 1.5, 166, 20), Figures(1.0, PLAN, 0.1, 15, 20)
            ),
        ),
        verified=verified,
    )
    return AdviceReport((index,), (), "hypopg", VerifyMode.COPY, 2, 10, 1000.0, 50, 1.0)


def test_a_verified_index_goes_after_the_statements_about_its_table(tmp_path: Path) -> None:
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema)
    report = apply_to_schema(_report(), schema)
    text = (schema / "60_notifications.sql").read_text()
    block = (
        "-- primedb advise: inbox [heavy] 166 -> 15 buffers (1.50 -> 0.10 ms).\n"
        "CREATE INDEX notifications_user_id_read_idx ON notifications (user_id, read);\n"
    )
    assert text.endswith("    WHERE account_id IS NOT NULL;\n" + block)
    assert report.notes == (
        f"wrote notifications_user_id_read_idx into {schema / '60_notifications.sql'}",
    )
    # Twice: the file already holds it, nothing is written again.
    again = apply_to_schema(_report(), schema)
    assert (schema / "60_notifications.sql").read_text() == text
    assert "already holds notifications_user_id_read_idx" in again.notes[0]
    # Unverified advice is never written.
    other = dataclasses.replace(_report(False), notes=())
    assert "is not verified" in apply_to_schema(other, schema).notes[0]


def _primedb(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    done = subprocess.run(
        [sys.executable, "-m", "primedb", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def test_advise_apply_revision_migrate_round_trip(
    tmp_path: Path, server_dsn: str, dsn: str
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT)
    for folder in ("schema", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copytree(ROOT / "migrations", project / "migrations",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    inbox = project / "schema" / "60_notifications.sql"
    assert INBOX_INDEX in inbox.read_text()
    inbox.write_text(inbox.read_text().replace(INBOX_INDEX, ""))
    _primedb(project, "revision", "-m", "without the inbox index", "--dsn", server_dsn,
             "--allow-hazard", "index_dropped", "--allow-hazard", "not_transactional")  # fmt: skip
    _primedb(project, "migrate", "--dsn", dsn)
    _primedb(project, "seed", "--scale", "0.01", "--dsn", dsn)

    advised = json.loads(
        _primedb(
            project, "advise", "notifications_unread_first", "--dsn", dsn, "--copy",
            "--apply-to-schema", "--runs", "1", "--format", "json",
        ).stdout
    )  # fmt: skip
    (index,) = advised["indexes"]
    assert index["verified"] and index["columns"] == [
        "user_id",
        "read",
        "created_at DESC",
        "id DESC",
    ]
    written = inbox.read_text()
    assert index["schema_definition"] in written
    assert "-- primedb advise: notifications_unread_first [heavy]" in written

    allow = ("--allow-hazard", "index_build", "--allow-hazard", "not_transactional")
    revision = _primedb(
        project, "revision", "-m", "advised inbox index", "--dsn", server_dsn, *allow
    )
    assert "wrote migrations/versions/" in revision.stdout
    newest = max(
        (project / "migrations" / "versions").glob("*.py"), key=lambda p: p.stat().st_mtime
    )
    assert f"CREATE INDEX CONCURRENTLY {index['name']}" in newest.read_text()
    _primedb(project, "migrate", "--dsn", dsn)

    query = load_queries(project / "queries")["notifications_unread_first"]
    with psycopg.connect(dsn, autocommit=True) as conn:
        heavy = sample_parameters(conn, query)[0]
        run_query(conn, query, heavy)  # warm
        run = run_query(conn, query, heavy)
    after = next(q["after"] for q in index["queries"] if q["sample"] == "heavy")
    assert index["name"] in json.dumps(run.plan)
    assert run.shared_hit + run.shared_read == after["buffers"]
    assert run.rows == after["rows"]
