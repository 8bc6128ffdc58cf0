"""`primedb audit` from the command line: the schema at head as CI audits it, exit codes, JSON."""

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from psycopg.conninfo import conninfo_to_dict
from readme.examples import check_example, example

from primedb.cli import cli
from primedb.pg import drop_database
from primedb.sandbox import build_sandbox

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def migrated_dsn(server_dsn: str) -> Iterator[str]:
    """A database migrated to head: what `primedb audit` without a DSN audits."""
    name = f"t_{secrets.token_hex(5)}"
    box = build_sandbox(server_dsn, migrations_dir=ROOT / "migrations", database=name, scale=None)
    yield box.dsn
    drop_database(server_dsn, name)


def _audit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", *args])
    return result.exit_code, result.stdout


def test_the_schema_at_head_passes_the_ci_gate(
    migrated_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the project's [tool.primedb.audit] excuses
    code, out = _audit("--dsn", migrated_dsn, "--fail-on", "warning", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert [f for f in document["findings"] if f["severity"] != "info"] == []
    reasons = {s["objects"][0]: s["suppressed_because"] for s in document["suppressed"]}
    assert reasons["public.invoices_subscription_period_key"].startswith(
        "the rule is one invoice per subscription and period"
    )
    assert document["stale_excuses"] == []


def test_without_the_excuse_the_gate_fails(
    migrated_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.primedb]\nchecks_dir = "{ROOT / "analyzers" / "checks"}"\n'
    )
    monkeypatch.chdir(tmp_path)
    code, out = _audit("--dsn", migrated_dsn, "--fail-on", "warning")
    assert code == 1
    assert "warning  unique_indexes_with_nullable_columns  public.invoices" in out
    code, _ = _audit("--dsn", migrated_dsn, "--fail-on", "error")
    assert code == 0


def test_check_and_schema_options(migrated_dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out = _audit(
        "--dsn", migrated_dsn, "--check", "duplicated_indexes", "--schema", "public",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["checks_run"] == ["duplicated_indexes"]
    result = CliRunner().invoke(cli, ["audit", "--dsn", migrated_dsn, "--check", "nope"])
    assert result.exit_code == 2
    assert "unknown check 'nope'" in result.stderr


def test_a_bad_setting_is_a_usage_error(
    migrated_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.primedb.audit]\nunused_max_scan = 3\n"
        "[[tool.primedb.audit.excused]]\ncheck = 'duplicated_indexes'\nobject = 'x'\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["audit", "--dsn", migrated_dsn])
    assert result.exit_code == 2
    assert "unknown setting 'unused_max_scan'" in result.stderr


def test_readme_ci_example_is_real_output(
    migrated_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primedb.analyzers.audit import audit_database

    monkeypatch.chdir(ROOT)
    text = audit_database(migrated_dsn, live=False).as_text()
    database = conninfo_to_dict(migrated_dsn)["dbname"]
    text = text.replace(f"audit of {database}:", "audit of primedb_sandbox:")
    check_example("audit-ci", "$ primedb audit --fail-on warning\n" + text)


def test_readme_json_example_is_real_output(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        conn.execute("CREATE INDEX idx_access_keys_account_id ON access_keys(account_id)")
    monkeypatch.chdir(ROOT)
    command = "--check duplicated_indexes --fail-on warning --format json"
    code, out = _audit("--dsn", schema_dsn, *command.split())
    readme = example("audit-json").text
    assert readme.startswith(f'$ primedb audit --dsn "$DATABASE_URL" {command}\n')
    shown = json.loads(readme.split("\n", 1)[1].replace(",\n  ...\n}", "\n}"))
    document = json.loads(out)
    assert code == 1
    assert document["findings"] == shown["findings"]
    assert document["checks_run"] == shown["checks_run"]
