"""The named-SQL loader: blocks, docs, parameters, samples, and its errors."""

from pathlib import Path

import pytest

from primedb.errors import BadInput
from primedb.sqlfiles import load_dir, parse_text

TWO = """-- Canonical queries of the test.

-- name: page
-- A keyset page, newest first.
-- sample: SELECT 1 AS account_id, now() AS before_at
SELECT id FROM t
WHERE account_id = %(account_id)s AND (created_at, id) < (%(before_at)s, %(before_id)s)
ORDER BY created_at DESC, id DESC
LIMIT %(page_size)s;

-- name: count_all
SELECT count(*) FROM t WHERE account_id = %(account_id)s
"""


def test_blocks_docs_params_and_samples() -> None:
    page, count_all = parse_text(TWO, "q.sql")
    assert page.name == "page"
    assert page.doc == "A keyset page, newest first."
    assert page.params == ("account_id", "before_at", "before_id", "page_size")
    assert page.sample == "SELECT 1 AS account_id, now() AS before_at"
    assert page.sql.startswith("SELECT id FROM t") and page.sql.endswith("LIMIT %(page_size)s;")
    assert page.source == "q.sql:3"
    assert count_all.params == ("account_id",)
    assert count_all.sample is None


def test_syntax_error_names_file_and_line() -> None:
    text = "-- name: broken\n-- doc\nSELECT id\nFORM t WHERE x = %(x)s\n"
    with pytest.raises(BadInput, match=r"^q\.sql:4: query 'broken' does not parse"):
        parse_text(text, "q.sql")


def test_empty_body_is_refused() -> None:
    with pytest.raises(BadInput, match=r"q\.sql:1: query 'nothing' has an empty body"):
        parse_text("-- name: nothing\n-- only a comment\n\n-- name: x\nSELECT 1", "q.sql")


def test_invalid_name_is_refused() -> None:
    with pytest.raises(BadInput, match="invalid query name 'Bad-Name'"):
        parse_text("-- name: Bad-Name\nSELECT 1", "q.sql")


def test_sql_before_first_name_is_refused() -> None:
    with pytest.raises(BadInput, match=r"q\.sql:1: SQL before the first"):
        parse_text("SELECT 1;\n-- name: x\nSELECT 2", "q.sql")


def test_duplicates_across_files_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("-- name: dup\nSELECT 1\n")
    (tmp_path / "b.sql").write_text("\n-- name: dup\nSELECT 2\n")
    with pytest.raises(
        BadInput, match=r"b\.sql:2: duplicate query name 'dup' \(first defined at .*a\.sql:1\)"
    ):
        load_dir(tmp_path)


def test_load_dir_reads_every_file_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.sql").write_text("-- name: second\nSELECT 2\n")
    (tmp_path / "a.sql").write_text("-- name: first\nSELECT 1\n")
    assert list(load_dir(tmp_path)) == ["first", "second"]


def test_missing_directory_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="does not exist"):
        load_dir(tmp_path / "nope")
