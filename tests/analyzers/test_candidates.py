"""Index specs compared, and the candidates proposed from statements' shapes."""

from primedb.analyzers.advice.candidates import MAX_KEYS, accesses_of, candidates_for
from primedb.analyzers.advice.catalog import Catalog, Column, ExistingIndex, TableFacts
from primedb.analyzers.advice.spec import IndexKey, IndexSpec, normal_sql
from primedb.sqlfiles import NamedQuery


def table(name: str, *columns: str, rows: float = 100_000) -> TableFacts:
    return TableFacts(
        schema="public",
        name=name,
        partitioned=False,
        rows=rows,
        pages=1000,
        columns=tuple(Column(c, "bigint", 8, None) for c in columns),
        search_order=1,
    )


NOTIFICATIONS = table("notifications", "id", "user_id", "read", "created_at", "title", "body")
AUDIT = table("audit_logs", "id", "account_id", "created_at", "action", "w", "x", "y", "z")


def catalog(*indexes: tuple[str, IndexSpec], unique: bool = False) -> Catalog:
    existing = tuple(ExistingIndex(name, spec, True, None, 0) for name, spec in indexes)
    return Catalog((NOTIFICATIONS, AUDIT), existing)


def query(name: str, sql: str) -> NamedQuery:
    return NamedQuery(name=name, sql=sql, doc="", params=(), source="test")


def definitions(sql: str, cat: Catalog | None = None) -> list[str]:
    cat = cat or catalog()
    found = candidates_for(accesses_of([query("q", sql)], cat), cat)
    return [c.spec.definition("i") for c in found]


UNREAD_FIRST = (
    "SELECT id, user_id, read, created_at, title, body FROM notifications WHERE user_id = %(u)s "
    "ORDER BY read, created_at DESC, id DESC LIMIT %(n)s"
)


def test_equality_then_sort_keys_in_their_direction() -> None:
    found = definitions(UNREAD_FIRST)
    assert "CREATE INDEX i ON notifications (user_id)" in found
    assert "CREATE INDEX i ON notifications (user_id, read, created_at DESC, id DESC)" in found


def test_equality_then_one_range_and_the_keyset_columns() -> None:
    found = definitions(
        "SELECT id FROM audit_logs WHERE account_id = $1 AND created_at > $2 "
        "AND (created_at, id) > ($2, $3)"
    )
    assert "CREATE INDEX i ON audit_logs (account_id, created_at)" in found
    assert "CREATE INDEX i ON audit_logs (account_id, created_at, id)" in found


def test_constant_predicates_give_a_partial_index_and_a_keyed_one() -> None:
    found = definitions("SELECT count(*) FROM notifications WHERE user_id = $1 AND NOT read")
    assert "CREATE INDEX i ON notifications (user_id) WHERE NOT read" in found
    assert "CREATE INDEX i ON notifications (user_id, read)" in found


def test_include_columns_make_an_index_only_scan_possible() -> None:
    found = definitions("SELECT created_at, title FROM notifications WHERE user_id = $1")
    assert "CREATE INDEX i ON notifications (user_id) INCLUDE (created_at, title)" in found
    # Too many columns to carry: no INCLUDE variant.
    assert not [d for d in definitions("SELECT * FROM audit_logs WHERE w = 1") if "INCLUDE" in d]


def test_at_most_four_keys() -> None:
    found = definitions(
        "SELECT id FROM audit_logs WHERE account_id = $1 AND action = $2 "
        "ORDER BY created_at, w, x, y, z"
    )
    longest = max(len(c.split("(")[1].split(",")) for c in found)
    assert longest == MAX_KEYS


def test_an_existing_index_with_the_same_leading_keys_covers_a_candidate() -> None:
    existing = IndexSpec(
        "public",
        "notifications",
        (IndexKey("user_id"), IndexKey("read"), IndexKey("created_at", True), IndexKey("id", True)),
    )
    found = definitions(UNREAD_FIRST, catalog(("inbox", existing)))
    # Nor is a wider copy of it: INCLUDE columns on the same keys are not new advice.
    assert not [d for d in found if d.startswith("CREATE INDEX i ON notifications (user_id")]


