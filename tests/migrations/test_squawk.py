"""squawk over the SQL of rendered revisions: every rule left firing is a decision, written here.

The SQL is what `primedb migrate --sql` (Alembic offline mode) prints for
the revisions rendered from hand-built plans, for the committed
PrimeCloudProV2 revisions, and for a revision `primedb revision` generates
to add a foreign key and a check to tables that hold rows. A rule that
fires and is not in the lists below fails the test: fix the renderer, or
decide and document it (README).
"""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from primedb.diff.hazards import HazardKind
from primedb.migrations.generate import RevisionRequest, make_revision
from primedb.migrations.history import History
from primedb.migrations.offline import downgrade_sql, upgrade_sql

from ._helpers import PROJECT
from ._project import tiny_project
from .test_render import rendered_project

SQUAWK = str(Path(sys.executable).parent / "squawk")

UPGRADE_DECISIONS = {
    "prefer-robust-stmts": (
        "no IF [NOT] EXISTS: each revision runs in its own transaction and a failure rolls it "
        "back whole, so it reruns cleanly; IF NOT EXISTS would hide a drifted schema"
    ),
    "prefer-text-field": "only Alembic's own alembic_version.version_num VARCHAR(32)",
    "prefer-bigint-over-int": (
        "only orders.quantity integer (a count of items in one order, bounded by a CHECK, "
        "not an id or a growing counter: every id is bigint)"
    ),
}
GENERATED_UPGRADE_DECISIONS = {
    **UPGRADE_DECISIONS,
    "ban-drop-constraint": (
        "only DROP CONSTRAINT IF EXISTS of the constraint the next statement adds NOT VALID: "
        "its VALIDATE runs in a transaction of its own, so after a failed VALIDATE the NOT "
        "VALID constraint stays committed, and a rerun must start clean; it drops nothing "
        "the expected schema holds"
    ),
}
DOWNGRADE_DECISIONS = {
    **UPGRADE_DECISIONS,
    "ban-drop-column": "a downgrade drops what its upgrade added; listed as deletes_data",
    "ban-drop-table": "a downgrade drops what its upgrade added; listed as deletes_data",
    "ban-drop-function": "a downgrade drops what its upgrade added",
    "ban-drop-constraint": "a downgrade drops what its upgrade added",
}


