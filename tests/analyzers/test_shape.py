"""What the advisor reads from a statement's shape: lookups, joins, ranges, keysets, constants."""

from primedb.analyzers.advice.shape import SortTerm, TableAccess, Term, table_accesses
from primedb.analyzers.plans.statement import numbered, parse_statement

COLUMNS = {
    "audit_logs": frozenset({"id", "account_id", "created_at", "action"}),
    "notifications": frozenset({"id", "user_id", "read", "created_at", "title"}),
    "users": frozenset({"id", "email", "name"}),
    "account_members": frozenset({"account_id", "user_id", "role"}),
    "accounts": frozenset({"id", "name"}),
}


def accesses(sql: str) -> dict[str, TableAccess]:
    statement = parse_statement(sql)
    assert statement is not None
    return {a.alias: a for a in table_accesses(statement, COLUMNS.get)}


def sqls(terms: tuple[Term, ...]) -> list[str]:
    return [t.sql for t in terms]


def test_named_placeholders_are_numbered_in_order_of_first_use() -> None:
    text, names = numbered("SELECT %(b)s, %(a)s, %(b)s, '100%%'")
    assert text == "SELECT $1, $2, $1, '100%'" and names == ("b", "a")


def test_a_keyset_page_has_a_lookup_a_row_value_range_and_an_order() -> None:
    access = accesses(
        "SELECT id FROM audit_logs WHERE account_id = %(a)s AND created_at <= %(t)s "
        "AND (created_at, id) < (%(t)s, %(i)s) ORDER BY created_at DESC, id DESC LIMIT %(n)s"
    )["audit_logs"]
    assert sqls(access.lookups) == ["account_id"]
    assert sqls(access.keyset) == ["created_at", "id"]
    assert sqls(access.ranges) == ["created_at"]
    assert access.order == (SortTerm(Term("created_at", frozenset({"created_at"})), True),
                            SortTerm(Term("id", frozenset({"id"})), True))  # fmt: skip
    assert access.limited and access.constants == ()


def test_constant_predicates_are_partial_index_material() -> None:
    access = accesses(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND NOT read "
        "AND title = 'hello' AND created_at > now() AND id IS NOT NULL"
    )["notifications"]
    assert sqls(access.lookups) == ["user_id"]
    assert access.constants == ("NOT read", "title = 'hello'", "id IS NOT NULL")
    assert sqls(access.constant_keys) == ["read", "title"]  # IS NOT NULL fixes no value
    # now() may change between statements: a range, never a predicate of a partial index.
    assert sqls(access.ranges) == ["created_at"]
    # Columns named only by constant predicates need not be read from a partial index.
    assert access.columns == frozenset({"user_id", "created_at"})


def test_expressions_are_kept_without_the_alias() -> None:
    access = accesses("SELECT u.id FROM users u WHERE lower(u.email) = lower(%(e)s)")["u"]
    assert sqls(access.lookups) == ["lower(email)"]
    assert not access.lookups[0].is_column


def test_a_join_is_read_from_both_sides() -> None:
    found = accesses(
        "SELECT a.name FROM account_members m JOIN accounts a ON a.id = m.account_id "
        "WHERE m.user_id = $1 ORDER BY a.name"
    )
    assert sqls(found["m"].lookups) == ["user_id"] and sqls(found["m"].joins) == ["account_id"]
    assert sqls(found["a"].joins) == ["id"] and sqls(found["a"].lookups) == []
    assert [s.term.sql for s in found["a"].order] == ["name"]
    assert found["m"].order == ()  # the ORDER BY is the other table's


def test_an_outer_column_in_a_subquery_is_a_value() -> None:
    found = accesses(
        "SELECT a.id, (SELECT count(*) FROM account_members c WHERE c.account_id = a.id) "
        "FROM accounts a WHERE a.id = $1"
    )
    assert sqls(found["c"].lookups) == ["account_id"] and found["c"].constants == ()
    assert "id" in (found["a"].columns or ())


def test_nulls_placement_is_kept_only_when_it_is_not_the_default() -> None:
    order = accesses(
        "SELECT id FROM notifications ORDER BY read NULLS FIRST, created_at DESC NULLS LAST, id"
    )["notifications"].order
    assert [(s.term.sql, s.descending, s.nulls_first) for s in order] == [
        ("read", False, True),
        ("created_at", True, False),
        ("id", False, None),
    ]


def test_select_star_reads_every_column() -> None:
    assert accesses("SELECT * FROM users WHERE id = 1")["users"].columns is None


def test_an_in_list_of_values_is_a_lookup() -> None:
    access = accesses("SELECT id FROM users WHERE id = ANY($1) AND name IN ($2, $3)")["users"]
    assert set(sqls(access.lookups)) == {"id", "name"}


def test_literals_of_an_adhoc_statement_stand_for_values() -> None:
    statement = parse_statement("SELECT id FROM notifications WHERE user_id = 42 AND NOT read")
    assert statement is not None
    (access,) = table_accesses(statement, COLUMNS.get, literals_are_values=True)
    assert sqls(access.lookups) == ["user_id"] and access.constants == ("NOT read",)
