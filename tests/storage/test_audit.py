"""The audit log: one row per mutation in its transaction, read back by keyset pages."""

import base64
import json

import psycopg
import pytest

from primedb.storage import DatabaseStorage, ValidationError
from primedb.storage.cursor import Keyset, decode_cursor, encode_cursor

from ._helpers import World, fetch, refused

# 25 events of one account: 12 at one instant (a tie broken by id), the rest a
# month apart, across the monthly partitions and the default one.
EVENTS = """
INSERT INTO audit_logs (account_id, action, resource_type, created_at)
SELECT %(account)s, 'bucket.created', 'bucket',
       CASE WHEN g <= 12 THEN timestamptz '2026-06-15 12:00:00+00'
            ELSE timestamptz '2026-06-15 12:00:00+00' - make_interval(months => g - 12) END
FROM generate_series(1, 25) AS g
"""


def _all_pages(storage: DatabaseStorage, account: int, size: int) -> list[list[int]]:
    pages: list[list[int]] = []
    cursor = None
    while True:
        page = storage.audit_log(account, cursor=cursor, page_size=size)
        pages.append([e.id for e in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_pages_cover_the_log_newest_first_exactly_once(
    storage: DatabaseStorage, world: World
) -> None:
    with psycopg.connect(world.dsn) as conn:
        conn.execute(EVENTS, {"account": world.account.id})
    expected = [
        r[0]
        for r in fetch(
            world.dsn,
            "SELECT id FROM audit_logs WHERE account_id = %s ORDER BY created_at DESC, id DESC",
            (world.account.id,),
        )
    ]
    assert len(expected) == 25 + 6  # the events above and the world's own mutations
    pages = _all_pages(storage, world.account.id, 7)
    assert [len(p) for p in pages] == [7, 7, 7, 7, 3]
    assert [i for p in pages for i in p] == expected
    # A page size that divides the log exactly has no empty last page.
    assert [len(p) for p in _all_pages(storage, world.account.id, 31)] == [31]


def test_entries_carry_actor_address_and_metadata(storage: DatabaseStorage, world: World) -> None:
    storage.close_account(world.account.id, actor=world.as_owner)
    (latest,) = storage.audit_log(world.account.id, page_size=1).items
    assert (latest.action, latest.actor_user_id, latest.ip) == (
        "account.closed",
        world.owner.id,
        "203.0.113.7",
    )
    assert latest.metadata == {"from": "active", "to": "closed"}
    assert latest.resource_type == "account" and latest.resource_id == str(world.account.id)


def test_a_failed_mutation_leaves_no_audit_row(storage: DatabaseStorage, world: World) -> None:
    before = fetch(world.dsn, "SELECT count(*) FROM audit_logs")
    with pytest.raises(ValidationError):
        storage.create_bucket(world.account.id, name="acme-logs2", region="nowhere")
    assert fetch(world.dsn, "SELECT count(*) FROM audit_logs") == before


def test_cursor_round_trip_and_forgeries(storage: DatabaseStorage, world: World) -> None:
    page = storage.audit_log(world.account.id, page_size=2)
    assert page.next_cursor is not None
    key = decode_cursor(page.next_cursor)
    assert key == Keyset(created_at=page.items[-1].created_at, id=page.items[-1].id)
    assert encode_cursor(key) == page.next_cursor

    def b64(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    forged = [
        "",
        "not base64 at all!",
        "x" * 300,
        b64({"created_at": "2026-01-01"}),
        b64(["2026-01-01T00:00:00+00:00", True]),
        b64(["2026-01-01T00:00:00", 5]),  # no time zone
        b64(["yesterday", 5]),
        b64(["2026-01-01T00:00:00+00:00", 0]),
    ]
    for cursor in forged:
        refused(
            world.dsn,
            ValidationError,
            lambda cursor=cursor: storage.audit_log(world.account.id, cursor=cursor),
            field="cursor",
        )
    for size in (0, 501):
        refused(
            world.dsn,
            ValidationError,
            lambda size=size: storage.audit_log(world.account.id, page_size=size),
            field="page_size",
        )
