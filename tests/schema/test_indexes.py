"""The playbook's recommended indexes exist, or an equivalent or better one does.

An index serves an access path "equality on these columns, then ordered by those"
when it is valid and not partial, its leading key columns are the equality
columns (in any order), and the next ones are the ordered columns, all in the
asked direction or all reversed (a backward scan). The schema replaces some of
the playbook's indexes by wider ones (its comments say why); each path names the
index expected to serve it. Duplicates are refused: no plain index may be a
left prefix of another index of its table.
"""

from dataclasses import dataclass

from ._helpers import Conn, connect

# One row per index key column, for every index of a table (partitioned parents
# included, their partitions' copies left out).
INDEX_COLUMNS = """
SELECT t.relname, i.relname, x.indisunique, x.indisvalid, x.indpred IS NOT NULL,
       pg_catalog.pg_get_expr(x.indpred, x.indrelid),
       k.n, a.attname, (x.indoption::int2[])[k.n - 1] & 1 = 1 AS descending
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
WHERE t.relnamespace = 'public'::regnamespace AND NOT t.relispartition
  AND k.n <= x.indnkeyatts
ORDER BY t.relname, i.relname, k.n
"""


@dataclass(frozen=True, slots=True)
class Index:
    table: str
    name: str
    unique: bool
    valid: bool
    predicate: str | None
    # (column, descending); column None for an expression.
    keys: tuple[tuple[str | None, bool], ...]

    def serves(self, equal: tuple[str, ...], ordered: tuple[tuple[str, bool], ...]) -> bool:
        if not self.valid or self.predicate is not None:
            return False
        head = self.keys[: len(equal)]
        tail = self.keys[len(equal) : len(equal) + len(ordered)]
        if {c for c, _ in head} != set(equal) or len(tail) != len(ordered):
            return False
        if [c for c, _ in tail] != [c for c, _ in ordered]:
            return False
        flips = {d != want for (_, d), (_, want) in zip(tail, ordered, strict=True)}
        return len(flips) <= 1  # every direction as asked, or every one reversed


def indexes(conn: Conn) -> list[Index]:
    found: dict[tuple[str, str], Index] = {}
    for table, name, unique, valid, _, predicate, _, column, desc in conn.execute(INDEX_COLUMNS):
        old = found.get((table, name))
        keys = (old.keys if old else ()) + ((column, desc),)
        found[(table, name)] = Index(table, name, unique, valid, predicate, keys)
    return list(found.values())


# The path, its table, equality columns, ordered columns, the index the schema
# means to serve it. Where the playbook's index is missing, the reason is in
# the schema's comment on the named index.
PATHS = [
    # playbook: account_members(user_id)
    ("members by user", "account_members", ("user_id",), (), "account_members_user_id_idx"),
    # playbook: account_members(account_id); the primary key leads with it.
    ("members by account", "account_members", ("account_id",), (), "account_members_pkey"),
    # playbook: buckets(account_id); the unique (account_id, name) leads with it.
    ("buckets by account", "buckets", ("account_id",), (), "buckets_account_id_name_key"),
    ("a bucket by name", "buckets", ("account_id", "name"), (), "buckets_account_id_name_key"),
    # playbook: notifications(user_id, read, created_at DESC); id added for keyset pages.
    (
        "the unread-first inbox",
        "notifications",
        ("user_id",),
        (("read", False), ("created_at", True), ("id", True)),
        "notifications_user_read_created_idx",
    ),
    # playbook: audit_logs(account_id, created_at DESC); the primary key
    # (account_id, created_at, id) read backwards, id for exact keyset pages.
    (
        "an account's audit log, newest first",
        "audit_logs",
        ("account_id",),
        (("created_at", True), ("id", True)),
        "audit_logs_pkey",
    ),
    # playbook: access_keys(account_id)
    ("keys of an account", "access_keys", ("account_id",), (), "access_keys_account_id_idx"),
    # Not in the playbook, same pattern: the other keyset-paginated tenant lists.
    (
        "an account's orders, newest first",
        "orders",
        ("account_id",),
        (("created_at", True), ("id", True)),
        "orders_account_created_idx",
    ),
    (
        "an account's usage over a period",
        "usage_records",
        ("account_id",),
        (("recorded_at", False),),
        "usage_records_pkey",
    ),
]


def test_every_recommended_access_path_is_served_by_an_index(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        found = indexes(conn)
    unserved = []
    for path, table, equal, ordered, expected in PATHS:
        serving = {i.name for i in found if i.table == table and i.serves(equal, ordered)}
        if expected not in serving:
            unserved.append((path, sorted(serving)))
    assert unserved == []


def test_the_weaker_playbook_orders_are_served_too(schema_dsn: str) -> None:
    # The playbook's exact column lists, without the id tie-breaker.
    with connect(schema_dsn) as conn:
        found = indexes(conn)
    for table, ordered in (
        ("notifications", (("read", False), ("created_at", True))),
        ("audit_logs", (("created_at", True),)),
    ):
        equal = ("user_id",) if table == "notifications" else ("account_id",)
        assert any(i.table == table and i.serves(equal, ordered) for i in found), table


def test_bucket_names_are_unique_per_account_by_an_index_of_exactly_those_columns(
    schema_dsn: str,
) -> None:
    with connect(schema_dsn) as conn:
        found = indexes(conn)
    unique = [
        i.name
        for i in found
        if i.table == "buckets"
        and i.unique
        and i.predicate is None
        and {c for c, _ in i.keys} == {"account_id", "name"}
        and len(i.keys) == 2
    ]
    assert unique == ["buckets_account_id_name_key"]


def test_no_index_is_a_left_prefix_of_another(schema_dsn: str) -> None:
    # A plain index whose keys (and directions) begin another index of the same
    # table, with the same predicate, is a duplicate to maintain on every write.
    # A unique index is exempt: it enforces a rule the longer one cannot.
    with connect(schema_dsn) as conn:
        found = indexes(conn)
    redundant = [
        (a.name, b.name)
        for a in found
        for b in found
        if a is not b
        and a.table == b.table
        and not a.unique
        and a.predicate == b.predicate
        and None not in (c for c, _ in a.keys)
        and b.keys[: len(a.keys)] == a.keys
    ]
    assert redundant == []


def test_the_serving_rule_tells_directions_apart(schema_dsn: str) -> None:
    # The rule above must refuse what an index cannot serve, or the tests mean nothing.
    with connect(schema_dsn) as conn:
        by_name = {i.name: i for i in indexes(conn)}
    inbox = by_name["notifications_user_read_created_idx"]
    assert inbox.serves(("user_id",), (("read", True), ("created_at", False)))  # backward
    assert not inbox.serves(("user_id",), (("read", False), ("created_at", False)))  # mixed
    assert not inbox.serves(("user_id",), (("created_at", True),))  # skips read
    assert not by_name["usage_records_bucket_idx"].serves(("account_id",), ())  # partial
    assert not by_name["audit_logs_pkey"].serves(("created_at",), ())  # not leading
