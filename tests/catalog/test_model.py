"""The model's own helpers: keys, labels, lookups."""

from primedb.catalog import creation_order, dependency_graph, read_catalog


def test_keys_labels_and_lookups(sink_dsn: str) -> None:
    catalog = read_catalog(sink_dsn)
    objects = catalog.by_key()
    assert len(objects) == sum(1 for _ in catalog.objects())  # keys are unique
    items = catalog.table("shop", "Order Items")
    assert items.label == 'table shop."Order Items"'
    assert catalog.get(("table", "shop", "Order Items")) is items
    assert catalog.get(("table", "shop", "nope")) is None
    assert {c.name for c in catalog.constraints_of(items)} == {
        "order_items_label_unique",
        "order_items_no_overlap",
        "order_items_pkey",
        "order_items_price_ok",
        "order_items_quantity_small",
    }
    assert {i.name for i in catalog.indexes_of("shop", "Order Items")} == {
        "order_items_label_idx",
        "order_items_label_unique",
        "order_items_no_overlap",
        "order_items_pkey",
    }
    events = catalog.table("shop", "events")
    assert [p.name for p in catalog.partitions_of(events)] == ["events_2020", "events_rest"]
    fk = objects[("constraint", "shop", "orders", "orders_customer_fkey")]
    assert fk.label == "constraint orders_customer_fkey on shop.orders"
    fn = objects[("function", "shop", "first_mood(shop.mood[])")]
    assert fn.label == "function shop.first_mood(shop.mood[])"
    assert creation_order(catalog) == dependency_graph(catalog).order()
