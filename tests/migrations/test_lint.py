"""primedb lint: every hazard kind it finds, with file:line, the allow comment, and live rows."""

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from primedb.diff.hazards import HazardKind
from primedb.errors import BadInput
from primedb.lint import LintResult, lint_paths, lint_text
from primedb.lint.facts import LiveFacts
from primedb.migrations.revision_lint import lint_revisions

from ._helpers import PROJECT, clean_env, run_cli, write_revision

SET = "SET lock_timeout = '3s';\n"

CASES: dict[str, tuple[str, set[str]]] = {
    "drop table": ("DROP TABLE accounts", {"deletes_data"}),
    "drop column": ("ALTER TABLE accounts DROP COLUMN legacy_id", {"deletes_data"}),
    "drop schema": ("DROP SCHEMA billing CASCADE", {"deletes_data"}),
    "truncate": ("TRUNCATE TABLE usage_records", {"deletes_data", "access_exclusive_lock"}),
    "create index": ("CREATE INDEX a_name ON accounts (name)", {"index_build", "blocks_writes"}),
    "create index concurrently": ("CREATE INDEX CONCURRENTLY a_name ON accounts (name)", set()),
    "drop index": ("DROP INDEX a_name", {"index_dropped", "access_exclusive_lock"}),
    "drop index concurrently": ("DROP INDEX CONCURRENTLY IF EXISTS a_name", {"index_dropped"}),
    "add foreign key": (
        "ALTER TABLE buckets ADD CONSTRAINT fk FOREIGN KEY (account_id) REFERENCES accounts (id)",
        {"validation_scan", "blocks_writes", "may_fail_on_data"},
    ),
    "add foreign key not valid": (
        "ALTER TABLE buckets ADD CONSTRAINT fk FOREIGN KEY (account_id) "
        "REFERENCES accounts (id) NOT VALID",
        set(),
    ),
    "add check": (
        "ALTER TABLE buckets ADD CONSTRAINT ck CHECK (size > 0)",
        {"validation_scan", "access_exclusive_lock", "may_fail_on_data"},
    ),
    "add check not valid": ("ALTER TABLE buckets ADD CHECK (size > 0) NOT VALID", set()),
    "add unique": (
        "ALTER TABLE buckets ADD CONSTRAINT u UNIQUE (name)",
        {"index_build", "access_exclusive_lock", "may_fail_on_data"},
    ),
    "add unique using index": (
        "ALTER TABLE buckets ADD CONSTRAINT u UNIQUE USING INDEX u_idx",
        set(),
    ),
    "alter column type": (
        "ALTER TABLE accounts ALTER COLUMN name TYPE varchar(40)",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "alter column type using": (
        "ALTER TABLE accounts ALTER COLUMN n SET DATA TYPE int USING n::int",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "set not null": (
        "ALTER TABLE buckets ALTER COLUMN region SET NOT NULL",
        {"validation_scan", "access_exclusive_lock", "may_fail_on_data"},
    ),
    "set not null after a validated check": (
        "ALTER TABLE buckets ADD CONSTRAINT nn CHECK ((region IS NOT NULL)) NOT VALID;\n"
        "ALTER TABLE buckets VALIDATE CONSTRAINT nn;\n"
        "ALTER TABLE buckets ALTER COLUMN region SET NOT NULL",
        set(),
    ),
    "validate in the transaction of the add": (
        "BEGIN;\nALTER TABLE buckets ADD CONSTRAINT ck CHECK (size > 0) NOT VALID;\n"
        "ALTER TABLE buckets VALIDATE CONSTRAINT ck;\nCOMMIT",
        {"validation_scan", "access_exclusive_lock"},
    ),
    "volatile default": (
        "ALTER TABLE buckets ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "stable default": ("ALTER TABLE buckets ADD COLUMN at timestamptz DEFAULT now()", set()),
    "constant default": ("ALTER TABLE buckets ADD COLUMN n int NOT NULL DEFAULT 0", set()),
    "unknown function default": (
        "ALTER TABLE buckets ADD COLUMN c text DEFAULT my_code()",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "serial column": (
        "ALTER TABLE buckets ADD COLUMN n bigserial",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "stored generated column": (
        "ALTER TABLE buckets ADD COLUMN l int GENERATED ALWAYS AS (length(name)) STORED",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "not null without default": (
        "ALTER TABLE buckets ADD COLUMN n int NOT NULL",
        {"may_fail_on_data"},
    ),
    "vacuum full": ("VACUUM FULL buckets", {"table_rewrite", "access_exclusive_lock"}),
    "vacuum (full)": ("VACUUM (FULL, ANALYZE) buckets", {"table_rewrite", "access_exclusive_lock"}),
    "vacuum (full false)": ("VACUUM (FULL false) buckets", set()),
    "plain vacuum": ("VACUUM ANALYZE buckets", set()),
    "cluster": ("CLUSTER buckets USING buckets_pkey", {"table_rewrite", "access_exclusive_lock"}),
    "set tablespace": (
        "ALTER TABLE buckets SET TABLESPACE fast",
        {"table_rewrite", "access_exclusive_lock"},
    ),
    "rename column": ("ALTER TABLE buckets RENAME COLUMN name TO title", {"breaks_running_code"}),
    "rename table": ("ALTER TABLE buckets RENAME TO containers", {"breaks_running_code"}),
    "rename view": ("ALTER VIEW bucket_sizes RENAME TO sizes", {"breaks_running_code"}),
    "rename constraint": ("ALTER TABLE buckets RENAME CONSTRAINT a TO b", set()),
    "replace function": (
        "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN DROP TABLE x; RETURN NEW; END $$",
        {"behaviour_change"},
    ),
    "new function": ("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", set()),
    "create trigger": (
        "CREATE TRIGGER t BEFORE UPDATE ON buckets FOR EACH ROW EXECUTE FUNCTION touch()",
        {"behaviour_change"},
    ),
    "drop trigger": ("DROP TRIGGER t ON buckets", {"behaviour_change"}),
    "replace view": ("CREATE OR REPLACE VIEW v AS SELECT 1 AS one", {"behaviour_change"}),
    "row level security": (
        "ALTER TABLE buckets ENABLE ROW LEVEL SECURITY",
        {"behaviour_change"},
    ),
    "add enum value": ("ALTER TYPE plan ADD VALUE IF NOT EXISTS 'enterprise'", {"irreversible"}),
    "update without where": ("UPDATE buckets SET region = 'sa-east-1'", {"unbounded_dml"}),
    "delete without where": ("DELETE FROM audit_logs", {"deletes_data", "unbounded_dml"}),
    "delete with a cte": (
        "WITH old AS (SELECT id FROM audit_logs WHERE id < 9) DELETE FROM audit_logs",
        {"deletes_data", "unbounded_dml"},
    ),
    "where in a subquery only": (
        "UPDATE buckets SET n = (SELECT count(*) FROM objects WHERE objects.b = buckets.id)",
        {"unbounded_dml"},
    ),
    "update with where": ("UPDATE buckets SET region = 'x' WHERE id = 1", set()),
    "reindex": ("REINDEX TABLE buckets", {"index_build", "blocks_writes"}),
    "reindex concurrently": ("REINDEX INDEX CONCURRENTLY buckets_pkey", set()),
    "refresh": ("REFRESH MATERIALIZED VIEW usage_daily", {"access_exclusive_lock", "query_scan"}),
    "refresh concurrently": (
        "REFRESH MATERIALIZED VIEW CONCURRENTLY usage_daily",
        {"query_scan"},
    ),
    "refresh with no data": (
        "REFRESH MATERIALIZED VIEW usage_daily WITH NO DATA",
        {"access_exclusive_lock"},
    ),
    "grant": ("GRANT SELECT, INSERT ON accounts TO app", {"privilege_change"}),
    "revoke": ("REVOKE EXECUTE ON FUNCTION f(int) FROM PUBLIC", {"privilege_change"}),
    "default privileges": (
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reader",
        {"privilege_change"},
    ),
    "owner": ("ALTER TABLE accounts OWNER TO app", {"privilege_change"}),
    "materialized view": (
        "CREATE MATERIALIZED VIEW daily AS SELECT count(*) FROM accounts",
        {"query_scan"},
    ),
    "materialized view with no data": (
        "CREATE MATERIALIZED VIEW daily AS SELECT count(*) FROM accounts WITH NO DATA",
        set(),
    ),
    "lock table": ("LOCK TABLE buckets", {"access_exclusive_lock"}),
    "lock in share mode": ("LOCK TABLE buckets IN SHARE MODE", {"blocks_writes"}),
    "keywords in a string": ("SELECT 'DROP TABLE accounts; TRUNCATE x'", set()),
    "a table named like a keyword": ('ALTER TABLE "DROP" ADD COLUMN "TRUNCATE" int', set()),
    "a table created in the same sql": (
        "CREATE TABLE fresh (id int);\nCREATE INDEX ON fresh (id);\n"
        "ALTER TABLE fresh ADD COLUMN u uuid DEFAULT gen_random_uuid();\n"
        "CREATE TRIGGER t BEFORE UPDATE ON fresh FOR EACH ROW EXECUTE FUNCTION touch();\n"
        "DROP TABLE fresh",
        set(),
    ),
    "begin atomic body": (
        "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; DELETE FROM t; END",
        set(),
    ),
}


def kinds(sql: str) -> set[str]:
    return {f.kind.value for f in lint_text(sql, "case.sql").findings}


@pytest.mark.parametrize("name", list(CASES))
def test_hazard_cases(name: str) -> None:
    sql, expected = CASES[name]
    assert kinds(SET + sql) == expected


def test_every_hazard_kind_lint_can_find_is_covered() -> None:
    found = set().union(*(expected for _, expected in CASES.values()))
    # not_transactional is for ADD VALUE before PostgreSQL 12 (with --dsn), and
    # missing_lock_timeout has its own test below.
    assert found == {k.value for k in HazardKind} - {"not_transactional", "missing_lock_timeout"}


def test_messages_are_the_hazard_words() -> None:
    (finding,) = lint_text(SET + "DROP TABLE accounts", "x.sql").findings
    assert finding.message == "deletes data in DROP TABLE accounts"
    rewrite = lint_text(SET + CASES["alter column type"][0], "x.sql").findings[0]
    assert rewrite.message.startswith(HazardKind.TABLE_REWRITE.words + " in ALTER COLUMN")
    assert "varchar(40): the current type is not known without --dsn" in rewrite.message


@pytest.mark.parametrize(
    ("sql", "missing"),
    [
        ("ALTER TABLE accounts ADD COLUMN note text", True),
        (SET + "ALTER TABLE accounts ADD COLUMN note text", False),
        ("SET lock_timeout = 0;\nALTER TABLE accounts ADD COLUMN note text", True),
        ("SET LOCAL lock_timeout = '1s';\nALTER TABLE accounts ADD COLUMN n text", True),
        ("BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE accounts ADD COLUMN n text", False),
        ("BEGIN;\nSET LOCAL lock_timeout = '1s';\nCOMMIT;\nDROP TABLE accounts", True),
        ("SELECT set_config('lock_timeout', '2s', false);\nTRUNCATE accounts", False),
        (SET + "RESET lock_timeout;\nCREATE INDEX i ON accounts (name)", True),
        ("CREATE INDEX CONCURRENTLY i ON accounts (name)", False),
        ("CREATE TABLE fresh (id int);\nALTER TABLE fresh ADD COLUMN n int", False),
    ],
)
def test_missing_lock_timeout(sql: str, missing: bool) -> None:
    assert ("missing_lock_timeout" in kinds(sql)) is missing


def test_cli_reports_file_line_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "change.sql"
    path.write_text(
        "-- a migration written by hand\n"
        "SET lock_timeout = '3s';\n"
        "\n"
        "ALTER TABLE buckets\n"
        "    DROP COLUMN legacy_id;\n"
        "CREATE INDEX buckets_name ON buckets (name);\n"
    )
    done = run_cli("lint", str(path), "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    found = [(f["file"], f["line"], f["kind"]) for f in report["findings"]]
    assert found == [
        (str(path), 4, "deletes_data"),
        (str(path), 6, "index_build"),
        (str(path), 6, "blocks_writes"),
    ]
    assert report["findings"][0]["statement"] == "ALTER TABLE buckets DROP COLUMN legacy_id"
    assert report["findings"][0]["message"] == "deletes data in DROP COLUMN buckets.legacy_id"
    text = run_cli("lint", str(path))
    assert f"{path}:4  deletes_data  ALTER TABLE buckets DROP COLUMN legacy_id" in text.stdout
    assert "3 findings in 3 statements of 1 file (0 allowed" in text.stdout


def test_allow_comment_and_option(tmp_path: Path) -> None:
    path = tmp_path / "allowed.sql"
    path.write_text(
        SET + "-- primedb: allow deletes_data\n"
        "DROP TABLE legacy_sessions;\n"
        "TRUNCATE usage_staging; -- primedb: allow deletes_data, access_exclusive_lock\n"
        "ALTER TABLE buckets RENAME COLUMN name TO title;\n"
    )
    partly = lint_paths([str(path)])
    assert [(f.line, f.kind.value) for f in partly.findings] == [(5, "breaks_running_code")]
    assert {(f.line, f.kind.value) for f in partly.allowed} == {
        (3, "deletes_data"),
        (4, "deletes_data"),
        (4, "access_exclusive_lock"),
    }
    clean = run_cli("lint", str(path), "--allow-hazard", "breaks_running_code")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 findings" in clean.stdout and "4 allowed" in clean.stdout


def test_unknown_kinds_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"x.sql:2: unknown hazard kind 'delete_data'"):
        lint_text(SET + "DROP TABLE t; -- primedb: allow delete_data", "x.sql")
    path = tmp_path / "a.sql"
    path.write_text("SELECT 1;\n")
    done = run_cli("lint", str(path), "--allow-hazard", "nope")
    assert done.returncode == 2 and "--allow-hazard takes one of" in done.stderr
    assert run_cli("lint", str(path)).returncode == 0


def test_folders_in_name_order_share_what_they_create(tmp_path: Path) -> None:
    (tmp_path / "020_index.sql").write_text(SET + "CREATE INDEX ON fresh (id);\n")
    (tmp_path / "010_table.sql").write_text("CREATE TABLE fresh (id int);\n")
    assert lint_paths([str(tmp_path)]).clean
    reversed_order = lint_paths([str(tmp_path / "020_index.sql"), str(tmp_path / "010_table.sql")])
    assert {f.kind.value for f in reversed_order.findings} == {"index_build", "blocks_writes"}


def test_stdin(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "primedb", "lint", "-", "--format", "json"],
        input=SET + "TRUNCATE t;\n",
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert done.returncode == 1
    assert {f["file"] for f in json.loads(done.stdout)["findings"]} == {"<stdin>"}


def test_lint_without_files_reads_the_revisions(project: Path) -> None:
    assert lint_revisions(project).clean  # their SQL sets its timeouts, builds CONCURRENTLY
    write_revision(
        project,
        "0004_bad.py",
        '''
        """Bad."""
        from alembic import op

        revision = "0004"
        down_revision = "0003"


        def upgrade() -> None:
            op.execute("CREATE INDEX accounts_name_idx ON accounts (name)")


        def downgrade() -> None:
            op.execute("DROP INDEX accounts_name_idx")
        ''',
    )
    done = run_cli("lint", "--migrations-dir", str(project), "--format", "json")
    assert done.returncode == 1
    findings = json.loads(done.stdout)["findings"]
    assert {f["kind"] for f in findings} == {"index_build", "blocks_writes"}
    assert all(f["file"].endswith("0004_bad.py (upgrade SQL)") for f in findings)


@pytest.fixture
def live(dsn: str) -> str:
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "CREATE TABLE full_t (id int, v varchar(20), r text, "
            "CONSTRAINT r_nn CHECK (r IS NOT NULL));"
            "INSERT INTO full_t SELECT g, 'v', 'r' FROM generate_series(1, 500) g;"
            "CREATE TABLE empty_t (id int, v varchar(20));"
            "CREATE FUNCTION fixed() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';"
            "CREATE FUNCTION rolled() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';"
        )
    return dsn


def live_lint(dsn: str, sql: str) -> LintResult:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return lint_text(SET + sql, "live.sql", facts=LiveFacts(conn))


def live_kinds(dsn: str, sql: str) -> set[str]:
    return {f.kind.value for f in live_lint(dsn, sql).findings}


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("CREATE INDEX i ON empty_t (id)", set()),
        ("CREATE INDEX i ON full_t (id)", {"index_build", "blocks_writes"}),
        ("DROP TABLE empty_t", set()),
        ("DROP TABLE full_t", {"deletes_data"}),
        ("ALTER TABLE no_such_table ADD COLUMN c int NOT NULL", set()),
        ("ALTER TABLE full_t ALTER COLUMN v TYPE varchar(40)", set()),
        ("ALTER TABLE full_t ALTER COLUMN v TYPE text", set()),
        (
            "ALTER TABLE full_t ALTER COLUMN v TYPE varchar(10)",
            {"table_rewrite", "access_exclusive_lock"},
        ),
        (
            "ALTER TABLE full_t ALTER COLUMN id TYPE bigint",
            {"table_rewrite", "access_exclusive_lock"},
        ),
        ("ALTER TABLE full_t ADD COLUMN f int DEFAULT fixed()", set()),
        (
            "ALTER TABLE full_t ADD COLUMN f int DEFAULT rolled()",
            {"table_rewrite", "access_exclusive_lock"},
        ),
        ("ALTER TABLE full_t ALTER COLUMN r SET NOT NULL", set()),
        (
            "ALTER TABLE full_t ALTER COLUMN v SET NOT NULL",
            {"validation_scan", "access_exclusive_lock", "may_fail_on_data"},
        ),
        ("ALTER TABLE empty_t ALTER COLUMN v SET NOT NULL", set()),
    ],
)
def test_live_database_decides_rows_types_and_volatility(
    live: str, sql: str, expected: set[str]
) -> None:
    assert live_kinds(live, sql) == expected


def test_live_findings_name_the_row_estimate(live: str) -> None:
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute("ANALYZE full_t")
    (finding,) = live_lint(live, "DROP TABLE full_t").findings
    assert finding.message == "deletes data in DROP TABLE full_t: about 500 rows"


def test_cli_dsn_makes_rows_live(live: str, tmp_path: Path) -> None:
    path = tmp_path / "x.sql"
    path.write_text(SET + "CREATE INDEX i ON empty_t (id);\nDROP TABLE full_t;\n")
    assumed = json.loads(run_cli("lint", str(path), "--format", "json").stdout)
    assert [f["kind"] for f in assumed["findings"]] == [
        "index_build",
        "blocks_writes",
        "deletes_data",
    ]
    done = run_cli("lint", str(path), "--dsn", live, "--format", "json")
    report = json.loads(done.stdout)
    assert report["live"] is True
    assert [(f["line"], f["kind"]) for f in report["findings"]] == [(3, "deletes_data")]


def test_bare_lint_agrees_with_check_on_the_shipped_revisions() -> None:
    """Bare `primedb lint` lints the first revision from an empty database, as check does.

    It used to assume every function of the initial revision existed already
    and reported 26 `behaviour_change` findings that `primedb check` (which
    knows the revision starts at base) does not.
    """
    done = run_cli("lint", "--migrations-dir", str(PROJECT), "--format", "json")
    assert done.returncode == 0, done.stdout[-2000:]
    found = json.loads(done.stdout)
    assert found["findings"] == [] and found["statements"] > 100
    # The same SQL linted as a file of unknown origin still finds those functions.
    first = next(PROJECT.glob("versions/*.py"))
    sql = run_cli("migrate", "--migrations-dir", str(PROJECT), "--sql").stdout
    assert first.exists() and "CREATE OR REPLACE FUNCTION" in sql
    as_file = subprocess.run(
        [sys.executable, "-m", "primedb", "lint", "-", "--format", "json"],
        input=sql,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    kinds = {f["kind"] for f in json.loads(as_file.stdout)["findings"]}
    assert "behaviour_change" in kinds
