"""The round trip: read a database, dump it as SQL, run the dump on an empty database, read again.

The second read must equal the first, for the PrimeCloudProV2 schema (with and
without its managed partitions) and for a kitchen-sink schema holding every
kind the model covers.
"""

from primedb.catalog import Catalog, dump_sql, read_catalog
from primedb.schema import apply_schema

from .conftest import KITCHEN_SINK
from .helpers import differences, psql, run_sql, scalar

ROOT = KITCHEN_SINK.parents[2]


def rebuild(catalog: Catalog, empty_dsn: str, *, include_managed: bool) -> Catalog:
    done = psql(empty_dsn, dump_sql(catalog))
    assert done.returncode == 0, done.stderr
    return read_catalog(empty_dsn, include_managed_partitions=include_managed)


def test_prime_schema_round_trip(schema_dsn: str, other_dsn: str) -> None:
    before = read_catalog(schema_dsn)
    assert not before.managed_partitions_included
    after = rebuild(before, other_dsn, include_managed=False)
    assert differences(before, after) == []
    assert after == before


def test_prime_schema_partitions_come_back_through_the_ensure_call(
    schema_dsn: str, other_dsn: str
) -> None:
    """Dumped without its months, the schema gets them back from ensure_monthly_partitions()."""
    with_months = read_catalog(schema_dsn, include_managed_partitions=True)
    months = [t for t in with_months.tables if t.parent and t.name[-7:-3].isdigit()]
    assert len(months) == 2 * 16  # audit_logs and usage_records: 12 back, this month, 3 ahead
    dump = dump_sql(read_catalog(schema_dsn))
    assert "SELECT public.ensure_monthly_partitions('public.audit_logs', " in dump
    assert "months_ahead => 3, months_back => 12)" in dump
    assert "audit_logs_20" not in dump  # no month spelled out
    after = rebuild(read_catalog(schema_dsn), other_dsn, include_managed=True)
    assert differences(with_months, after) == []
    count = "SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = 'audit_logs'::regclass"
    assert scalar(other_dsn, count) == scalar(schema_dsn, count) == 17


def test_prime_schema_round_trip_with_managed_partitions_spelled_out(
    schema_dsn: str, other_dsn: str
) -> None:
    before = read_catalog(schema_dsn, include_managed_partitions=True)
    dump = dump_sql(before)
    assert "ensure_monthly_partitions('public." not in dump
    after = rebuild(before, other_dsn, include_managed=True)
    assert differences(before, after) == []


def test_kitchen_sink_round_trip(sink_dsn: str, other_dsn: str) -> None:
    before = read_catalog(sink_dsn)
    kinds = {key[0] for key in before.by_key()}
    assert kinds == {
        "schema",
        "extension",
        "collation",
        "enum",
        "domain",
        "composite_type",
        "sequence",
        "function",
        "procedure",
        "aggregate",
        "table",
        "constraint",
        "index",
        "view",
        "materialized_view",
        "trigger",
        "policy",
        "grant",
        "default_privilege",
    }
    commented = {
        "/".join(o.key) for o in before.objects() if getattr(o, "comment", None) is not None
    }
    assert commented >= {
        "schema/shop",
        "extension/btree_gist",
        "enum/shop/mood",
        "domain/shop/positive_int",
        "sequence/shop/invoice_number",
        "function/shop/price_ok(bigint)",
        "procedure/shop/reset_orders(integer, integer)",
        "table/shop/Order Items",
        "table/shop/events_2020",
        "constraint/shop/Order Items/order_items_price_ok",
        "index/shop/order_items_label_idx",
        "view/shop/big_orders",
        "materialized_view/shop/order_totals",
        "trigger/shop/orders/orders_touch",
        "policy/shop/customers/customers_tenant",
        "collation/shop/nocase",
        "composite_type/shop/amount",
        "aggregate/shop/total(shop.amount)",
    }
    items = before.table("shop", "Order Items")
    assert items.column("total_cents").comment == "Computed by the database."
    after = rebuild(before, other_dsn, include_managed=False)
    assert differences(before, after) == []
    assert after == before
    assert after.table("shop", "events_2020").comment is not None


def test_two_reads_are_equal_and_one_column_change_makes_them_differ(schema_dsn: str) -> None:
    first, second = read_catalog(schema_dsn), read_catalog(schema_dsn)
    assert first == second
    run_sql(schema_dsn, "ALTER TABLE buckets ALTER COLUMN region SET DEFAULT 'sa-east-1'")
    changed = read_catalog(schema_dsn)
    assert changed != first
    assert [d.split(":")[0] for d in differences(first, changed)] == ["table/public/buckets"]


def test_column_order_does_not_count(dsn: str, other_dsn: str) -> None:
    """A column added at the end equals the same column declared in the middle."""
    run_sql(dsn, "CREATE TABLE t (a int, c int); ALTER TABLE t ADD COLUMN b text;")
    run_sql(other_dsn, "CREATE TABLE t (a int, b text, c int);")
    appended, declared = read_catalog(dsn), read_catalog(other_dsn)
    assert appended == declared
    assert [c.name for c in appended.table("public", "t").columns_in_order()] == ["a", "c", "b"]


def test_a_function_created_from_a_dump_reads_like_one_from_the_schema(
    dsn: str, other_dsn: str
) -> None:
    """Deparsed text is made a fixed point: a row IN list reads the same after a round trip."""
    source = (ROOT / "schema" / "10_users_accounts.sql").read_text()
    start = source.index("CREATE FUNCTION account_status_transition_allowed")
    run_sql(dsn, source[start : source.index("COMMENT ON FUNCTION", start)])
    before = read_catalog(dsn)
    assert rebuild(before, other_dsn, include_managed=False) == before


def test_apply_schema_twice_gives_equal_catalogs(schema_dsn: str, other_dsn: str) -> None:
    apply_schema(other_dsn, ROOT / "schema")
    assert read_catalog(other_dsn) == read_catalog(schema_dsn)


def test_seeded_database_round_trip_keeps_its_partitions(seeded_dsn: str, other_dsn: str) -> None:
    """After a seed, the months holding rows come back through the ensure call, none missing."""
    seeded = read_catalog(seeded_dsn, include_managed_partitions=True)
    after = rebuild(read_catalog(seeded_dsn), other_dsn, include_managed=True)
    assert differences(seeded, after) == []
    months = "SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = '{}'::regclass"
    for parent in ("audit_logs", "usage_records"):
        assert scalar(other_dsn, months.format(parent)) == scalar(seeded_dsn, months.format(parent))