def squawk(sql: str, tmp_path: Path, name: str) -> list[dict[str, object]]:
    path = tmp_path / name
    path.write_text(sql)
    done = subprocess.run(
        [SQUAWK, "--reporter", "json", "--pg-version", "15.0", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def test_upgrade_sql_fires_only_decided_rules(tmp_path: Path) -> None:
    sql = upgrade_sql(rendered_project(tmp_path), start=None)
    found = squawk(sql, tmp_path, "upgrade.sql")
    fired = {str(f["rule_name"]) for f in found}
    assert fired <= set(UPGRADE_DECISIONS), fired - set(UPGRADE_DECISIONS)
    lines = sql.splitlines()
    for finding in found:
        if finding["rule_name"] == "prefer-text-field":
            # squawk counts lines from 0
            assert "version_num VARCHAR(32)" in lines[int(str(finding["line"]))]


def test_downgrade_sql_fires_only_decided_rules(tmp_path: Path) -> None:
    sql = downgrade_sql(rendered_project(tmp_path), start="0002", to="base")
    fired = {str(f["rule_name"]) for f in squawk(sql, tmp_path, "downgrade.sql")}
    assert fired <= set(DOWNGRADE_DECISIONS), fired - set(DOWNGRADE_DECISIONS)


def test_squawk_does_read_the_sql(tmp_path: Path) -> None:
    # A control: the blocking form of what the renderer writes online-safe.
    found = squawk(
        "CREATE INDEX buckets_name_idx ON buckets (name);\n"
        "ALTER TABLE buckets ADD CONSTRAINT c CHECK (name <> '');\n",
        tmp_path,
        "control.sql",
    )
    fired = {str(f["rule_name"]) for f in found}
    assert {"require-concurrent-index-creation", "constraint-missing-not-valid"} <= fired
    assert {"require-lock-timeout", "require-statement-timeout"} <= fired


def _fired(found: list[dict[str, object]]) -> set[str]:
    return {str(f["rule_name"]) for f in found}


def test_the_committed_revisions_fire_only_decided_rules(tmp_path: Path) -> None:
    history = History(PROJECT)
    assert history.revisions, "the first revision of PrimeCloudProV2 is committed"
    sql = upgrade_sql(PROJECT, start=None)
    up = squawk(sql, tmp_path, "up.sql")
    # Revisions after the first are generated, with their own decided rule.
    decided = set(GENERATED_UPGRADE_DECISIONS)
    assert _fired(up) <= decided, _fired(up) - decided
    lines = sql.splitlines()
    for finding in up:
        line = lines[int(str(finding["line"]))]
        if finding["rule_name"] == "prefer-bigint-over-int":
            assert finding["column"] and "quantity integer" in line
        if finding["rule_name"] == "ban-drop-constraint":
            name = line.split("DROP CONSTRAINT IF EXISTS ")[1].rstrip(";")
            assert f"ADD CONSTRAINT {name} " in sql.split(line, 1)[1]
    down = squawk(downgrade_sql(PROJECT, start=history.head, to="base"), tmp_path, "down.sql")
    assert _fired(down) <= set(DOWNGRADE_DECISIONS), _fired(down) - set(DOWNGRADE_DECISIONS)


PETS_FK = (
    "ALTER TABLE pets ADD CONSTRAINT pets_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES owners;\n"
    "ALTER TABLE owners ADD CONSTRAINT owners_name_length CHECK (length(name) < 100);\n"
)


def test_a_generated_constraint_revision_validates_outside_the_add(
    tmp_path: Path, server_dsn: str
) -> None:
    tiny = tiny_project(tmp_path / "tiny")
    base = RevisionRequest(
        message="pets", schema_dir=tiny.schema_dir, migrations_dir=tiny.migrations_dir
    )
    make_revision(server_dsn, base)
    (tiny.schema_dir / "20_keys.sql").write_text(PETS_FK)
    allowed = (
        HazardKind.VALIDATION_SCAN,
        HazardKind.MAY_FAIL_ON_DATA,
        HazardKind.NOT_TRANSACTIONAL,
    )
    second = make_revision(server_dsn, replace(base, message="pet owners", allowed=allowed))
    sql = upgrade_sql(tiny.migrations_dir, start=second.down_revision)
    assert sql.count("NOT VALID") == 2 and sql.count("VALIDATE CONSTRAINT") == 2
    found = squawk(sql, tmp_path, "keys.sql")
    fired = _fired(found)
    # The control rules squawk would fire for a VALIDATE in the NOT VALID add's transaction.
    assert "constraint-missing-not-valid" not in fired
    assert "adding-foreign-key-constraint" not in fired
    assert fired <= set(GENERATED_UPGRADE_DECISIONS), fired - set(GENERATED_UPGRADE_DECISIONS)
    lines = sql.splitlines()
    for finding in found:
        if finding["rule_name"] == "ban-drop-constraint":
            dropped = lines[int(str(finding["line"]))]
            name = dropped.split("DROP CONSTRAINT IF EXISTS ")[1].rstrip(";")
            assert f"ADD CONSTRAINT {name} " in sql.split(dropped, 1)[1]


def test_squawk_sees_a_validate_in_the_add_transaction(tmp_path: Path) -> None:
    # The control for the test above: the same statements in one transaction.
    found = squawk(
        "SET lock_timeout = '3s';\nSET statement_timeout = '10min';\nBEGIN;\n"
        "ALTER TABLE pets ADD CONSTRAINT pets_owner_id_fkey FOREIGN KEY (owner_id) "
        "REFERENCES owners NOT VALID;\n"
        "ALTER TABLE pets VALIDATE CONSTRAINT pets_owner_id_fkey;\nCOMMIT;\n",
        tmp_path,
        "together.sql",
    )
    assert "constraint-missing-not-valid" in _fired(found)
