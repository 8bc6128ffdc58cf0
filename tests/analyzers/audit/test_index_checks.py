"""The index checks on real PostgreSQL: each finding named exactly, each near miss left alone.

`fixtures/indexes.sql`, applied to `public` and `ops`, holds for each check the
objects it must find and a near miss (another operator class, collation,
order, predicate, INCLUDE, an index that does cover the foreign key, ...).
A partitioned table's findings come once, on the parent; an extension's
table is never reported.
"""

from collections.abc import Iterator

import psycopg
import pytest

from primedb.analyzers.audit import AuditResult

from .conftest import SCHEMAS, apply, fixture_sql, found, in_both, run, run_fixes

INDEX_CHECKS = (
    "invalid_indexes",
    "duplicated_indexes",
    "intersected_indexes",
    "foreign_keys_without_index",
    "indexes_with_null_values",
    "indexes_with_boolean",
    "btree_indexes_on_array_columns",
    "indexes_with_timestamp_in_the_middle",
    "indexes_with_unnecessary_where_clause",
    "unique_indexes_with_nullable_columns",
)


@pytest.fixture(scope="module")
def result(module_db: str) -> Iterator[AuditResult]:
    for schema in SCHEMAS:
        apply(module_db, fixture_sql("indexes", schema))
        # A unique index built CONCURRENTLY over duplicates fails and stays, invalid.
        apply(module_db, f"INSERT INTO {schema}.parent VALUES (1, 'a')")
        apply(
            module_db,
            f"INSERT INTO {schema}.items (id, parent_id, name, created_at, kind) "
            "VALUES (1, 1, 'same', now(), 1), (2, 1, 'same', now(), 1)",
        )
        with (
            psycopg.connect(module_db, autocommit=True) as conn,
            pytest.raises(psycopg.errors.UniqueViolation),
        ):
            conn.execute(
                f"CREATE UNIQUE INDEX CONCURRENTLY items_name_key ON {schema}.items (name)"
            )
    yield run(module_db, *INDEX_CHECKS)


def test_invalid_indexes(result: AuditResult) -> None:
    assert found(result, "invalid_indexes") == in_both("items_name_key")
    finding = result.of("invalid_indexes")[0]
    assert finding.fix == "REINDEX INDEX CONCURRENTLY ops.items_name_key;"
    assert "did not finish" in finding.message


def test_duplicated_indexes(result: AuditResult) -> None:
    # Near misses: another operator class, collation, predicate or INCLUDE list.
    assert found(result, "duplicated_indexes") == in_both(
        "items_parent_id_dup", "items_name_desc", "events_parent_dup"
    )
    by_index = {f.objects[0]: f for f in result.of("duplicated_indexes")}
    dup = by_index["public.items_parent_id_dup"]
    assert dup.objects == ("public.items_parent_id_dup", "public.items_parent_id_idx")
    assert dup.fix == "DROP INDEX CONCURRENTLY public.items_parent_id_dup;"
    assert dup.freed_bytes is not None and dup.freed_bytes > 0
    assert dup.message.startswith(
        "public.items_parent_id_dup duplicates public.items_parent_id_idx: same key, order"
    )
    # A B-tree read backwards gives the reverse order: (name DESC) is (name).
    assert by_index["ops.items_name_desc"].objects[1] == "ops.items_name_idx"


def test_duplicated_index_of_a_partitioned_table_is_reported_once_on_the_parent(
    result: AuditResult,
) -> None:
    events = [f for f in result.of("duplicated_indexes") if f.table == "public.events"]
    assert [f.objects for f in events] == [("public.events_parent_dup", "public.events_parent_idx")]
    assert events[0].fix is not None and "DROP INDEX public.events_parent_dup;" in events[0].fix
    assert "CONCURRENTLY" not in events[0].fix.splitlines()[-1]


def test_intersected_indexes(result: AuditResult) -> None:
    # Near misses: a unique prefix (items_pkey of items_id_kind_key), another predicate
    # (items_note_idx of items_note_kind_idx).
    assert found(result, "intersected_indexes") == in_both("items_kind_idx", "items_name_idx")
    by_index = {f.objects[0]: f.objects[1] for f in result.of("intersected_indexes")}
    assert by_index["public.items_kind_idx"] == "public.items_kind_created_idx"
    assert by_index["ops.items_name_idx"] == "ops.items_name_incl"  # same key, more INCLUDE


