"""Managed monthly partitions: left out by default, flagged on their parent, made by the dump."""

from dataclasses import replace

from primedb.catalog import read_catalog
from primedb.catalog.partitions import is_monthly_partition, month_bound
from primedb.catalog.tables import Table

from .helpers import run_sql

MONTHLY = """
CREATE TABLE ev (id int, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE ev_default PARTITION OF ev DEFAULT;
CREATE TABLE ev_2024_01 PARTITION OF ev
    FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00');
CREATE TABLE ev_2024_02 PARTITION OF ev
    FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00');
-- Named like a month, but bounded by São Paulo's month: not managed.
CREATE TABLE ev_2024_03 PARTITION OF ev
    FOR VALUES FROM ('2024-03-01 00:00:00-03') TO ('2024-04-01 00:00:00-03');
-- The right bound, with something of its own: not managed either.
CREATE TABLE ev_2024_05 PARTITION OF ev
    FOR VALUES FROM ('2024-05-01 00:00:00+00') TO ('2024-06-01 00:00:00+00');
CREATE INDEX ev_2024_05_id ON ev_2024_05 (id);
-- A stand-in for schema/90_partitions.sql's function: only its signature matters here.
CREATE FUNCTION ensure_monthly_partitions(parent regclass, months_ahead integer DEFAULT 3,
    months_back integer DEFAULT 0, anchor timestamptz DEFAULT now()) RETURNS SETOF text
LANGUAGE sql AS 'SELECT NULL::text WHERE false';
"""


def test_managed_partitions_are_left_out_and_flag_their_parent(dsn: str) -> None:
    run_sql(dsn, MONTHLY)
    catalog = read_catalog(dsn)
    names = {t.name for t in catalog.tables}
    assert names == {"ev", "ev_default", "ev_2024_03", "ev_2024_05"}
    assert catalog.table("public", "ev").monthly_partitions
    assert not catalog.table("public", "ev_default").monthly_partitions
    full = read_catalog(dsn, include_managed_partitions=True)
    assert {t.name for t in full.tables} == names | {"ev_2024_01", "ev_2024_02"}
    assert full.table("public", "ev").monthly_partitions
    assert full.managed_partitions_included and not catalog.managed_partitions_included


def test_adding_a_month_is_not_drift(dsn: str) -> None:
    run_sql(dsn, MONTHLY)
    before = read_catalog(dsn)
    run_sql(
        dsn,
        "CREATE TABLE ev_2024_07 PARTITION OF ev "
        "FOR VALUES FROM ('2024-07-01 00:00:00+00') TO ('2024-08-01 00:00:00+00')",
    )
    assert read_catalog(dsn) == before
    with_months = read_catalog(dsn, include_managed_partitions=True)
    assert "ev_2024_07" in {t.name for t in with_months.tables}


def test_without_the_ensure_function_months_are_plain_partitions(dsn: str) -> None:
    run_sql(dsn, MONTHLY.replace("CREATE FUNCTION ensure_monthly_partitions", "CREATE FUNCTION x"))
    catalog = read_catalog(dsn)
    assert {"ev_2024_01", "ev_2024_02"} <= {t.name for t in catalog.tables}
    assert not catalog.table("public", "ev").monthly_partitions


def test_prime_schema_flags_its_two_partitioned_tables(schema_dsn: str) -> None:
    catalog = read_catalog(schema_dsn)
    flagged = sorted(t.name for t in catalog.tables if t.monthly_partitions)
    assert flagged == ["audit_logs", "usage_records"]
    partitions = sorted(t.name for t in catalog.tables if t.parent)
    assert partitions == ["audit_logs_default", "usage_records_default"]


def test_month_shape() -> None:
    table = Table(
        schema="public",
        name="ev_2024_12",
        parent=("public", "ev"),
        partition_bound=month_bound(2024, 12),
    )
    assert table.partition_bound == (
        "FOR VALUES FROM ('2024-12-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"
    )
    assert is_monthly_partition(table)
    assert not is_monthly_partition(replace(table, name="other_2024_12"))
    assert not is_monthly_partition(replace(table, name="ev_2024_11"))
    assert not is_monthly_partition(replace(table, partition_key="RANGE (at)"))
    assert not is_monthly_partition(replace(table, name="ev_2024_13"))
