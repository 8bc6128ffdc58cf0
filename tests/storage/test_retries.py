"""Transactions that lose a race are run again, a bounded number of times.

The conflicts are real: a second connection changes a row under a SERIALIZABLE
transaction (SQLSTATE 40001), or two transactions lock two rows in opposite
orders (40P01, found by PostgreSQL's deadlock detector).
"""

import threading
import time
from collections.abc import Mapping
from typing import Any

import psycopg
import pytest

from primedb.errors import DatabaseUnreachable
from primedb.sqlfiles import NamedQuery
from primedb.storage import (
    AccountStatus,
    AesGcmKeyring,
    DatabaseStorage,
    RetriesExhausted,
    RetryPolicy,
    run_transaction,
)

from ._helpers import World, audit_actions, fetch

RENAME = "UPDATE accounts SET name = %s WHERE id = %s"


def _interfering_work(dsn: str, account_id: int, attempts: list[int], interfere_until: int) -> Any:
    """A unit of work whose row is changed by another connection, on its first attempts."""

    def work(conn: psycopg.Connection[Any]) -> int:
        attempts.append(len(attempts) + 1)
        conn.execute("SELECT name FROM accounts WHERE id = %s", (account_id,))  # the snapshot
        if len(attempts) <= interfere_until:
            with psycopg.connect(dsn, autocommit=True) as other:
                other.execute(RENAME, (f"renamed by the other {len(attempts)}", account_id))
        conn.execute(RENAME, ("renamed by the unit of work", account_id))  # 40001 after a change
        return len(attempts)

    return work


def test_a_serialization_failure_is_retried_and_then_succeeds(
    storage: DatabaseStorage, world: World
) -> None:
    attempts: list[int] = []
    pauses: list[float] = []
    policy = RetryPolicy(attempts=3, sleep=pauses.append, jitter=lambda d: d)
    work = _interfering_work(world.dsn, world.account.id, attempts, interfere_until=1)
    assert run_transaction(storage.pool, work, operation="rename", policy=policy) == 2
    assert attempts == [1, 2]
    assert pauses == [0.01]  # one pause, the base delay (jitter off)
    assert fetch(world.dsn, "SELECT name FROM accounts WHERE id = %s", (world.account.id,)) == [
        ("renamed by the unit of work",)
    ]


def test_retries_give_up_after_the_policy_s_attempts(
    storage: DatabaseStorage, world: World
) -> None:
    attempts: list[int] = []
    pauses: list[float] = []
    policy = RetryPolicy(attempts=3, sleep=pauses.append, jitter=lambda d: d)
    work = _interfering_work(world.dsn, world.account.id, attempts, interfere_until=99)
    with pytest.raises(RetriesExhausted) as caught:
        run_transaction(storage.pool, work, operation="rename", policy=policy)
    assert (caught.value.attempts, caught.value.sqlstate) == (3, "40001")
    assert str(caught.value).startswith("rename conflicts: gave up after 3 attempts")
    assert attempts == [1, 2, 3]
    assert pauses == [0.01, 0.02]  # exponential back-off
    # None of the unit's own writes landed: the row holds the other connection's last change.
    assert fetch(world.dsn, "SELECT name FROM accounts WHERE id = %s", (world.account.id,)) == [
        ("renamed by the other 3",)
    ]


def test_a_deadlock_victim_is_retried(
    storage: DatabaseStorage, owner_storage: DatabaseStorage, world: World
) -> None:
    other = storage.create_account(name="Other", cnpj="11444777000161", owner=world.outsider.id)
    first, second = world.account.id, other.id
    both_hold_one = threading.Barrier(2, timeout=20)
    runs: list[str] = []

    def locker(name: str, order: tuple[int, int]) -> Any:
        def work(conn: psycopg.Connection[Any]) -> int:
            runs.append(name)
            conn.execute("SET LOCAL deadlock_timeout = '200ms'")  # find it soon
            conn.execute("SELECT 1 FROM accounts WHERE id = %s FOR UPDATE", (order[0],))
            if runs.count(name) == 1:  # only the first run waits for the other to hold its row
                both_hold_one.wait()
            conn.execute("SELECT 1 FROM accounts WHERE id = %s FOR UPDATE", (order[1],))
            return runs.count(name)

        return work

    outcomes: dict[str, object] = {}

    def run(name: str, order: tuple[int, int]) -> None:
        try:
            outcomes[name] = run_transaction(
                owner_storage.pool,  # SET deadlock_timeout takes a superuser
                locker(name, order),
                operation=name,
                # The victim waits before its second run, so the survivor, whose lock
                # wait the victim's rollback ended, takes the row first: a victim that
                # came back at once could win that race and deadlock again.
                policy=RetryPolicy(attempts=3, sleep=lambda _s: time.sleep(0.5)),
            )
        except BaseException as exc:  # reported below, in the test's thread
            outcomes[name] = exc

    threads = [
        threading.Thread(target=run, args=("a", (first, second))),
        threading.Thread(target=run, args=("b", (second, first))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), runs
    # Both committed; exactly one was the deadlock's victim and needed a second run.
    assert sorted(outcomes.values()) == [1, 2], (outcomes, runs)  # type: ignore[type-var]


def _wait_until_blocked(dsn: str, application_name: str) -> None:
    for _ in range(500):
        rows = fetch(
            dsn,
            "SELECT 1 FROM pg_catalog.pg_stat_activity WHERE application_name = %s "
            "AND wait_event_type = 'Lock'",
            (application_name,),
        )
        if rows:
            return
        time.sleep(0.01)
    raise AssertionError("the storage call never waited for the lock")


def test_a_storage_operation_retries_through_a_concurrent_update(
    world: World, named_queries: Mapping[str, NamedQuery]
) -> None:
    pauses: list[float] = []
    policy = RetryPolicy(attempts=3, sleep=pauses.append)
    with DatabaseStorage.open(
        world.dsn, box=AesGcmKeyring.generate(), retry=policy, queries=named_queries
    ) as storage:
        holder = psycopg.connect(world.dsn)
        holder.execute(RENAME, ("Acme Ltda", world.account.id))  # holds the row, uncommitted
        result: list[Any] = []
        call = threading.Thread(
            target=lambda: result.append(storage.suspend_account(world.account.id))
        )
        call.start()
        _wait_until_blocked(world.dsn, "primedb.storage")
        holder.commit()  # the storage's snapshot predates this change: 40001, then a retry
        holder.close()
        call.join(timeout=30)
    (account,) = result
    assert account.status is AccountStatus.SUSPENDED and account.name == "Acme Ltda"
    assert len(pauses) == 1
    assert audit_actions(world.dsn, world.account.id).count("account.suspended") == 1


def test_a_connection_lost_mid_transaction_is_database_unreachable(
    storage: DatabaseStorage, owner_storage: DatabaseStorage, world: World
) -> None:
    def work(conn: psycopg.Connection[Any]) -> None:
        conn.execute(RENAME, ("never committed", world.account.id))
        conn.execute("SELECT pg_catalog.pg_terminate_backend(pg_catalog.pg_backend_pid())")

    with pytest.raises(DatabaseUnreachable, match=r"^rename: lost the database"):
        # The owner's pool: a backend of a superuser session ends only by a superuser.
        run_transaction(owner_storage.pool, work, operation="rename")
    assert fetch(world.dsn, "SELECT name FROM accounts WHERE id = %s", (world.account.id,)) == [
        ("Acme",)
    ]
    assert owner_storage.get_account(world.account.id) is not None  # the pool replaced it
