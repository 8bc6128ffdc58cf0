"""The dependency graph and the creation order it gives."""

import random
from dataclasses import replace

import pytest

from primedb.catalog import Catalog, Graph, Key, dependency_graph, read_catalog
from primedb.catalog.kinds import ObjectKind
from primedb.errors import UnsupportedObject


@pytest.fixture
def sink(sink_dsn: str) -> Catalog:
    return read_catalog(sink_dsn)


def positions(catalog: Catalog) -> dict[Key, int]:
    return {key: i for i, key in enumerate(dependency_graph(catalog).order())}


def test_check_calling_a_function_that_reads_the_table(sink: Catalog) -> None:
    """Table, then the function whose SQL body reads it, then the CHECK that calls the function."""
    at = positions(sink)
    table = ("table", "shop", "customers")
    function = ("function", "shop", "customer_count()")
    check = ("constraint", "shop", "customers", "customers_not_too_many")
    assert at[table] < at[function] < at[check]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        # a type before the column that uses it
        (("enum", "shop", "mood"), ("table", "shop", "Order Items")),
        (("domain", "shop", "positive_int"), ("table", "shop", "Order Items")),
        # a sequence before the default that calls it
        (("sequence", "shop", "invoice_number"), ("table", "shop", "Order Items")),
        # the referenced key before the foreign key
        (
            ("constraint", "shop", "customers", "customers_tenant_id_key"),
            ("constraint", "shop", "orders", "orders_tenant_customer_fkey"),
        ),
        # a function before the trigger that calls it, the table too
        (("function", "shop", "touch()"), ("trigger", "shop", "orders", "orders_touch")),
        (("table", "shop", "orders"), ("trigger", "shop", "orders", "orders_touch")),
        # a parent before its partitions, and down the levels
        (("table", "shop", "events"), ("table", "shop", "events_2020")),
        (("table", "shop", "tagged_ab"), ("table", "shop", "tagged_ab_0")),
        # a view before the view on it; a materialized view before its index
        (("view", "shop", "big_orders"), ("view", "shop", "big_order_ids")),
        (("materialized_view", "shop", "order_totals"), ("index", "shop", "order_totals_sku_key")),
        # a constraint before the index it owns; the extension before the exclusion constraint
        (
            ("constraint", "shop", "Order Items", "order_items_pkey"),
            ("index", "shop", "order_items_pkey"),
        ),
        (
            ("extension", "btree_gist"),
            ("constraint", "shop", "Order Items", "order_items_no_overlap"),
        ),
        # a table before its policies; a schema before what it holds
        (("table", "shop", "customers"), ("policy", "shop", "customers", "customers_tenant")),
        (("schema", "shop"), ("enum", "shop", "mood")),
        # a function taking an array of the enum
        (("enum", "shop", "mood"), ("function", "shop", "first_mood(shop.mood[])")),
    ],
)
def test_dependency_comes_first(sink: Catalog, first: Key, then: Key) -> None:
    at = positions(sink)
    assert at[first] < at[then]


def test_order_is_stable_and_independent_of_input_order(sink: Catalog) -> None:
    order = dependency_graph(sink).order()
    assert set(order) == set(sink.by_key())
    rng = random.Random(7)
    shuffled = replace(
        sink,
        tables=tuple(rng.sample(list(sink.tables), len(sink.tables))),
        constraints=tuple(rng.sample(list(sink.constraints), len(sink.constraints))),
        functions=tuple(rng.sample(list(sink.functions), len(sink.functions))),
    )
    assert shuffled.tables != sink.tables
    assert dependency_graph(shuffled).order() == order


def test_ties_are_broken_by_kind_then_key() -> None:
    graph = Graph(
        needs={
            ("table", "s", "b"): frozenset(),
            ("table", "s", "a"): frozenset(),
            ("function", "s", "f()"): frozenset(),
            ("schema", "s"): frozenset(),
            ("index", "s", "i"): frozenset({("table", "s", "b")}),
        }
    )
    assert graph.order() == (
        ("schema", "s"),
        ("function", "s", "f()"),
        ("table", "s", "a"),
        ("table", "s", "b"),
        ("index", "s", "i"),
    )
    assert graph.drop_order()[0] == ("index", "s", "i")
    assert ObjectKind.SCHEMA.rank < ObjectKind.TABLE.rank < ObjectKind.POLICY.rank


def test_dependents(sink: Catalog) -> None:
    graph = dependency_graph(sink)
    direct = graph.dependents(("table", "shop", "orders"))
    assert ("view", "shop", "big_orders") in direct
    assert ("view", "shop", "big_order_ids") not in direct
    assert ("view", "shop", "big_order_ids") in graph.all_dependents(("table", "shop", "orders"))


def test_a_cycle_is_refused_naming_its_objects() -> None:
    a, b = ("view", "s", "a"), ("view", "s", "b")
    graph = Graph(needs={a: frozenset({b}), b: frozenset({a}), ("schema", "s"): frozenset()})
    with pytest.raises(UnsupportedObject, match=r"dependency cycle between view/s/a, view/s/b"):
        graph.order()


def test_prime_schema_orders_without_cycles(schema_dsn: str) -> None:
    catalog = read_catalog(schema_dsn)
    at = positions(catalog)
    # The CHECK calls cnpj_is_valid(); the FK needs the referenced key.
    assert (
        at[("function", "public", "cnpj_is_valid(text)")]
        < at[("constraint", "public", "accounts", "accounts_cnpj_valid")]
    )
    assert (
        at[("constraint", "public", "accounts", "accounts_pkey")]
        < at[("constraint", "public", "buckets", "buckets_account_id_fkey")]
    )
    # A table with managed partitions needs the function that makes them.
    assert (
        at[
            (
                "function",
                "public",
                "ensure_monthly_partitions(regclass, integer, integer, timestamp with time zone)",
            )
        ]
        < at[("table", "public", "audit_logs")]
    )
