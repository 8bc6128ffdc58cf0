"""The catalog as JSON: every field, enums as values, keys as arrays, stable between reads."""

import json

from primedb.catalog import read_catalog, to_data, to_json


def test_json_holds_the_whole_model(sink_dsn: str) -> None:
    catalog = read_catalog(sink_dsn)
    text = to_json(catalog)
    data = json.loads(text)
    assert data == json.loads(json.dumps(to_data(catalog)))
    assert list(data) == [
        "schemas",
        "extensions",
        "collations",
        "enums",
        "domains",
        "composites",
        "sequences",
        "functions",
        "aggregates",
        "tables",
        "constraints",
        "indexes",
        "views",
        "triggers",
        "policies",
        "grants",
        "default_privileges",
        "owners",
        "managed_partitions_included",
        "owners_included",
        "server_version",
    ]
    items = next(t for t in data["tables"] if t["name"] == "Order Items")
    ident = next(c for c in items["columns"] if c["name"] == "id")
    assert ident["identity"]["kind"] == "ALWAYS"
    assert ident["identity"]["options"]["start"] == 100
    touch = next(t for t in data["triggers"] if t["name"] == "orders_touch")
    assert touch["function"] == ["function", "shop", "touch()"]
    assert touch["events"] == ["INSERT", "UPDATE"]
    # Short lists of scalars stay on one line.
    assert '"events": ["INSERT", "UPDATE"]' in text
    assert text.endswith("}\n")


def test_json_is_stable_and_sorted(sink_dsn: str) -> None:
    first, second = to_json(read_catalog(sink_dsn)), to_json(read_catalog(sink_dsn))
    assert first == second
    data = json.loads(first)
    names = [(t["schema"], t["name"]) for t in data["tables"]]
    assert names == sorted(names)