def test_a_unique_key_on_a_prefix_leaves_nothing_to_propose() -> None:
    pkey = IndexSpec("public", "notifications", (IndexKey("id"),), unique=True)
    assert definitions("SELECT title FROM notifications WHERE id = $1", catalog(("pk", pkey))) == []


def test_expressions_become_expression_keys() -> None:
    users = table("users", "id", "email")
    cat = Catalog((users,), ())
    found = candidates_for(
        accesses_of([query("q", "SELECT id FROM users WHERE lower(email) = lower($1)")], cat), cat
    )
    assert next(c.spec.definition("i") for c in found) == "CREATE INDEX i ON users ((lower(email)))"


def test_the_same_candidate_from_two_statements_names_both() -> None:
    cat = catalog()
    found = candidates_for(
        accesses_of(
            [
                query("a", "SELECT id FROM notifications WHERE user_id = $1"),
                query("b", "SELECT id FROM notifications WHERE user_id = $1 AND id > 5"),
            ],
            cat,
        ),
        cat,
    )
    plain = next(c for c in found if c.spec.definition("i").endswith("(user_id)"))
    assert plain.queries == frozenset({"a", "b"}) and plain.equality == 1


def test_prefix_and_cover_rules() -> None:
    short = IndexSpec("public", "t", (IndexKey("a"),))
    long = IndexSpec("public", "t", (IndexKey("a"), IndexKey("b", True)))
    flipped = IndexSpec("public", "t", (IndexKey("a", True), IndexKey("b")))
    partial = IndexSpec("public", "t", (IndexKey("a"),), where="b IS NULL")
    assert short.prefix_of(long) and not long.prefix_of(short)
    assert IndexSpec("public", "t", long.keys).prefix_of(flipped)  # read backwards
    assert not partial.prefix_of(long)
    assert long.covers(IndexSpec("public", "t", (IndexKey("a"),)), equality=1)
    # The equality keys may come in any order.
    two = IndexSpec("public", "t", (IndexKey("b"), IndexKey("a")))
    assert IndexSpec("public", "t", (IndexKey("a"), IndexKey("b"))).covers(two, equality=2)
    assert not IndexSpec("public", "t", (IndexKey("a"), IndexKey("b"))).covers(two, equality=0)


def test_normal_form_of_expressions_and_predicates() -> None:
    assert normal_sql("(status = 'open'::text)") == normal_sql("status = 'open'")
    assert normal_sql("LOWER(u.email)") == "lower(email)"


def test_rendering() -> None:
    spec = IndexSpec(
        "public",
        "notifications",
        (IndexKey("user_id"), IndexKey("created_at", True, False), IndexKey("lower(title)")),
        include=("body",),
        where="NOT read",
    )
    assert spec.definition("n", concurrently=True) == (
        "CREATE INDEX CONCURRENTLY n ON notifications "
        "(user_id, created_at DESC NULLS LAST, (lower(title))) INCLUDE (body) WHERE NOT read"
    )
    assert spec.columns_written() == ["user_id", "created_at DESC NULLS LAST", "lower(title)"]
    assert spec.default_name() == "notifications_user_id_created_at_lower_title_partial_idx"
    assert len(IndexSpec("public", "t" * 60, (IndexKey("a"),)).default_name()) <= 63


def test_a_partial_index_covers_when_the_statement_always_applies_its_predicate() -> None:
    partial = IndexSpec(
        "public", "notifications", (IndexKey("user_id"), IndexKey("created_at")), where="NOT read"
    )
    cat = catalog(("unread", partial))
    sql = "SELECT count(*) FROM notifications WHERE user_id = $1 AND NOT read AND created_at > $2"
    assert not [
        d for d in definitions(sql, cat) if d.startswith("CREATE INDEX i ON notifications (user_id")
    ]
    # Without the predicate in the statement, the partial index cannot serve it.
    assert "CREATE INDEX i ON notifications (user_id)" in definitions(
        "SELECT count(*) FROM notifications WHERE user_id = $1", cat
    )
