"""`primedb revision` on temporary projects: written, refused, renamed, proven or not written."""

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from primedb.diff import HazardKind
from primedb.diff.plan import Plan
from primedb.errors import UsageError
from primedb.migrations import generate
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.generate import RevisionRequest, make_revision
from primedb.migrations.history import History
from primedb.migrations.proof import ProofFailed
from primedb.migrations.runner import downgrade, upgrade
from primedb.migrations.schemahash import catalog_hash
from primedb.schema import schema_catalog

from ._helpers import ROOT
from ._project import Project, primecloud_project

LEGACY_ID = "1e9ac1d2e3f4"
CNPJ_LINE = "    cnpj text NOT NULL,\n"
LEGACY_LINE = "    legacy_id bigint,\n"
ACCOUNTS = "10_users_accounts.sql"


def request(project: Project, message: str, **options: Any) -> RevisionRequest:
    return RevisionRequest(
        message=message,
        schema_dir=project.schema_dir,
        migrations_dir=project.migrations_dir,
        **options,
    )


@pytest.fixture(scope="module")
def legacy_project(tmp_path_factory: pytest.TempPathFactory, server_dsn: str) -> Iterator[Project]:
    """PrimeCloudProV2 plus a generated revision that adds accounts.legacy_id."""
    project = primecloud_project(tmp_path_factory.mktemp("legacy") / "project")
    project.edit(ACCOUNTS, CNPJ_LINE, CNPJ_LINE + LEGACY_LINE)
    make_revision(server_dsn, request(project, "accounts legacy id", revision_id=LEGACY_ID))
    yield project


@pytest.fixture
def legacy(legacy_project: Project, tmp_path: Path) -> Project:
    return legacy_project.copy(tmp_path / "project")


def test_nothing_to_change_writes_nothing(tmp_path: Path, server_dsn: str) -> None:
    project = primecloud_project(tmp_path / "project")
    before = project.revisions()
    done = project.run("revision", "-m", "nothing", "--dsn", server_dsn)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("nothing to do: the migrations at head already give")
    assert project.revisions() == before


