"""squawk over the SQL of rendered revisions: every rule left firing is a decision, written here.

The SQL is what `primedb migrate --sql` (Alembic offline mode) prints for
the revisions rendered from hand-built plans; part B adds the generated
PrimeCloudProV2 revision. A rule that fires and is not in the lists below
fails the test: fix the renderer, or decide and document it (README).
"""

import json
import subprocess
import sys
from pathlib import Path

from primedb.migrations.offline import downgrade_sql, upgrade_sql

from .test_render import rendered_project

SQUAWK = str(Path(sys.executable).parent / "squawk")

UPGRADE_DECISIONS = {
    "prefer-robust-stmts": (
        "no IF [NOT] EXISTS: each revision runs in its own transaction and a failure rolls it "
        "back whole, so it reruns cleanly; IF NOT EXISTS would hide a drifted schema"
    ),
    "prefer-text-field": "only Alembic's own alembic_version.version_num VARCHAR(32)",
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
