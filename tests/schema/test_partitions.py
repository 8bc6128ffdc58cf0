"""Monthly partitions of audit_logs and usage_records (schema/90_partitions.sql).

Applying the schema creates the DEFAULT partition, the current UTC month, the
next 3 and the 12 previous; rows route to their UTC month, or to the DEFAULT
partition outside every month; ensure_monthly_partitions() is idempotent, takes
another anchor, does not depend on the session TimeZone, moves the rows of a new
month out of the DEFAULT partition, and refuses what it cannot serve.
"""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from psycopg import errors, sql

from ._helpers import (
    Conn,
    connect,
    count,
    month_bound,
    month_partition,
    new_account,
    new_audit_log,
    new_bucket,
    new_usage,
    one,
    partition_of,
    partitions,
    refused,
    utc_month,
)

PARENTS = ("audit_logs", "usage_records")


def _ensure(conn: Conn, parent: str, **arguments: Any) -> list[str]:
    names = ", ".join(f"{name} => %({name})s" for name in arguments)
    query = f"SELECT * FROM ensure_monthly_partitions(%(parent)s{', ' if names else ''}{names})"
    return [name for (name,) in conn.execute(query, {"parent": parent, **arguments})]


def _row(conn: Conn, parent: str, account: int, at: Any, bucket: int | None = None) -> int:
    if parent == "audit_logs":
        return new_audit_log(conn, account, created_at=at)
    return new_usage(conn, account, recorded_at=at, bucket_id=bucket)


def _start(month: tuple[int, int]) -> datetime:
    return datetime(month[0], month[1], 1, tzinfo=UTC)


