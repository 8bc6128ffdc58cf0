"""Rendering: quoting like PostgreSQL, sequence options, create and drop statements that run."""

import psycopg
import pytest

from primedb.catalog import (
    Catalog,
    SequenceOptions,
    create_sql,
    dependency_graph,
    drop_statements,
    read_catalog,
)
from primedb.catalog.ddl_types import sequence_options_sql
from primedb.catalog.quote import ident, literal, qualified

from .helpers import differences, psql, run_sql


def test_ident_quotes_exactly_like_quote_ident(dsn: str) -> None:
    names = ["accounts", "Order Items", "user", 'a"b', "1abc", "_x1", "café", "a$b", "order"]
    with psycopg.connect(dsn) as conn:
        keywords = [r[0] for r in conn.execute("SELECT word FROM pg_catalog.pg_get_keywords()")]
        for name in [*names, *keywords]:
            (expected,) = (
                conn.execute("SELECT pg_catalog.quote_ident(%s)", (name,)).fetchone() or ()
            )
            assert ident(name) == expected, name


def test_qualified_and_literal() -> None:
    assert qualified("shop", "Order Items") == 'shop."Order Items"'
    assert literal("it's \\ fine") == "'it''s \\ fine'"
    assert literal(None) == "NULL"


@pytest.mark.parametrize(
    ("data_type", "options", "sql"),
    [
        (
            "bigint",
            SequenceOptions(
                start=1, increment=1, minimum=1, maximum=2**63 - 1, cache=1, cycle=False
            ),
            "",
        ),
        (
            "integer",
            SequenceOptions(
                start=1, increment=1, minimum=1, maximum=2**31 - 1, cache=1, cycle=False
            ),
            "",
        ),
        (
            "integer",
            SequenceOptions(
                start=-1, increment=-1, minimum=-(2**31), maximum=-1, cache=1, cycle=False
            ),
            "INCREMENT BY -1",
        ),
        (
            "smallint",
            SequenceOptions(start=50, increment=5, minimum=10, maximum=100, cache=4, cycle=True),
            "START WITH 50 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100 CACHE 4 CYCLE",
        ),
        (
            "bigint",
            SequenceOptions(
                start=1000, increment=1, minimum=1000, maximum=2**63 - 1, cache=1, cycle=False
            ),
            "MINVALUE 1000",
        ),
    ],
)
def test_sequence_options_leave_out_the_defaults(
    data_type: str, options: SequenceOptions, sql: str
) -> None:
    assert sequence_options_sql(data_type, options) == sql


def test_create_sql_of_one_object_rebuilds_it(dsn: str, other_dsn: str) -> None:
    run_sql(
        dsn,
        'CREATE TABLE "Odd ""Name""" ("select" int NOT NULL DEFAULT 1, "Mixed" text) '
        'WITH (fillfactor = 50); COMMENT ON COLUMN "Odd ""Name"""."select" IS \'it\'\'s\';',
    )
    (table,) = read_catalog(dsn).tables
    assert create_sql(table) == (
        'CREATE TABLE public."Odd ""Name""" (\n'
        '    "select" integer DEFAULT 1 NOT NULL,\n'
        '    "Mixed" text\n'
        ") WITH (fillfactor=50);\n"
        'COMMENT ON COLUMN public."Odd ""Name"""."select" IS \'it\'\'s\';\n'
    )
    done = psql(other_dsn, create_sql(table))
    assert done.returncode == 0, done.stderr
    assert read_catalog(other_dsn) == read_catalog(dsn)


def test_dropping_everything_in_drop_order_leaves_an_empty_database(
    sink_dsn: str, other_dsn: str
) -> None:
    empty: Catalog = read_catalog(other_dsn)
    full = read_catalog(sink_dsn)
    objects = full.by_key()
    present = set(empty.by_key())
    graph = dependency_graph(full)
    statements = [
        s for key in graph.drop_order() if key not in present for s in drop_statements(objects[key])
    ]
    script = "".join(f"{s};\n" for s in statements)
    done = psql(sink_dsn, script)
    assert done.returncode == 0, done.stderr
    after = read_catalog(sink_dsn)
    assert differences(after, empty) == []


def test_owned_index_has_no_create_or_drop_of_its_own(sink_dsn: str) -> None:
    catalog = read_catalog(sink_dsn)
    index = {i.name: i for i in catalog.indexes}
    assert drop_statements(index["customers_pkey"]) == ()
    assert create_sql(index["customers_pkey"]) == ""
    # Storage parameters of a key's index are set after the constraint made it.
    assert create_sql(index["order_items_pkey"]) == (
        "ALTER INDEX shop.order_items_pkey SET (fillfactor=90);\n"
    )
