"""The runner: transactions, schemas, the checks a database without statistics skips,
suppressions that are counted, never dropped, and the catalog's own contract."""

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from primedb.analyzers.audit import (
    AuditResult,
    AuditSettings,
    Excuse,
    Severity,
    Suppressions,
    default_checks,
    load_checks,
    run_checks,
)
from primedb.errors import BadInput, UsageError

from .conftest import apply, found

# pg-index-health's diagnostics in snake case, and our own (unique_indexes_with_nullable_columns).
CATALOG = {
    "invalid_indexes",
    "duplicated_indexes",
    "intersected_indexes",
    "unused_indexes",
    "foreign_keys_without_index",
    "indexes_with_null_values",
    "indexes_with_boolean",
    "btree_indexes_on_array_columns",
    "indexes_with_timestamp_in_the_middle",
    "indexes_with_unnecessary_where_clause",
    "bloated_indexes",
    "unique_indexes_with_nullable_columns",
    "tables_without_primary_key",
    "tables_with_missing_indexes",
    "bloated_tables",
    "tables_with_no_data",
    "columns_with_json_type",
    "columns_with_serial_types",
    "primary_keys_with_serial_types",
    "columns_with_timestamp_or_timetz_type",
    "columns_with_char_type",
    "columns_with_money_type",
    "columns_with_fixed_length_varchar",
    "tables_without_description",
    "columns_without_description",
    "functions_without_description",
    "not_valid_constraints",
    "duplicated_foreign_keys",
    "intersected_foreign_keys",
    "foreign_keys_with_unmatched_column_type",
    "foreign_keys_with_null_values",
    "self_referenced_foreign_keys",
    "sequence_overflow",
    "possible_object_name_overflow",
}

FIXTURE = """
CREATE TABLE public.t (id bigint PRIMARY KEY, a int NOT NULL, doc json);
CREATE INDEX t_a_idx ON public.t (a);
CREATE INDEX t_a_dup ON public.t (a);
CREATE TABLE ops.t (id bigint PRIMARY KEY, a int NOT NULL);
CREATE INDEX t_a_idx ON ops.t (a);
CREATE INDEX t_a_dup ON ops.t (a);
"""


@pytest.fixture(scope="module")
def db(module_db: str) -> Iterator[str]:
    apply(module_db, FIXTURE)
    yield module_db


def test_the_catalog_holds_every_check_of_the_issue() -> None:
    checks = default_checks()
    assert {c.name for c in checks} == CATALOG
    assert all(c.text and c.message for c in checks)


def test_every_shipped_check_runs_and_returns_what_its_message_and_fix_read(db: str) -> None:
    # The runner refuses a check whose columns miss what its template or fix reads.
    with psycopg.connect(db) as conn:
        result = run_checks(conn, settings=AuditSettings(min_statistics_age_s=0))
    assert set(result.checks_run) == CATALOG
    assert set(result.timings_ms) == CATALOG


def test_runs_inside_the_callers_transaction_and_leaves_it_as_it_was(db: str) -> None:
    with psycopg.connect(db) as conn:
        conn.execute("CREATE INDEX t_a_again ON public.t (a)")  # uncommitted
        jit = conn.execute("SHOW jit").fetchone()
        result = run_checks(conn, names=("duplicated_indexes",), schemas=("public",))
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        assert conn.execute("SHOW jit").fetchone() == jit  # its SET LOCAL went with it
        assert conn.execute("SELECT to_regclass('public.t_a_again')").fetchone() == ("t_a_again",)
        conn.rollback()
    assert found(result, "duplicated_indexes") == {"public.t_a_dup", "public.t_a_again"}


def test_an_idle_connection_is_left_idle(db: str) -> None:
    with psycopg.connect(db, autocommit=True) as conn:
        run_checks(conn, names=("duplicated_indexes",))
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_schemas_restrict_the_audit(db: str) -> None:
    with psycopg.connect(db) as conn:
        ops = run_checks(conn, names=("duplicated_indexes",), schemas=("ops",))
        with pytest.raises(UsageError, match="schema nowhere does not exist in database"):
            run_checks(conn, names=("duplicated_indexes",), schemas=("nowhere",))
        with pytest.raises(UsageError, match="unknown check 'duplicate_indexes'; known checks"):
            run_checks(conn, names=("duplicate_indexes",))
    assert found(ops, "duplicated_indexes") == {"ops.t_a_dup"}


def test_without_statistics_only_catalog_checks_run_and_the_others_say_why(db: str) -> None:
    with psycopg.connect(db) as conn:
        result = run_checks(conn, live=False)
    skipped = {s.check: s.why for s in result.skipped}
    assert set(skipped) == {
        "unused_indexes",
        "tables_with_missing_indexes",
        "bloated_tables",
        "bloated_indexes",
        "tables_with_no_data",
        "sequence_overflow",
    }
    assert skipped["unused_indexes"] == (
        "needs cumulative statistics of a live database; the embedded default, freshly "
        "migrated, has none: audit a live database with --dsn"
    )
    assert skipped["tables_with_missing_indexes"].startswith(
        "needs cumulative statistics and planner statistics of a live database"
    )
    assert len(result.checks_run) == len(CATALOG) - len(skipped)


