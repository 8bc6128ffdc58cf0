"""Retention of the monthly partitions: drop_partitions_older_than().

It detaches and drops exactly the monthly partitions that end on or before the
start of the month `keep_months` months before the anchor's UTC month, never the
DEFAULT partition, and returns their names, oldest first. Rows go with their
partition; nothing is DELETEd.
"""

from datetime import UTC, datetime
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
    new_usage,
    partitions,
    utc_month,
)

PARENTS = ("audit_logs", "usage_records")


def _drop(conn: Conn, parent: str, keep_months: int, anchor: Any = None) -> list[str]:
    if anchor is None:
        query = "SELECT * FROM drop_partitions_older_than(%s, %s)"
        return [name for (name,) in conn.execute(query, [parent, keep_months])]
    query = "SELECT * FROM drop_partitions_older_than(%s, %s, %s)"
    return [name for (name,) in conn.execute(query, [parent, keep_months, anchor])]


def _ensure(conn: Conn, parent: str, ahead: int, back: int, anchor: datetime) -> None:
    conn.execute("SELECT ensure_monthly_partitions(%s, %s, %s, %s)", [parent, ahead, back, anchor])


def _row(conn: Conn, parent: str, account: int, at: datetime) -> int:
    if parent == "audit_logs":
        return new_audit_log(conn, account, created_at=at)
    return new_usage(conn, account, recorded_at=at)


def _at(month: tuple[int, int], day: int = 15) -> datetime:
    return datetime(month[0], month[1], day, tzinfo=UTC)


def _monthly(names: dict[str, str]) -> list[str]:
    return sorted(name for name, bound in names.items() if bound != "DEFAULT")


def test_drops_exactly_the_months_before_the_cutoff(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for parent in PARENTS:
            rows = {k: _row(conn, parent, account, _at(utc_month(k))) for k in (-12, -7, -6, 0)}
            old_in_default = _row(conn, parent, account, datetime(2000, 1, 1, tzinfo=UTC))
            # keep_months 6: the 6 months before the current one are kept.
            dropped = _drop(conn, parent, 6)
            assert dropped == [month_partition(parent, utc_month(k)) for k in range(-12, -6)]
            assert partitions(conn, parent) == {f"{parent}_default": "DEFAULT"} | {
                month_partition(parent, utc_month(k)): month_bound(utc_month(k))
                for k in range(-6, 4)
            }
            query = sql.SQL("SELECT id FROM {}").format(sql.Identifier(parent))
            remaining = {r for (r,) in conn.execute(query)}
            assert remaining == {rows[-6], rows[0], old_in_default}


def test_a_second_call_drops_nothing(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        for parent in PARENTS:
            assert len(_drop(conn, parent, 3)) == 9
            before = partitions(conn, parent)
            assert _drop(conn, parent, 3) == []
            assert partitions(conn, parent) == before


def test_keep_zero_with_another_anchor_keeps_the_anchor_month_on(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        anchor = datetime(2030, 6, 15, tzinfo=UTC)
        _ensure(conn, "audit_logs", 1, 3, anchor)  # 2030-03 .. 2030-07
        before = _monthly(partitions(conn, "audit_logs"))
        dropped = _drop(conn, "audit_logs", 0, anchor)
        kept = [month_partition("audit_logs", m) for m in ((2030, 6), (2030, 7))]
        assert sorted(dropped) == sorted(set(before) - set(kept))
        assert dropped[-3:] == [month_partition("audit_logs", (2030, m)) for m in (3, 4, 5)]
        assert _monthly(partitions(conn, "audit_logs")) == kept
        # The other parent is untouched.
        assert len(_monthly(partitions(conn, "usage_records"))) == 16


@pytest.mark.parametrize(
    ("timezone", "datestyle"),
    [("Etc/GMT+12", "Postgres, DMY"), ("Pacific/Kiritimati", "SQL, DMY"), ("UTC", "ISO, MDY")],
)
def test_the_cutoff_does_not_depend_on_the_session_timezone(
    schema_dsn: str, timezone: str, datestyle: str
) -> None:
    with connect(schema_dsn) as conn:
        _ensure(conn, "usage_records", 2, 1, datetime(2030, 6, 1, tzinfo=UTC))  # 2030-05 .. 08
        conn.execute("SELECT set_config('TimeZone', %s, false)", [timezone])
        conn.execute("SELECT set_config('DateStyle', %s, false)", [datestyle])
        # 00:30 UTC on July 1 is still June 30 west of Greenwich: the cutoff is UTC July.
        dropped = _drop(conn, "usage_records", 0, "2030-07-01 00:30:00+00")
        assert dropped[-2:] == ["usage_records_2030_05", "usage_records_2030_06"]
        assert _monthly(partitions(conn, "usage_records")) == [
            "usage_records_2030_07",
            "usage_records_2030_08",
        ]


def test_the_default_partition_is_never_dropped(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for parent in PARENTS:
            _row(conn, parent, account, datetime(2000, 1, 1, tzinfo=UTC))  # in the default
            _row(conn, parent, account, _at(utc_month()))
            expected = [month_partition(parent, utc_month(k)) for k in range(-12, 4)]
            assert _drop(conn, parent, 0, datetime(2100, 1, 1, tzinfo=UTC)) == expected
            assert partitions(conn, parent) == {f"{parent}_default": "DEFAULT"}
            assert count(conn, parent) == 1


def test_negative_keep_months_and_unpartitioned_tables_are_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        before = partitions(conn, "audit_logs")
        with pytest.raises(errors.InvalidParameterValue) as info:
            _drop(conn, "audit_logs", -1)
        assert info.value.diag.message_primary == "keep_months must not be negative"
        with pytest.raises(errors.WrongObjectType):
            _drop(conn, "accounts", 1)
        assert partitions(conn, "audit_logs") == before
