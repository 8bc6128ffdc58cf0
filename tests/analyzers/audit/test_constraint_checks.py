"""The constraint and sequence checks on real PostgreSQL: findings named, near misses left alone.

`fixtures/constraints.sql`, applied to `public` and `ops`.
"""

from collections.abc import Iterator

import pytest

from primedb.analyzers.audit import AuditResult

from .conftest import SCHEMAS, apply, fixture_sql, found, in_both, run, run_fixes

CHECKS = (
    "not_valid_constraints",
    "duplicated_foreign_keys",
    "intersected_foreign_keys",
    "foreign_keys_with_unmatched_column_type",
    "foreign_keys_with_null_values",
    "self_referenced_foreign_keys",
    "sequence_overflow",
    "possible_object_name_overflow",
)


@pytest.fixture(scope="module")
def result(module_db: str) -> Iterator[AuditResult]:
    for schema in SCHEMAS:
        apply(module_db, fixture_sql("constraints", schema))
    yield run(module_db, *CHECKS)


def test_not_valid_constraints(result: AuditResult) -> None:
    # Near miss: child_id_small, added NOT VALID and validated.
    assert found(result, "not_valid_constraints") == in_both(
        "child.child_id_positive", "child.child_other_fkey"
    )
    fixes = {f.objects[0]: f.fix for f in result.of("not_valid_constraints")}
    assert fixes["ops.child.child_id_positive"] == (
        "ALTER TABLE ops.child VALIDATE CONSTRAINT child_id_positive;"
        "  -- scans the table; reads and writes go on"
    )


def test_duplicated_foreign_keys(result: AuditResult) -> None:
    assert found(result, "duplicated_foreign_keys") == in_both("child.child_parent_twin_fkey")
    finding = result.of("duplicated_foreign_keys")[0]
    assert finding.evidence["kept"] == "child_parent_fkey"
    assert finding.fix == "ALTER TABLE ops.child DROP CONSTRAINT child_parent_twin_fkey;"


def test_intersected_foreign_keys(result: AuditResult) -> None:
    # Near miss: link_a_fkey shares column a but points at another table.
    assert found(result, "intersected_foreign_keys") == in_both("link.link_ab_fkey")
    assert result.of("intersected_foreign_keys")[0].evidence["other"] == "link_ac_fkey"


def test_foreign_keys_with_unmatched_column_type(result: AuditResult) -> None:
    assert found(result, "foreign_keys_with_unmatched_column_type") == in_both(
        "child.child_narrow_fkey"
    )
    fixes = {f.objects[0]: f.fix for f in result.of("foreign_keys_with_unmatched_column_type")}
    fix = fixes["public.child.child_narrow_fkey"]
    assert fix is not None
    assert fix.endswith("ALTER TABLE public.child ALTER COLUMN narrow_id TYPE bigint;")


def test_foreign_keys_with_null_values(result: AuditResult) -> None:
    # Near misses: one nullable column beside a NOT NULL tenant column; MATCH FULL.
    assert found(result, "foreign_keys_with_null_values") == in_both(
        "link.link_ab_fkey", "link.link_ac_fkey"
    )
    fixes = {f.objects[0]: f.fix for f in result.of("foreign_keys_with_null_values")}
    assert fixes["public.link.link_ab_fkey"] == (
        "ALTER TABLE public.link ADD CONSTRAINT link_ab_fkey_nulls "
        "CHECK (num_nulls(a, b) IN (0, 2)) NOT VALID;\n"
        "ALTER TABLE public.link VALIDATE CONSTRAINT link_ab_fkey_nulls;"
    )


def test_self_referenced_foreign_keys(result: AuditResult) -> None:
    assert found(result, "self_referenced_foreign_keys") == in_both("tree.tree_parent_id_fkey")


def test_sequence_overflow(result: AuditResult) -> None:
    # Near misses: 10% used, never used.
    assert found(result, "sequence_overflow") == in_both("nearly", "wide")
    by_name = {f.objects[0]: f for f in result.of("sequence_overflow")}
    wide = by_name["ops.wide"]
    assert wide.evidence["limit"] == 2147483647  # the integer column's, not the sequence's
    assert wide.fix == (
        "-- rewrites the table under an ACCESS EXCLUSIVE lock\n"
        "ALTER TABLE ops.counters ALTER COLUMN n TYPE bigint;"
    )
    nearly = by_name["public.nearly"]
    assert nearly.message.startswith("public.nearly has used 90% of its range (90 of 100)")
    assert nearly.fix == "ALTER SEQUENCE public.nearly AS bigint NO MAXVALUE;"


def test_possible_object_name_overflow(result: AuditResult) -> None:
    # Near miss: a name of 62 bytes.
    cut = "a_table_name_so_long_that_postgresql_cuts_it_without_an_error_at_all"[:63]
    assert found(result, "possible_object_name_overflow") == in_both(cut)


def test_the_fixes_resolve_their_findings(dsn: str) -> None:
    # The SQL of each fix runs on PostgreSQL as written, and the audit then finds nothing
    # it fixed (a fresh database: the module's own one stays as the other tests read it).
    apply(dsn, "CREATE SCHEMA ops")
    apply(dsn, fixture_sql("constraints", "public"))
    checks = CHECKS
    before = run(dsn, *checks)
    fixable = [f for f in before.findings if f.fix]
    assert run_fixes(dsn, before) >= len(fixable) > 0
    after = run(dsn, *checks)
    left = {(f.check, f.objects[0]) for f in after.findings}
    assert not left & {(f.check, f.objects[0]) for f in fixable}