def _suppressed_run(db: str, suppressions: Suppressions) -> AuditResult:
    with psycopg.connect(db) as conn:
        return run_checks(
            conn,
            names=("duplicated_indexes", "columns_with_json_type"),
            suppressions=suppressions,
        )


def test_suppressions_are_counted_never_dropped(db: str) -> None:
    result = _suppressed_run(
        db,
        Suppressions(
            disabled={"columns_with_json_type": "a legacy payload kept as written"},
            excused=(
                Excuse("duplicated_indexes", "ops.t_a_dup", "dropped by the next release"),
                Excuse("duplicated_indexes", "ops.gone_idx", "an excuse that matches nothing"),
            ),
        ),
    )
    assert [f.objects[0] for f in result.findings] == ["public.t_a_dup"]
    assert {(s.finding.objects[0], s.reason) for s in result.suppressed} == {
        ("public.t.doc", "check disabled: a legacy payload kept as written"),
        ("ops.t_a_dup", "dropped by the next release"),
    }
    assert [e.object for e in result.stale_excuses] == ["ops.gone_idx"]
    document = result.as_dict()
    assert document["counts"] == {"info": 0, "warning": 1, "error": 0, "suppressed": 2}
    assert document["suppressed"][0]["suppressed_because"]
    assert "excuses that matched no finding" in result.as_text()
    assert result.failing(Severity.WARNING) == result.findings
    assert result.failing(Severity.ERROR) == ()


def test_result_document_shape(db: str) -> None:
    result = _suppressed_run(db, Suppressions())
    document = result.as_dict()
    assert {"findings", "checks_run", "skipped"} <= set(document)
    finding = next(f for f in document["findings"] if f["check"] == "duplicated_indexes")
    assert set(finding) == {
        "check",
        "severity",
        "table",
        "objects",
        "message",
        "evidence",
        "fix",
        "freed_bytes",
    }
    assert finding["evidence"]["definition"].startswith("CREATE INDEX t_a_dup ON ")


def _write_check(folder: Path, name: str, header: str, body: str = "SELECT 1") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.sql"
    path.write_text(f"-- name: {name}\n{header}-- What it finds.\n{body};\n")
    return path


GOOD_HEADER = "-- severity: info\n-- needs: catalog\n-- fix: none\n-- message: {x}\n"


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (GOOD_HEADER.replace("info", "fatal"), "unknown severity 'fatal'; write info, warning"),
        (GOOD_HEADER.replace("catalog", "vibes"), "unknown needs 'vibes'; write one of"),
        (GOOD_HEADER.replace("none", "magic"), "unknown fix 'magic'; write one of: none"),
        (GOOD_HEADER.replace("{x}", "{x:bytes}"), "unknown format 'bytes' in {x:bytes}"),
        (GOOD_HEADER.replace("-- fix: none\n", ""), "has no `-- fix:` line"),
    ],
)
def test_a_bad_check_header_is_refused_with_file_and_line(
    tmp_path: Path, header: str, error: str
) -> None:
    path = _write_check(tmp_path, "my_check", header)
    with pytest.raises(BadInput, match=error) as caught:
        load_checks(tmp_path)
    assert str(path) in str(caught.value)


def test_a_check_must_live_in_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "other_name.sql").write_text("-- name: my_check\n" + GOOD_HEADER + "SELECT 1;\n")
    with pytest.raises(BadInput, match=re.escape("check my_check must be in my_check.sql")):
        load_checks(tmp_path)


def test_a_check_that_fails_or_misses_a_column_names_its_file(tmp_path: Path, db: str) -> None:
    _write_check(tmp_path, "broken", GOOD_HEADER, "SELECT * FROM no_such_table")
    _write_check(
        tmp_path, "short", GOOD_HEADER, "SELECT NULL::text AS table_name, ARRAY['a'] AS objects"
    )
    checks = load_checks(tmp_path)
    with psycopg.connect(db) as conn:
        failed = re.escape("broken.sql:1: check broken failed: relation")
        with pytest.raises(BadInput, match=failed):
            run_checks(conn, checks=checks, names=("broken",))
        with pytest.raises(BadInput, match="short returns no x column, which its message reads"):
            run_checks(conn, checks=checks, names=("short",))
        # The caller's transaction survives the failure.
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_typo_in_the_sql_fails_when_the_check_loads(tmp_path: Path) -> None:
    _write_check(tmp_path, "typo", GOOD_HEADER, "SELECT FROM WHERE (")
    with pytest.raises(BadInput, match=re.escape("typo.sql:7: query 'typo' does not parse")):
        load_checks(tmp_path)
