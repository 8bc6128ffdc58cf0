"""The facade itself: its pool, its observer, and read operations that cannot write."""

import socket
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from primedb.errors import DatabaseUnreachable
from primedb.sqlfiles import NamedQuery
from primedb.storage import (
    AesGcmKeyring,
    DatabaseStorage,
    Isolation,
    PoolSettings,
    run_transaction,
)

from ._helpers import World


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def observe(self, query: str, seconds: float, *, failed: bool) -> None:
        assert seconds >= 0
        self.seen.append((query, failed))


def test_the_observer_hears_every_statement_by_name(
    schema_dsn: str, named_queries: Mapping[str, NamedQuery]
) -> None:
    recorder = Recorder()
    with DatabaseStorage.open(
        schema_dsn, box=AesGcmKeyring.generate(), queries=named_queries, observer=recorder
    ) as storage:
        user = storage.create_user(email="ana@acme.com.br", name="Ana")
        storage.create_account(name="Acme", cnpj="11222333000181", owner=user.id)
        with pytest.raises(Exception, match="e-mail exists"):
            storage.create_user(email="ana@acme.com.br", name="Ana")
    assert recorder.seen == [
        ("insert_user", False),
        ("user_by_id", False),
        ("insert_account", False),
        ("insert_member", False),
        ("insert_audit_log", False),
        ("insert_user", True),
    ]


def test_reads_run_in_read_only_transactions(
    world: World, named_queries: Mapping[str, NamedQuery]
) -> None:
    sneaky = dict(named_queries)
    sneaky["account_by_id"] = replace(
        named_queries["account_by_id"],
        sql="UPDATE accounts SET name = 'x' WHERE id = %(account_id)s RETURNING *",
    )
    with (
        DatabaseStorage.open(world.dsn, box=AesGcmKeyring.generate(), queries=sneaky) as storage,
        pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
    ):
        storage.get_account(world.account.id)


def test_a_pool_given_is_left_open_and_an_opened_one_is_closed(
    schema_dsn: str, named_queries: Mapping[str, NamedQuery]
) -> None:
    with ConnectionPool(schema_dsn, min_size=1, open=True) as pool:
        with DatabaseStorage(pool, box=AesGcmKeyring.generate(), queries=named_queries):
            pass
        assert not pool.closed
    opened = DatabaseStorage.open(schema_dsn, box=AesGcmKeyring.generate(), queries=named_queries)
    opened.close()
    assert opened.pool.closed


def test_an_unreachable_server_is_one_clear_error(
    named_queries: Mapping[str, NamedQuery],
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dsn = f"host=127.0.0.1 port={port} user=app password=s3cret dbname=x connect_timeout=1"
    with pytest.raises(DatabaseUnreachable) as caught:
        DatabaseStorage.open(
            dsn,
            box=AesGcmKeyring.generate(),
            queries=named_queries,
            pool=PoolSettings(open_timeout=1),
        )
    assert "s3cret" not in str(caught.value)
    assert str(caught.value).endswith("check the DSN and the server")


@pytest.mark.parametrize(
    ("isolation", "read_only", "shown"),
    [
        (Isolation.SERIALIZABLE, False, ("serializable", "off")),
        (Isolation.READ_COMMITTED, True, ("read committed", "on")),
        (Isolation.REPEATABLE_READ, False, ("repeatable read", "off")),
    ],
)
def test_each_unit_runs_at_its_level_and_leaves_the_pool_as_it_was(
    schema_dsn: str, isolation: Isolation, read_only: bool, shown: tuple[str, str]
) -> None:
    def settings(conn: psycopg.Connection[Any]) -> tuple[str, str]:
        level = conn.execute("SHOW transaction_isolation").fetchone()
        mode = conn.execute("SHOW transaction_read_only").fetchone()
        assert level is not None and mode is not None
        return level[0], mode[0]

    with ConnectionPool(schema_dsn, min_size=1, max_size=1, open=True) as pool:
        assert (
            run_transaction(pool, settings, operation="t", isolation=isolation, read_only=read_only)
            == shown
        )
        with pool.connection() as conn:
            assert (conn.isolation_level, conn.read_only) == (None, None)
