"""A seed that fails leaves nothing behind: no row; catalog, sequences, statistics as they were.

Failures are injected in every phase, on one connection (one transaction the
server rolls back) and on two (jobs that commit, undone by the guardian).
"""

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest

from primedb.errors import BadInput, UsageError
from primedb.seed import generate, seed_database, work
from primedb.seed import plan as real_plan
from primedb.seed.binary_copy import Column
from primedb.seed.tables import Table
from primedb.seed.world import World

from ._catalog import sequences, snapshot, statistics, wait_for_the_seed_to_end

TABLES = ("users", "accounts", "buckets", "usage_records", "audit_logs", "notifications")
BOTH = pytest.mark.parametrize("connections", [1, 2])


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


class _State:
    """Everything a failed seed must leave as it found."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.catalog = snapshot(dsn)
        self.sequences = sequences(dsn)

    def assert_untouched(self) -> None:
        wait_for_the_seed_to_end(self.dsn, timeout=10)  # closed sessions take a moment to go
        assert _total_rows(self.dsn) == 0
        assert snapshot(self.dsn) == self.catalog
        assert sequences(self.dsn) == self.sequences
        assert statistics(self.dsn) == 0


@BOTH
def test_a_check_violation_in_the_last_table_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, connections: int
) -> None:
    def bad_kind(start: int, columns: list[Column]) -> list[Column]:
        kind = next(c for c in columns if c.name == "kind")
        return _replace(columns, "kind", dataclasses.replace(kind, vocab=(b"bogus",) * 6))

    _sabotage(monkeypatch, "notifications", bad_kind)
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match=r"notifications_kind_valid.*nothing was written"):
        seed_database(schema_dsn, scale=0.01, connections=connections)
    state.assert_untouched()


@BOTH
def test_a_duplicate_key_found_when_the_index_is_rebuilt_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, connections: int
) -> None:
    def same_email(start: int, columns: list[Column]) -> list[Column]:
        email = next(c for c in columns if c.name == "email")
        values = np.full(len(email), b"twin@example.com", dtype="S16")
        return _replace(columns, "email", dataclasses.replace(email, values=values))

    _sabotage(monkeypatch, "users", same_email)
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match="users_email_lower_key"):
        seed_database(schema_dsn, scale=0.01, connections=connections)
    state.assert_untouched()


def test_a_duplicate_key_in_a_partitioned_primary_key_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # audit_logs loads in a job of its own; its primary key is a job of its own too.
    def same_id(start: int, columns: list[Column]) -> list[Column]:
        ids = next(c for c in columns if c.name == "id")
        return _replace(columns, "id", dataclasses.replace(ids, values=np.ones_like(ids.values)))

    def same_account(start: int, columns: list[Column]) -> list[Column]:
        account = next(c for c in columns if c.name == "account_id")
        one = dataclasses.replace(account, values=np.ones_like(account.values))
        return same_id(start, _replace(columns, "account_id", one))

    def same_time(start: int, columns: list[Column]) -> list[Column]:
        at = next(c for c in columns if c.name == "created_at")
        first = dataclasses.replace(at, values=np.full_like(at.values, at.values[0]))
        return same_account(start, _replace(columns, "created_at", first))

    _sabotage(monkeypatch, "audit_logs", same_time)
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match="audit_logs"):
        seed_database(schema_dsn, scale=0.01, connections=2)
    state.assert_untouched()


@BOTH
def test_a_dangling_reference_found_when_the_foreign_key_is_added_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, connections: int
) -> None:
    def unknown_user(start: int, columns: list[Column]) -> list[Column]:
        user = next(c for c in columns if c.name == "user_id")
        values = user.values.copy()
        values[0] = 10**9
        return _replace(columns, "user_id", dataclasses.replace(user, values=values))

    _sabotage(monkeypatch, "notifications", unknown_user)
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match="notifications_user_id_fkey"):
        seed_database(schema_dsn, scale=0.01, connections=connections)
    state.assert_untouched()


@BOTH
def test_a_rule_checked_at_commit_fails_the_seed_and_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, connections: int
) -> None:
    # accounts_owner_required is a deferred constraint trigger: it fires at COMMIT
    # (of the one transaction, or of the job loading the small tables).
    def no_owners(start: int, columns: list[Column]) -> list[Column]:
        role = next(c for c in columns if c.name == "role")
        return _replace(columns, "role", dataclasses.replace(role, vocab=(b"member",) * 4))

    _sabotage(monkeypatch, "account_members", no_owners)
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match="must have at least one owner"):
        seed_database(schema_dsn, scale=0.01, connections=connections)
    state.assert_untouched()


@BOTH
def test_a_failing_builder_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, connections: int
) -> None:
    def explode(start: int, columns: list[Column]) -> list[Column]:
        raise RuntimeError("builder broke")

    _sabotage(monkeypatch, "audit_logs", explode)
    state = _State(schema_dsn)
    with pytest.raises(RuntimeError, match="builder broke"):
        seed_database(schema_dsn, scale=0.01, connections=connections)
    state.assert_untouched()


def _failing_after(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, error: BaseException
) -> list[str]:
    """Make `module.name` do its work, then raise `error` (once); returns what it was given."""
    real = getattr(module, name)
    calls: list[str] = []

    def broken(*args: Any) -> Any:
        result = real(*args)
        calls.append(repr(args[-1])[:80])
        if len(calls) == 1:
            raise error
        return result

    monkeypatch.setattr(module, name, broken)
    return calls


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("leaf", psycopg.errors.QueryCanceled("canceling statement due to user request")),
        ("tree", psycopg.errors.QueryCanceled("canceling statement due to user request")),
        ("recursing", psycopg.errors.DiskFull("could not extend file")),
        ("add_foreign_key", psycopg.errors.DeadlockDetected("deadlock detected")),
        ("leaf", KeyboardInterrupt()),
    ],
)
def test_a_job_failing_after_its_work_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException
) -> None:
    # Index builds per partition (leaf), the attachments (tree), a partitioned
    # primary key (recursing), a foreign key between two jobs' tables, and an
    # interrupt: each fails once its statements ran, before its commit.
    calls = _failing_after(monkeypatch, work, where, error)
    state = _State(schema_dsn)
    # A database error is told in one line; an interrupt goes on as it came.
    with pytest.raises(BadInput if isinstance(error, psycopg.Error) else KeyboardInterrupt):
        seed_database(schema_dsn, scale=0.01, connections=2)
    assert calls
    state.assert_untouched()


@BOTH
def test_a_failure_after_the_sequences_moved_puts_them_back(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch, connections: int
) -> None:
    calls = _failing_after(
        monkeypatch,
        generate._Seed,
        "_set_identities",
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    )
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match=r"terminating connection.*nothing was written"):
        seed_database(schema_dsn, scale=0.01, connections=connections)
    assert calls
    state.assert_untouched()


def test_a_failure_while_preparing_leaves_nothing(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After the indexes and foreign keys are dropped, before anything commits.
    def no_jobs(*args: Any) -> Any:
        raise RuntimeError("no jobs today")

    monkeypatch.setattr(generate, "seed_jobs", no_jobs)
    state = _State(schema_dsn)
    with pytest.raises(RuntimeError, match="no jobs today"):
        seed_database(schema_dsn, scale=0.01, connections=2)
    state.assert_untouched()


def test_a_failed_analyze_keeps_the_rows_and_says_so(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ANALYZE runs once the rows and the catalog are committed: it is not part
    # of what a failure takes back, and the error says what is left to do.
    def analyze_nothing(tables: Any, aside: Any) -> list[Any]:
        job = work.analyze_jobs(tables, aside)[0]

        def fail(session: Any) -> None:
            session.conn.execute("SELECT 1/0")

        return [dataclasses.replace(job, run=fail)]

    monkeypatch.setattr(generate, "analyze_jobs", analyze_nothing)
    before = snapshot(schema_dsn)
    with pytest.raises(BadInput, match=r"the rows are in.*ANALYZE failed.*division by zero"):
        seed_database(schema_dsn, scale=0.01, connections=2)
    assert _total_rows(schema_dsn) > 0
    assert snapshot(schema_dsn) == before
    wait_for_the_seed_to_end(schema_dsn, timeout=10)


def test_a_database_without_the_tables_is_refused(dsn: str) -> None:
    with pytest.raises(UsageError, match=r"does not exist.*primedb schema apply.*--apply-schema"):
        seed_database(dsn, scale=0.01)


def test_a_database_with_rows_is_refused(seeded_dsn: str) -> None:
    with pytest.raises(UsageError, match="table users already has rows"):
        seed_database(seeded_dsn, scale=0.01)


def test_a_scale_that_is_not_positive_is_refused(schema_dsn: str) -> None:
    with pytest.raises(UsageError, match="--scale must be positive"):
        seed_database(schema_dsn, scale=0)


def test_no_connection_is_refused(schema_dsn: str) -> None:
    with pytest.raises(UsageError, match="--connections must be at least 1"):
        seed_database(schema_dsn, scale=0.01, connections=0)


def test_schema_dir_applies_the_schema_to_an_empty_database(dsn: str) -> None:
    schema = Path(__file__).resolve().parents[2] / "schema"
    report = seed_database(dsn, scale=0.01, schema_dir=schema)
    with psycopg.connect(dsn) as conn:
        for table in report.tables:
            found = conn.execute(f"SELECT count(*) FROM {table.table}").fetchone()
            assert found == (table.rows,), table.table


def test_undoing_empties_tables_of_kept_records_and_keeps_their_guards(
    schema_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # audit_logs, orders, invoices and access_keys refuse a TRUNCATE once they have
    # rows; a foreign key failing last finds them committed, and the undo still
    # empties them, its own rows, and leaves the guards as they were: each in the
    # mode it was found in (origin, always, replica, disabled).
    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE orders ENABLE ALWAYS TRIGGER orders_no_truncate")
        conn.execute("ALTER TABLE invoices ENABLE REPLICA TRIGGER invoices_no_truncate")
        conn.execute("ALTER TABLE access_keys DISABLE TRIGGER access_keys_no_truncate")
    calls = _failing_after(
        monkeypatch, work, "add_foreign_key", psycopg.errors.QueryCanceled("canceled")
    )
    state = _State(schema_dsn)
    with pytest.raises(BadInput, match="canceled"):
        seed_database(schema_dsn, scale=0.01, connections=2)
    assert calls
    state.assert_untouched()
    with psycopg.connect(schema_dsn) as conn:
        conn.execute(
            "INSERT INTO audit_logs (account_id, action, resource_type) VALUES (1, 'a.b', 'user')"
        )
        with pytest.raises(psycopg.errors.RestrictViolation, match="kept records") as refused:
            conn.execute("TRUNCATE audit_logs")
        assert refused.value.diag.constraint_name == "audit_logs_no_truncate"