def test_apply_creates_default_current_next_three_and_previous_twelve(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for parent in PARENTS:
            expected = {f"{parent}_default": "DEFAULT"} | {
                month_partition(parent, utc_month(k)): month_bound(utc_month(k))
                for k in range(-12, 4)
            }
            assert partitions(conn, parent) == expected, parent


def test_rows_route_to_their_utc_month(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        current, previous = utc_month(), utc_month(-1)
        start = _start(current)
        cases = {
            start: current,  # the first instant belongs to the month
            start - timedelta(microseconds=1): previous,  # the last instant of the month before
            start + timedelta(days=14): current,
            # The same instant as `start`, written in São Paulo time (the month before there).
            start.astimezone(timezone(timedelta(hours=-3))): current,
            _start(utc_month(3)) + timedelta(days=27): utc_month(3),
            _start(utc_month(-12)): utc_month(-12),
        }
        for parent in PARENTS:
            for at, month in cases.items():
                row = _row(conn, parent, account, at)
                assert partition_of(conn, parent, row) == month_partition(parent, month), at


def test_rows_outside_every_month_land_in_the_default_partition(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        outside = [
            _start(utc_month(-12)) - timedelta(microseconds=1),
            _start(utc_month(4)),
            datetime(2000, 1, 1, tzinfo=UTC),
            datetime(2999, 1, 1, tzinfo=UTC),
        ]
        for parent in PARENTS:
            for at in outside:
                row = _row(conn, parent, account, at)
                assert partition_of(conn, parent, row) == f"{parent}_default", at


def test_ensure_is_idempotent(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for parent in PARENTS:
            before = partitions(conn, parent)
            assert _ensure(conn, parent, months_ahead=3, months_back=12) == []
            assert _ensure(conn, parent) == []
            assert partitions(conn, parent) == before


def test_ensure_works_around_another_anchor(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        before = partitions(conn, "usage_records")
        audit_before = partitions(conn, "audit_logs")
        created = _ensure(
            conn,
            "usage_records",
            months_ahead=2,
            months_back=1,
            anchor=datetime(2031, 1, 15, 12, tzinfo=UTC),
        )
        months = [(2030, 12), (2031, 1), (2031, 2), (2031, 3)]
        assert created == [month_partition("usage_records", m) for m in months]
        assert partitions(conn, "usage_records") == before | {
            month_partition("usage_records", m): month_bound(m) for m in months
        }
        assert partitions(conn, "audit_logs") == audit_before  # another parent: untouched


# (session TimeZone, an anchor near a month's edge, the UTC month it is in)
TIMEZONES = [
    ("Pacific/Kiritimati", "2032-03-31 23:30:00+00", (2032, 3)),  # already April 1 there
    ("Etc/GMT+12", "2033-06-01 00:30:00+00", (2033, 6)),  # still May 31 there
    ("America/Sao_Paulo", "2034-01-01 01:00:00+00", (2034, 1)),  # still 2033 there
]


@pytest.mark.parametrize(("timezone", "anchor", "month"), TIMEZONES)
def test_names_and_bounds_do_not_depend_on_the_session_timezone(
    schema_dsn: str, timezone: str, anchor: str, month: tuple[int, int]
) -> None:
    with connect(schema_dsn) as conn:
        conn.execute("SELECT set_config('TimeZone', %s, false)", [timezone])
        conn.execute("SET DateStyle = 'SQL, DMY'")
        created = _ensure(conn, "audit_logs", months_ahead=0, months_back=0, anchor=anchor)
        assert created == [month_partition("audit_logs", month)]
        assert partitions(conn, "audit_logs")[created[0]] == month_bound(month)
        # And rows route by their UTC month in that session too.
        row = new_audit_log(conn, new_account(conn), created_at=_start(month))
        assert partition_of(conn, "audit_logs", row) == created[0]


ROWS = sql.SQL("SELECT to_jsonb(t) FROM {} AS t ORDER BY id")


def _contents(conn: Conn, parent: str) -> list[Any]:
    return [r for (r,) in conn.execute(ROWS.format(sql.Identifier(parent)))]


def test_rows_of_a_new_month_move_out_of_the_default_partition(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        bucket = new_bucket(conn, account)
        may, june, far = (
            datetime(2035, 5, 10, tzinfo=UTC),
            datetime(2035, 6, 30, 23, 59, 59, tzinfo=UTC),
            datetime(2040, 1, 1, tzinfo=UTC),
        )
        rows: dict[str, list[int]] = {}
        for parent in PARENTS:
            rows[parent] = [_row(conn, parent, account, at, bucket) for at in (may, june, far)]
        before = {parent: _contents(conn, parent) for parent in PARENTS}
        for parent in PARENTS:
            assert {partition_of(conn, parent, r) for r in rows[parent]} == {f"{parent}_default"}
            created = _ensure(
                conn, parent, months_ahead=1, months_back=0, anchor=datetime(2035, 5, 1, tzinfo=UTC)
            )
            assert created == [
                month_partition(parent, (2035, 5)),
                month_partition(parent, (2035, 6)),
            ]
            assert [partition_of(conn, parent, r) for r in rows[parent]] == [
                *created,
                f"{parent}_default",
            ]
            assert _contents(conn, parent) == before[parent]  # same rows, same ids and values
            assert count(conn, f"{parent}_default") == 1


def test_the_append_only_trigger_is_back_on_after_a_move(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        moved = new_audit_log(conn, account, created_at=datetime(2036, 3, 3, tzinfo=UTC))
        stays = new_audit_log(conn, account, created_at=datetime(2040, 3, 3, tzinfo=UTC))
        _ensure(conn, "audit_logs", months_ahead=0, anchor=datetime(2036, 3, 1, tzinfo=UTC))
        assert partition_of(conn, "audit_logs", moved) == "audit_logs_2036_03"
        enabled = one(
            conn,
            "SELECT tgenabled FROM pg_catalog.pg_trigger"
            " WHERE tgrelid = 'audit_logs_default'::regclass AND tgname = 'audit_logs_append_only'",
        )
        assert enabled == "O"
        for row in (moved, stays):
            with refused(errors.RestrictViolation, "audit_logs_append_only"):
                conn.execute("DELETE FROM audit_logs WHERE id = %s", [row])
            with refused(errors.RestrictViolation, "audit_logs_append_only"):
                conn.execute("UPDATE audit_logs SET action = 'x.y' WHERE id = %s", [row])
        assert count(conn, "audit_logs") == 2


NOT_MONTHLY = {
    "plain": "CREATE TABLE plain (at timestamptz)",
    "by_list": "CREATE TABLE by_list (kind text) PARTITION BY LIST (kind)",
    "by_date": "CREATE TABLE by_date (day date) PARTITION BY RANGE (day)",
    "by_two": "CREATE TABLE by_two (a timestamptz, b timestamptz) PARTITION BY RANGE (a, b)",
    # An expression key, even one of type timestamptz.
    "by_expression": "CREATE TABLE by_expression (at timestamptz)"
    " PARTITION BY RANGE (((at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'))",
    "by_hash": "CREATE TABLE by_hash (at timestamptz) PARTITION BY HASH (at)",
    "by_timestamp": "CREATE TABLE by_timestamp (at timestamp) PARTITION BY RANGE (at)",
}


def test_a_table_not_partitioned_by_range_on_one_timestamptz_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for table, ddl in NOT_MONTHLY.items():
            conn.execute(ddl)
            for call in (
                "SELECT * FROM ensure_monthly_partitions(%s)",
                "SELECT * FROM drop_partitions_older_than(%s, 1)",
            ):
                with pytest.raises(errors.WrongObjectType) as info:
                    conn.execute(call, [table])
                assert info.value.diag.message_primary == (
                    f"{table} is not partitioned by range on one timestamptz column"
                )
            assert (
                one(
                    conn,
                    "SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = %s::regclass",
                    [table],
                )
                == 0
            )


def test_negative_arguments_are_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        before = partitions(conn, "audit_logs")
        for arguments in ({"months_ahead": -1}, {"months_back": -1}):
            with pytest.raises(errors.InvalidParameterValue) as info:
                _ensure(conn, "audit_logs", **arguments)
            assert info.value.diag.message_primary == (
                "months_ahead and months_back must not be negative"
            )
        assert partitions(conn, "audit_logs") == before


# Every index of a parent, and the partitions that lack their copy of it.
MISSING_PARTITION_INDEXES = """
SELECT p.relname AS parent_index, c.relname AS partition
FROM pg_catalog.pg_index pi
JOIN pg_catalog.pg_class p ON p.oid = pi.indexrelid
JOIN pg_catalog.pg_inherits tc ON tc.inhparent = pi.indrelid
JOIN pg_catalog.pg_class c ON c.oid = tc.inhrelid
WHERE pi.indrelid = %s::regclass
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_inherits ii
    JOIN pg_catalog.pg_index ci ON ci.indexrelid = ii.inhrelid
    WHERE ii.inhparent = pi.indexrelid AND ci.indrelid = tc.inhrelid AND ci.indisvalid)
"""
PARENT_INDEXES = "SELECT count(*) FROM pg_catalog.pg_index WHERE indrelid = %s::regclass"


def test_indexes_and_rules_of_the_parent_exist_on_new_partitions(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        anchor = datetime(2037, 7, 1, tzinfo=UTC)
        for parent in PARENTS:
            _ensure(conn, parent, months_ahead=0, anchor=anchor)
            assert one(conn, PARENT_INDEXES, [parent]) >= 2
            assert conn.execute(MISSING_PARTITION_INDEXES, [parent]).fetchall() == []
        # CHECKs and triggers reach a new partition even when it is written directly.
        account = new_account(conn)
        with refused(errors.CheckViolation, "usage_records_metric_valid"):
            conn.execute(
                "INSERT INTO usage_records_2037_07 (id, account_id, metric, quantity, recorded_at)"
                " VALUES (424242, %s, 'bogus', 1, %s)",
                [account, anchor],
            )
        row = new_audit_log(conn, account, created_at=anchor)
        with refused(errors.RestrictViolation, "audit_logs_append_only"):
            conn.execute("DELETE FROM audit_logs_2037_07 WHERE id = %s", [row])
