"""The CLI: migrate, rollback and status end to end, and the project under plain alembic."""

import json
import subprocess
import sys
from pathlib import Path

import psycopg

from primedb.migrations.versions import current_revision

from ._helpers import clean_env, run_cli, write_revision

ALEMBIC = str(Path(sys.executable).parent / "alembic")


def _status(dsn: str, project: Path) -> tuple[int, dict[str, object]]:
    done = run_cli("status", "--dsn", dsn, "--migrations-dir", str(project), "--format", "json")
    return done.returncode, json.loads(done.stdout)


def test_status_exit_codes_and_pending_hazards(dsn: str, project: Path) -> None:
    write_revision(
        project,
        "0004_tokens.py",
        '''
        """Account tokens."""
        from alembic import op

        revision = "0004"
        down_revision = "0003"
        message = "account tokens"


        def upgrade() -> None:
            op.execute("ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid()")


        def downgrade() -> None:
            op.execute("ALTER TABLE accounts DROP COLUMN token")
        ''',
    )
    write_revision(
        project,
        "0005_declared.py",
        '''
        """Declared."""
        from alembic import op

        revision = "0005"
        down_revision = "0004"
        message = "declared hazards"
        upgrade_hazards = ("index_build",)


        def upgrade() -> None:
            with op.get_context().autocommit_block():
                op.execute("CREATE INDEX CONCURRENTLY accounts_token_idx ON accounts (token)")


        def downgrade() -> None:
            with op.get_context().autocommit_block():
                op.execute("DROP INDEX CONCURRENTLY accounts_token_idx")
        ''',
    )
    code, found = _status(dsn, project)
    assert code == 1
    assert (found["current"], found["head"], found["up_to_date"]) == (None, "0005", False)
    pending = {p["revision"]: p for p in found["pending"]}  # type: ignore[attr-defined]
    assert list(pending) == ["0001", "0002", "0003", "0004", "0005"]
    assert pending["0004"]["hazards"] == ["access_exclusive_lock", "table_rewrite"]
    assert pending["0004"]["hazards_from"] == "lint"
    assert pending["0002"]["hazards"] == []
    assert (pending["0005"]["hazards"], pending["0005"]["hazards_from"]) == (
        ["index_build"],
        "declared",
    )
    # Hand-written revisions record no schema hash: drift is not checked, and it says so.
    assert found["drift"]["status"] == "not checked"  # type: ignore[index]
    assert found["drift"]["detail"] == (  # type: ignore[index]
        "revision 0001's expects_schema (the database is at base) is not recorded "
        "(a revision written by hand)"
    )
    assert run_cli("migrate", "--dsn", dsn, "--migrations-dir", str(project)).returncode == 0
    code, found = _status(dsn, project)
    assert (code, found["current"], found["pending"]) == (0, "0005", [])
    text = run_cli("status", "--dsn", dsn, "--migrations-dir", str(project))
    assert "database at 0005 (5 of 5 revisions applied)" in text.stdout
    assert "up to date" in text.stdout


def test_migrate_prints_a_line_per_statement_and_per_revision(dsn: str, project: Path) -> None:
    done = run_cli("migrate", "--dsn", dsn, "--migrations-dir", str(project))
    assert done.returncode == 0, done.stderr
    assert "from base to 0003: 3 revisions" in done.stdout
    err = done.stderr.splitlines()
    assert "primedb: upgrade 0002 (index account notes)" in err
    timed = [line for line in err if " ms  CREATE INDEX CONCURRENTLY accounts_note_idx" in line]
    assert len(timed) == 1
    assert any(line.startswith("primedb: upgrade 0002 done in") for line in err)
    assert not any("alembic_version" in line for line in err)  # housekeeping is debug-only
    assert not any("primedb_migration_journal" in line for line in err)
    assert "schema drift: not checked" in done.stderr


def test_migrate_and_rollback_json(dsn: str, project: Path) -> None:
    up = run_cli("migrate", "--dsn", dsn, "--migrations-dir", str(project), "--to", "0002")
    assert up.returncode == 0, up.stderr
    down = run_cli(
        "rollback",
        "--dsn",
        dsn,
        "--migrations-dir",
        str(project),
        "--steps",
        "2",
        "--format",
        "json",
    )
    assert down.returncode == 0, down.stderr
    result = json.loads(down.stdout)
    assert (result["from"], result["to"]) == ("0002", None)
    assert [(r["revision"], r["direction"]) for r in result["revisions"]] == [
        ("0002", "downgrade"),
        ("0001", "downgrade"),
    ]


def test_cli_errors_are_one_line_with_their_exit_code(
    dsn: str, project: Path, tmp_path: Path
) -> None:
    unknown = run_cli("migrate", "--dsn", dsn, "--migrations-dir", str(project), "--to", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines()[-1].startswith("error: no revision nope")
    not_a_project = run_cli("status", "--dsn", dsn, "--migrations-dir", str(tmp_path))
    assert not_a_project.returncode == 2
    assert "is not a migrations folder (no env.py)" in not_a_project.stderr
    bad = run_cli("migrate", "--dsn", dsn, "--migrations-dir", str(project), "--lock-wait", "5")
    assert bad.returncode == 2 and "invalid --lock-wait '5'" in bad.stderr
    both = run_cli(
        "rollback", "--dsn", dsn, "--migrations-dir", str(project), "--to", "base", "--steps", "1"
    )
    assert both.returncode == 2


def _alembic(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ALEMBIC, "-c", str(project / "alembic.ini"), *args],
        capture_output=True,
        text=True,
        env=clean_env(env),
        timeout=120,
        check=False,
    )


def test_plain_alembic_runs_the_project(dsn: str, project: Path) -> None:
    up = _alembic(project, "-x", f"dsn={dsn}", "-x", "lock_timeout=2s", "upgrade", "head")
    assert up.returncode == 0, up.stderr
    assert current_revision(dsn) == "0003"
    with psycopg.connect(dsn) as conn:
        first = conn.execute("SELECT lock_timeout FROM migration_log WHERE revision = '0001'")
        assert first.fetchone() == ("2s",)
    down = _alembic(project, "downgrade", "base", env={"PRIMEDB_DSN": dsn})
    assert down.returncode == 0, down.stderr
    assert current_revision(dsn) is None
    offline = _alembic(project, "upgrade", "head", "--sql")
    assert offline.returncode == 0, offline.stderr
    assert "SET lock_timeout = '3s';" in offline.stdout
    assert "CREATE INDEX CONCURRENTLY accounts_note_idx" in offline.stdout
    nowhere = _alembic(project, "upgrade", "head")
    assert nowhere.returncode != 0
    assert "pass -x dsn=..., or set PRIMEDB_DSN or DATABASE_URL" in nowhere.stderr


def test_alembic_revision_writes_the_primedb_format(project: Path) -> None:
    made = _alembic(project, "revision", "-m", "add bucket tags", "--rev-id", "0004")
    assert made.returncode == 0, made.stderr
    path = next((project / "versions").glob("0004_*.py"))
    source = path.read_text()
    compile(source, str(path), "exec")
    assert 'message = "add bucket tags"' in source
    assert 'down_revision: str | None = "0003"' in source
    assert "allowed_hazards: tuple[str, ...] = ()" in source
    lint = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--config",
            str(Path.cwd() / "pyproject.toml"),
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
