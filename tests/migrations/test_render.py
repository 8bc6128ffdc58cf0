"""The revision renderer: valid, ruff-clean Python that runs under Alembic and keeps SQL exact."""

import ast
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from primedb.diff.hazards import Hazard, HazardKind
from primedb.diff.plan import Change, LockLevel, Plan, Statement
from primedb.errors import HazardNotAllowed
from primedb.migrations import pysource
from primedb.migrations.history import History
from primedb.migrations.render import render_revision, revision_filename
from primedb.migrations.runner import migrate, rollback

from ._helpers import PROJECT, Recorder
from ._plans import TOUCH_BODY, create_buckets, tag_buckets

ROOT = Path(__file__).resolve().parents[2]
TAG_ALLOWED = (HazardKind.INDEX_BUILD, HazardKind.VALIDATION_SCAN)


def rendered_project(tmp_path: Path) -> Path:
    """Two revisions rendered from hand-built plans, in a migrations folder of their own."""
    folder = tmp_path / "rendered"
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text((PROJECT / "env.py").read_text())
    first = render_revision(
        create_buckets(),
        revision="0001",
        down_revision=None,
        message="create buckets",
        created_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
    )
    second = render_revision(
        tag_buckets(),
        revision="0002",
        down_revision="0001",
        message="tag buckets",
        created_at=datetime(2025, 3, 2, 9, 30, tzinfo=UTC),
        expects_schema="sha256:aaaa",
        produces_schema="sha256:bbbb",
        allowed_hazards=TAG_ALLOWED,
    )
    (folder / "versions" / revision_filename("0001", "create buckets")).write_text(first)
    (folder / "versions" / revision_filename("0002", "tag buckets")).write_text(second)
    return folder


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        check=False,
    )


def test_rendered_revisions_are_ruff_clean_python(tmp_path: Path) -> None:
    versions = rendered_project(tmp_path) / "versions"
    for path in versions.glob("*.py"):
        ast.parse(path.read_text(), str(path))
    formatted = _ruff("format", "--check", "--diff", str(versions))
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    checked = _ruff("check", str(versions))
    assert checked.returncode == 0, checked.stdout


def test_the_file_declares_what_it_is(tmp_path: Path) -> None:
    history = History(rendered_project(tmp_path))
    first, second = history.revisions
    assert (first.revision, first.down_revision, first.message) == ("0001", None, "create buckets")
    assert second.created_at == "2025-03-02T09:30:00Z"
    assert (second.expects_schema, second.produces_schema) == ("sha256:aaaa", "sha256:bbbb")
    assert second.allowed_hazards == TAG_ALLOWED
    assert second.upgrade_hazards == TAG_ALLOWED
    assert second.downgrade_hazards == (HazardKind.DELETES_DATA, HazardKind.INDEX_DROPPED)
    assert (second.lock_timeout_ms, second.statement_timeout_ms) == (2_000, 1_800_000)


def test_the_docstring_lists_each_direction_in_plain_words(tmp_path: Path) -> None:
    source = (rendered_project(tmp_path) / "versions" / "0002_tag_buckets.py").read_text()
    doc = ast.get_docstring(ast.parse(source)) or ""
    up, down = doc.split("Downgrade hazards:")
    assert Hazard(kind=HazardKind.INDEX_BUILD, subject="buckets_tags_idx").message() in up
    assert Hazard(kind=HazardKind.DELETES_DATA, subject="buckets.tags").message() in down
    first = (rendered_project(tmp_path / "b") / "versions" / "0001_create_buckets.py").read_text()
    assert "Upgrade hazards:\n- none" in first


def test_non_transactional_statements_sit_in_autocommit_blocks(tmp_path: Path) -> None:
    tree = ast.parse((rendered_project(tmp_path) / "versions" / "0002_tag_buckets.py").read_text())
    upgrade = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade")
    blocks = [n for n in upgrade.body if isinstance(n, ast.With)]
    inside = [ast.literal_eval(s.value.args[0]) for b in blocks for s in b.body]  # type: ignore[attr-defined]
    assert inside == [
        "CREATE INDEX CONCURRENTLY buckets_tags_idx ON buckets USING gin (tags)",
        "ALTER TABLE buckets VALIDATE CONSTRAINT buckets_name_shape",
    ]