def test_foreign_keys_without_index(result: AuditResult) -> None:
    # Near misses: parent_id (an index), helper_id (partial on IS NOT NULL), the composite
    # key of order_lines (an index of its columns in the other order).
    assert found(result, "foreign_keys_without_index") == in_both(
        "items.items_owner_id_fkey", "items.items_other_id_fkey", "events.events_other_id_fkey"
    )
    fixes = {f.objects[0]: f.fix for f in result.of("foreign_keys_without_index")}
    assert fixes["ops.items.items_owner_id_fkey"] == (
        "CREATE INDEX CONCURRENTLY items_owner_id_idx ON ops.items (owner_id);"
    )
    events = fixes["public.events.events_other_id_fkey"]
    assert events is not None
    assert events.endswith("CREATE INDEX events_other_id_idx ON public.events (other_id);")


def test_indexes_with_null_values(result: AuditResult) -> None:
    # Near misses: items_helper_partial (WHERE helper_id IS NOT NULL), unique indexes.
    assert found(result, "indexes_with_null_values") == in_both(
        "items_note_idx", "items_tags_idx", "items_other_partial"
    )
    fixes = {f.objects[0]: f.fix for f in result.of("indexes_with_null_values")}
    assert fixes["public.items_note_idx"] == (
        "CREATE INDEX CONCURRENTLY items_note_idx_new ON public.items USING btree (note) "
        "WHERE (note IS NOT NULL);\n"
        "DROP INDEX CONCURRENTLY public.items_note_idx;\n"
        "ALTER INDEX public.items_note_idx_new RENAME TO items_note_idx;"
    )
    assert fixes["public.items_other_partial"] is None  # a predicate already: no safe rewrite


def test_indexes_with_boolean(result: AuditResult) -> None:
    assert found(result, "indexes_with_boolean") == in_both("items_flag_idx")  # not kind_flag


def test_btree_indexes_on_array_columns(result: AuditResult) -> None:
    assert found(result, "btree_indexes_on_array_columns") == in_both("items_tags_idx")


def test_indexes_with_timestamp_in_the_middle(result: AuditResult) -> None:
    # Near miss: (created_at DESC, id DESC), the keyset pagination tie-break on the key.
    assert found(result, "indexes_with_timestamp_in_the_middle") == in_both(
        "items_created_kind_idx"
    )


def test_indexes_with_unnecessary_where_clause(result: AuditResult) -> None:
    # Near miss: items_helper_partial, whose column allows NULL.
    assert found(result, "indexes_with_unnecessary_where_clause") == in_both("items_created_named")


def test_unique_indexes_with_nullable_columns(result: AuditResult) -> None:
    # Near misses: NULLS NOT DISTINCT (codes_b_c_key), WHERE c IS NOT NULL (codes_c_key).
    assert found(result, "unique_indexes_with_nullable_columns") == in_both("codes_a_b_key")
    finding = result.of("unique_indexes_with_nullable_columns")[0]
    assert finding.evidence["nullable"] == ["a"]


def test_objects_of_extensions_are_left_out(result: AuditResult) -> None:
    named = {name for f in result.findings for name in (*f.objects, f.table or "")}
    assert not [n for n in named if "ext_table" in n]
    assert not [n for n in named if "events_2024" in n]  # partitions: on the parent only


def test_the_fixes_resolve_their_findings(dsn: str) -> None:
    # The SQL of each fix runs on PostgreSQL as written, and the audit then finds nothing
    # it fixed (a fresh database: the module's own one stays as the other tests read it).
    apply(dsn, "CREATE SCHEMA ops")
    apply(dsn, fixture_sql("indexes", "public"))
    checks = tuple(
        c
        for c in INDEX_CHECKS
        if c not in ("invalid_indexes", "unique_indexes_with_nullable_columns")
    )
    before = run(dsn, *checks)
    fixable = [f for f in before.findings if f.fix]
    assert run_fixes(dsn, before) >= len(fixable) > 0
    after = run(dsn, *checks)
    left = {(f.check, f.objects[0]) for f in after.findings}
    assert not left & {(f.check, f.objects[0]) for f in fixable}