def test_an_added_column_gives_a_revision_that_upgrades_and_downgrades(
    legacy_project: Project, server_dsn: str, dsn: str
) -> None:
    history = History(legacy_project.migrations_dir)
    added = history.get(LEGACY_ID)
    first = history.revisions[history.position(LEGACY_ID) - 1]  # the head it was written on
    assert added.down_revision == first.revision
    assert added.path.name == f"{LEGACY_ID}_accounts_legacy_id.py"
    source = added.path.read_text()
    upgrade_body, downgrade_body = source.split("def upgrade()")[1].split("def downgrade()")
    assert 'op.execute("ALTER TABLE public.accounts ADD COLUMN legacy_id bigint")' in upgrade_body
    assert 'op.execute("ALTER TABLE public.accounts DROP COLUMN legacy_id")' in downgrade_body
    assert "Downgrade hazards:\n- deletes data (public.accounts.legacy_id)" in source
    assert (added.upgrade_hazards, added.downgrade_hazards) == ((), (HazardKind.DELETES_DATA,))
    assert added.expects_schema == first.produces_schema

    # The file runs: head is exactly the schema files, one step back exactly the first revision.
    upgrade(dsn, legacy_project.migrations_dir)
    at_head = read_schema(dsn)
    assert at_head == schema_catalog(server_dsn, legacy_project.schema_dir, False)
    assert catalog_hash(at_head) == added.produces_schema
    downgrade(dsn, legacy_project.migrations_dir, first.revision)
    assert catalog_hash(read_schema(dsn)) == added.expects_schema == first.produces_schema

    formatted = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--check",
            "--config",
            str(ROOT / "pyproject.toml"),
            str(added.path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_a_hazard_is_refused_then_allowed(legacy: Project, server_dsn: str) -> None:
    legacy.edit(ACCOUNTS, LEGACY_LINE, "")
    before = legacy.revisions()
    refused = legacy.run("revision", "-m", "drop legacy id", "--dsn", server_dsn)
    assert refused.returncode == 4
    assert (
        "error: deletes data in DROP COLUMN public.accounts.legacy_id; "
        "rerun with --allow-hazard deletes_data"
    ) in refused.stderr
    assert legacy.revisions() == before

    allowed = legacy.run(
        "revision", "-m", "drop legacy id", "--allow-hazard", "deletes_data", "--dsn", server_dsn
    )
    assert allowed.returncode == 0, allowed.stderr
    assert "upgrade: 1 statements; hazards: deletes_data" in allowed.stdout
    (written,) = set(legacy.revisions()) - set(before)
    info = History(legacy.migrations_dir).get(written.name.split("_")[0])
    assert info.allowed_hazards == info.upgrade_hazards == (HazardKind.DELETES_DATA,)
    assert 'op.execute("ALTER TABLE public.accounts DROP COLUMN legacy_id")' in written.read_text()


def _upgrade_body(path: Path) -> str:
    return path.read_text().split("def upgrade()")[1].split("def downgrade()")[0]


def test_a_rename_by_marker_in_the_schema_file(legacy: Project, server_dsn: str) -> None:
    legacy.edit(
        ACCOUNTS, LEGACY_LINE, "    -- primedb: renamed from legacy_id\n    former_id bigint,\n"
    )
    before = legacy.revisions()
    refused = legacy.run("revision", "-m", "rename legacy id", "--dsn", server_dsn)
    assert refused.returncode == 4
    assert "rerun with --allow-hazard breaks_running_code" in refused.stderr
    done = legacy.run(
        "revision",
        "-m",
        "rename legacy id",
        "--allow-hazard",
        "breaks_running_code",
        "--dsn",
        server_dsn,
    )
    assert done.returncode == 0, done.stderr
    (written,) = set(legacy.revisions()) - set(before)
    body = _upgrade_body(written)
    assert "RENAME COLUMN legacy_id TO former_id" in body
    assert "DROP COLUMN" not in body


def test_a_rename_by_option(legacy: Project, server_dsn: str) -> None:
    legacy.edit(ACCOUNTS, LEGACY_LINE, "    former_id bigint,\n")
    before = legacy.revisions()
    # Without the hint, the same change is a drop and an add: it would delete the data.
    unhinted = legacy.run("revision", "-m", "rename", "--dsn", server_dsn)
    assert unhinted.returncode == 4
    assert "deletes data in DROP COLUMN public.accounts.legacy_id" in unhinted.stderr
    done = legacy.run(
        "revision",
        "-m",
        "rename legacy id",
        "--rename",
        "column:public.accounts.legacy_id=former_id",
        "--allow-hazard",
        "breaks_running_code",
        "--dsn",
        server_dsn,
    )
    assert done.returncode == 0, done.stderr
    (written,) = set(legacy.revisions()) - set(before)
    assert "RENAME COLUMN legacy_id TO former_id" in _upgrade_body(written)


def test_a_revision_that_fails_its_proof_writes_nothing(
    legacy: Project, server_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy.edit(ACCOUNTS, CNPJ_LINE, CNPJ_LINE + "    note text,\n")
    real = generate.diff

    def lossy(*args: Any, **kwargs: Any) -> Plan:
        plan = real(*args, **kwargs)
        kept = tuple(
            replace(c, up=()) if c.description.startswith("create column") else c
            for c in plan.changes
        )
        return replace(plan, changes=kept)

    monkeypatch.setattr(generate, "diff", lossy)
    before = legacy.revisions()
    with pytest.raises(ProofFailed) as failed:
        make_revision(server_dsn, request(legacy, "account notes"))
    message = str(failed.value)
    assert message.startswith("the new revision is not proven: its upgrade does not give schema/")
    assert "column public.accounts.note: missing from the result" in message
    assert "nothing was written" in message
    assert legacy.revisions() == before


def test_a_revision_id_must_be_new_and_fit_a_file_name(tmp_path: Path) -> None:
    project = primecloud_project(tmp_path / "project")
    taken = History(project.migrations_dir).revisions[0].revision
    # Refused before any database is touched: the server is never asked.
    for given, words in ((taken, "already exists"), ("../up", "not usable in a file name")):
        with pytest.raises(UsageError, match=words):
            make_revision("host=nowhere", request(project, "x", revision_id=given))
    with pytest.raises(UsageError, match="a revision needs a message"):
        make_revision("host=nowhere", request(project, "  "))
