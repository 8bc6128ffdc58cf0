"""`schema apply`: all files in one transaction, refused on a non-empty database."""

from pathlib import Path

import psycopg
import pytest

from primedb.errors import BadInput, UsageError
from primedb.schema import apply_schema, schema_files


def _tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {r[0] for r in rows}


def test_files_apply_in_name_order(dsn: str, tmp_path: Path) -> None:
    (tmp_path / "20_child.sql").write_text("CREATE TABLE child (p int REFERENCES parent);")
    (tmp_path / "10_parent.sql").write_text("CREATE TABLE parent (id int PRIMARY KEY);")
    applied = apply_schema(dsn, tmp_path)
    assert [p.name for p in applied] == ["10_parent.sql", "20_child.sql"]
    assert _tables(dsn) == {"parent", "child"}


def test_error_applies_nothing_and_names_the_file(dsn: str, tmp_path: Path) -> None:
    (tmp_path / "10_ok.sql").write_text("CREATE TABLE fine (id int);")
    (tmp_path / "20_bad.sql").write_text("CREATE TABLE broken (id nosuchtype);")
    with pytest.raises(BadInput, match=r"20_bad\.sql:1:25: type \"nosuchtype\" does not exist"):
        apply_schema(dsn, tmp_path)
    assert _tables(dsn) == set()


def test_non_empty_database_is_refused(dsn: str, tmp_path: Path) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE existing (id int)")
    (tmp_path / "10.sql").write_text("CREATE TABLE other (id int);")
    with pytest.raises(UsageError, match="already has 1 tables"):
        apply_schema(dsn, tmp_path)
    assert _tables(dsn) == {"existing"}


def test_missing_or_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        schema_files(tmp_path / "nope")
    with pytest.raises(UsageError, match=r"holds no \.sql files"):
        schema_files(tmp_path)
