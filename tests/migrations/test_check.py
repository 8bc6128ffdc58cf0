"""`primedb check`: passing on the repository, failing with a readable report on broken projects."""

from pathlib import Path

import psycopg
import pytest

from primedb.migrations.check import Check, check_project
from primedb.migrations.generate import RevisionRequest, make_revision
from primedb.migrations.history import History

from ._helpers import ROOT, run_cli, write_revision
from ._project import Project, primecloud_project, tiny_project

COMMENT = "Organisation accounts (tenants), one per CNPJ"
ACCOUNTS = "10_users_accounts.sql"
CNPJ = "    cnpj text NOT NULL,\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return primecloud_project(tmp_path / "project")


def _check(project: Project, server_dsn: str, *args: str) -> tuple[int, str]:
    done = project.run("check", "--dsn", server_dsn, *args)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def test_check_passes_on_the_repository(server_dsn: str) -> None:
    folders = ("--schema-dir", str(ROOT / "schema"), "--migrations-dir", str(ROOT / "migrations"))
    done = run_cli("check", "--dsn", server_dsn, *folders)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    count = len(list((ROOT / "migrations" / "versions").glob("*.py")))
    assert lines[0] == f"primedb check: {count} revision{'' if count == 1 else 's'}"
    for check in ("hazards", "lint", "schema hashes", "reproduces schema/", "stairway"):
        assert any(line.startswith(f"ok    {check} (") for line in lines), check
    assert "note: stairway rows: 5,645 rows in 14 tables" in done.stdout
    assert lines[-1] == "all checks pass"


def test_a_revision_edited_by_hand_fails(project: Project, server_dsn: str) -> None:
    # The first revision, which creates the table whose comment is edited.
    path = next(p for p in project.revisions() if COMMENT in p.read_text())
    text = path.read_text()
    assert text.count(COMMENT) == 1
    path.write_text(text.replace(COMMENT, "Accounts"))
    code, out = _check(project, server_dsn)
    assert code == 1
    revision = path.name.split("_")[0]
    assert "FAIL  schema hashes" in out
    assert f"[schema hashes] revision {revision}: its upgrade gives schema sha256:" in out
    assert "its file records (produces_schema): was the file edited by hand?" in out
    assert "FAIL  reproduces schema/" in out
    assert (
        "the migrations at head do not reproduce schema/: 1 object differs: table public.accounts: "
        "comment differs; 1 change would reach it (alter table public.accounts)"
    ) in out
    # Each later revision then expects, and produces, another schema than it records.
    history = History(project.migrations_dir)
    later = len(history.revisions) - 1 - history.position(revision)
    assert out.splitlines()[-1] == f"{2 + 2 * later} problems"
    assert "ok    lint" in out and "ok    stairway" in out


def test_a_schema_change_without_a_revision_fails(project: Project, server_dsn: str) -> None:
    project.edit(ACCOUNTS, CNPJ, CNPJ + "    note text,\n")
    code, out = _check(project, server_dsn)
    assert code == 1
    assert (
        "[reproduces schema/] the migrations at head do not reproduce schema/: 1 object differs: "
        "column public.accounts.note: missing from the migrations; 1 change would reach it "
        '(create column public.accounts.note); write the revision with primedb revision -m "..."'
    ) in out
    assert out.splitlines()[-1] == "1 problem"


LOSES_ROWS = '''
    """Hand-written: its downgrade deletes rows of a table it does not touch."""
    from alembic import op

    revision = "a1"
    down_revision = "{down}"
    message = "careless downgrade"


    def upgrade() -> None:
        op.execute("SELECT 1")


    def downgrade() -> None:
        op.execute("DELETE FROM public.notifications")
'''


def _careless(project: Project) -> None:
    first = History(project.migrations_dir).revisions[-1].path  # the head's file
    down = first.name.split("_")[0]
    write_revision(project.migrations_dir, "a1_careless.py", LOSES_ROWS.format(down=down))


NEEDS_EMPTY = '''
    """Hand-written: a NOT NULL column without a default, fine only on an empty table."""
    from alembic import op

    revision = "p2"
    down_revision = "{down}"
    message = "pet nicknames"


    def upgrade() -> None:
        op.execute("ALTER TABLE public.pets ADD COLUMN nickname text NOT NULL")


    def downgrade() -> None:
        op.execute("ALTER TABLE public.pets DROP COLUMN nickname")
'''


class PetRows:
    """A RowSource for the tiny schema at head."""

    def __call__(self, dsn: str) -> str:
        with psycopg.connect(dsn) as conn:
            conn.execute("INSERT INTO owners (name) VALUES ('ana'), ('bia')")
            conn.execute(
                "INSERT INTO pets (owner_id, name, nickname) VALUES (1, 'rex', 'r'), (2, 'li', 'l')"
            )
        return "2 owners, 2 pets"


def test_the_stairway_upgrades_over_rows(tmp_path: Path, server_dsn: str) -> None:
    tiny = tiny_project(tmp_path / "tiny")
    first = make_revision(
        server_dsn,
        RevisionRequest(
            message="pets", schema_dir=tiny.schema_dir, migrations_dir=tiny.migrations_dir
        ),
    )
    write_revision(tiny.migrations_dir, "p2_nicknames.py", NEEDS_EMPTY.format(down=first.revision))
    pet = "    owner_id bigint NOT NULL,\n    name text NOT NULL"
    tiny.edit("10_tables.sql", pet, pet + ",\n    nickname text NOT NULL")
    report = check_project(
        server_dsn,
        schema_dir=tiny.schema_dir,
        migrations_dir=tiny.migrations_dir,
        rows=PetRows(),
    )
    assert "stairway rows: 2 owners, 2 pets" in report.notes
    assert not report.failed(Check.SCHEMA)  # head is the schema files exactly
    (stairway,) = report.failed(Check.STAIRWAY)  # the walk stops at the first failure
    assert stairway.revision == "p2"
    assert stairway.message.startswith(
        "upgrade after its downgrade fails on a database holding rows: upgrade of revision p2 "
        '(pet nicknames) failed: column "nickname" of relation "pets" contains null values'
    )
    (lint,) = report.failed(Check.LINT)  # the lint saw it coming
    assert "fails if existing rows break the new rule in ADD COLUMN public.pets.nickname" in (
        lint.message
    )


def test_rows_that_cannot_be_loaded_are_said(project: Project, server_dsn: str) -> None:
    project.edit(ACCOUNTS, CNPJ, CNPJ + "    note text NOT NULL,\n")
    first = History(project.migrations_dir).revisions[-1].path  # the head's file
    write_revision(
        project.migrations_dir,
        "a2_notes.py",
        NEEDS_EMPTY.replace("public.pets", "public.accounts")
        .replace("nickname", "note")
        .format(down=first.name.split("_")[0]),
    )
    code, out = _check(project, server_dsn)
    assert code == 1  # the lint finding
    assert (
        "note: the stairway ran on empty tables: the rows could not be loaded (seed failed: "
        'null value in column "note" of relation "accounts" violates not-null constraint'
    ) in out


def test_the_stairway_sees_rows_lost_in_untouched_tables(project: Project, server_dsn: str) -> None:
    _careless(project)
    code, out = _check(project, server_dsn)
    assert code == 1
    assert (
        "[stairway] revision a1: downgrade changed the rows of public.notifications, a table it "
        "does not touch (1,000 rows before, 0 after)"
    ) in out
