"""A seed that fails leaves nothing behind: no row, and the catalog as it was."""

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import psycopg
import pytest

from primedb.errors import BadInput, UsageError
from primedb.seed import generate, seed_database
from primedb.seed import plan as real_plan
from primedb.seed.binary_copy import Column
from primedb.seed.tables import Table
from primedb.seed.world import World

from ._catalog import snapshot

TABLES = ("users", "accounts", "buckets", "usage_records", "audit_logs", "notifications")


def _total_rows(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return sum(
            int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in TABLES
        )


def _sabotage(
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    change: Callable[[int, list[Column]], list[Column]],
) -> None:
    """Make `table`'s builder hand `change(start, columns)` to the loader."""

    def plan(world: World) -> list[Table]:
        tables = real_plan(world)
        for i, t in enumerate(tables):
            if t.name == table:
                build = t.build

                def broken(start: int, stop: int, build=build) -> Sequence[Column]:  # type: ignore[no-untyped-def]
                    return change(start, list(build(start, stop)))

                tables[i] = dataclasses.replace(t, build=broken)
        return tables

    monkeypatch.setattr(generate, "plan", plan)


def _replace(columns: list[Column], name: str, column: Column) -> list[Column]:
    return [column if c.name == name else c for c in columns]


def _assert_untouched(dsn: str, before: dict[str, object]) -> None:
    assert _total_rows(dsn) == 0
    assert snapshot(dsn) == before


def test_a_check_violation_in_the_last_table_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bad_kind(start: int, columns: list[Column]) -> list[Column]:
        kind = next(c for c in columns if c.name == "kind")
        return _replace(columns, "kind", dataclasses.replace(kind, vocab=(b"bogus",) * 6))

    _sabotage(monkeypatch, "notifications", bad_kind)
    before = snapshot(schema_dsn)
    with pytest.raises(BadInput, match=r"notifications_kind_valid.*nothing was written"):
        seed_database(schema_dsn, scale=0.01)
    _assert_untouched(schema_dsn, before)


def test_a_duplicate_key_found_when_the_index_is_rebuilt_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def same_email(start: int, columns: list[Column]) -> list[Column]:
        email = next(c for c in columns if c.name == "email")
        values = np.full(len(email), b"twin@example.com", dtype="S16")
        return _replace(columns, "email", dataclasses.replace(email, values=values))

    _sabotage(monkeypatch, "users", same_email)
    before = snapshot(schema_dsn)
    with pytest.raises(BadInput, match="users_email_lower_key"):
        seed_database(schema_dsn, scale=0.01)
    _assert_untouched(schema_dsn, before)


def test_a_dangling_reference_found_when_the_foreign_key_is_added_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown_user(start: int, columns: list[Column]) -> list[Column]:
        user = next(c for c in columns if c.name == "user_id")
        values = user.values.copy()
        values[0] = 10**9
        return _replace(columns, "user_id", dataclasses.replace(user, values=values))

    _sabotage(monkeypatch, "notifications", unknown_user)
    before = snapshot(schema_dsn)
    with pytest.raises(BadInput, match="notifications_user_id_fkey"):
        seed_database(schema_dsn, scale=0.01)
    _assert_untouched(schema_dsn, before)


def test_a_rule_checked_at_commit_fails_the_seed_and_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # accounts_owner_required is a deferred constraint trigger: it fires at COMMIT.
    def no_owners(start: int, columns: list[Column]) -> list[Column]:
        role = next(c for c in columns if c.name == "role")
        return _replace(columns, "role", dataclasses.replace(role, vocab=(b"member",) * 4))

    _sabotage(monkeypatch, "account_members", no_owners)
    before = snapshot(schema_dsn)
    with pytest.raises(BadInput, match="must have at least one owner"):
        seed_database(schema_dsn, scale=0.01)
    _assert_untouched(schema_dsn, before)


def test_a_failing_builder_leaves_nothing(schema_dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(start: int, columns: list[Column]) -> list[Column]:
        raise RuntimeError("builder broke")

    _sabotage(monkeypatch, "audit_logs", explode)
    before = snapshot(schema_dsn)
    with pytest.raises(RuntimeError, match="builder broke"):
        seed_database(schema_dsn, scale=0.01)
    _assert_untouched(schema_dsn, before)


def test_a_database_without_the_tables_is_refused(dsn: str) -> None:
    with pytest.raises(UsageError, match=r"does not exist.*primedb schema apply.*--apply-schema"):
        seed_database(dsn, scale=0.01)


def test_a_database_with_rows_is_refused(seeded_dsn: str) -> None:
    with pytest.raises(UsageError, match="table users already has rows"):
        seed_database(seeded_dsn, scale=0.01)


def test_a_scale_that_is_not_positive_is_refused(schema_dsn: str) -> None:
    with pytest.raises(UsageError, match="--scale must be positive"):
        seed_database(schema_dsn, scale=0)


def test_schema_dir_applies_the_schema_to_an_empty_database(dsn: str) -> None:
    from pathlib import Path

    schema = Path(__file__).resolve().parents[2] / "schema"
    report = seed_database(dsn, scale=0.01, schema_dir=schema)
    with psycopg.connect(dsn) as conn:
        for table in report.tables:
            found = conn.execute(f"SELECT count(*) FROM {table.table}").fetchone()
            assert found == (table.rows,), table.table