def test_rendered_revisions_run_under_alembic_and_keep_sql_exact(dsn: str, tmp_path: Path) -> None:
    folder = rendered_project(tmp_path)
    migrate(dsn, folder, reporter=Recorder())
    with psycopg.connect(dsn) as conn:
        body = conn.execute("SELECT prosrc FROM pg_proc WHERE proname = 'bucket_touch'").fetchone()
        valid = conn.execute(
            "SELECT convalidated FROM pg_constraint WHERE conname = 'buckets_name_shape'"
        ).fetchone()
        index = conn.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'buckets_tags_idx'::regclass"
        ).fetchone()
        conn.execute("INSERT INTO buckets (name) VALUES ('photos')")
        conn.commit()
    assert body == (TOUCH_BODY,)
    assert valid == (True,) and index == (True,)
    rollback(dsn, folder, to="base", reporter=Recorder())
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regclass('buckets')").fetchone() == (None,)


def test_a_hazard_not_allowed_is_refused_naming_the_way_out() -> None:
    with pytest.raises(HazardNotAllowed) as refused:
        render_revision(
            tag_buckets(),
            revision="0002",
            down_revision="0001",
            message="tag buckets",
            created_at=datetime(2025, 3, 2, tzinfo=UTC),
            allowed_hazards=(HazardKind.INDEX_BUILD,),
        )
    message = str(refused.value)
    assert message.startswith("scans the whole table to validate a constraint in ALTER TABLE")
    assert "--allow-hazard validation_scan to accept" in message


def test_an_empty_direction_renders_pass() -> None:
    plan = Plan(
        changes=(
            Change(
                description="comment",
                up=(Statement(sql="COMMENT ON TABLE buckets IS 'b'", lock=LockLevel.NONE),),
                down=(),
            ),
        )
    )
    source = render_revision(
        plan, revision="9", down_revision=None, message="x", created_at=datetime(2025, 1, 1)
    )
    assert "def downgrade() -> None:\n    pass\n" in source


SQL_CASES = [
    "SELECT 1",
    "SELECT 'it''s' AS \"quoted\"",
    'SELECT "a", "b", "c", \'d\'',
    "SELECT E'\\\\n' -- a backslash",
    "SELECT 'tab\there', 'ação', '\u2028'",
    "x" * 250,
    "SELECT " + ", ".join(f"column_{i}" for i in range(60)),
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n  SELECT 1   \n$$",
    '"' * 5 + "\n" + "'" * 2 + "\n\n",
]


@pytest.mark.parametrize("sql", SQL_CASES, ids=range(len(SQL_CASES)))
def test_sql_literals_are_exact(sql: str) -> None:
    lines = pysource.call("op.execute", sql, 8)
    assert all(len(line) <= pysource.WIDTH for line in lines)
    call = ast.parse("\n".join(line.strip() for line in lines)).body[0].value  # type: ignore[attr-defined]
    assert ast.literal_eval(call.args[0]) == sql


def test_sql_literals_are_what_ruff_format_writes(tmp_path: Path) -> None:
    body = [line for sql in SQL_CASES for line in pysource.call("op.execute", sql, 4)]
    path = tmp_path / "literals.py"
    path.write_text("from alembic import op\n\n\ndef upgrade() -> None:\n" + "\n".join(body) + "\n")
    formatted = _ruff("format", "--check", "--diff", str(path))
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    checked = _ruff("check", str(path))
    assert checked.returncode == 0, checked.stdout


def test_revision_filename_slugs_the_message() -> None:
    assert revision_filename("0007", "Add bucket tags (v2)!") == "0007_add_bucket_tags_v2.py"
    assert revision_filename("0008", "***") == "0008.py"
