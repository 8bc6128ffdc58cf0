"""A named query and pg_stat_statements' text of it normalise to the same string."""

from primedb.exporters.database.normalise import normalise


def test_placeholders_and_constants_become_the_same_mark() -> None:
    ours = "SELECT a FROM t WHERE b = %(b)s AND c = 'x' AND d > -1 LIMIT 50; -- it's"
    theirs = "SELECT a FROM t WHERE b = $1 AND c = $2 AND d > $3 LIMIT $4"
    assert normalise(ours) == normalise(theirs)


def test_typed_literals_casts_case_and_spacing() -> None:
    ours = "select now() - interval '1 day', %(x)s::text[]\n FROM  t"
    theirs = "SELECT now() - $1, $2::text[] FROM t"
    assert normalise(ours) == normalise(theirs)


def test_different_statements_stay_different() -> None:
    assert normalise("SELECT a FROM t WHERE b = $1") != normalise("SELECT a FROM u WHERE b = $1")
    assert normalise("SELECT a FROM t") != normalise("SELECT b FROM t")


def test_a_quote_in_a_comment_does_not_swallow_the_statement() -> None:
    text = "-- the account's keys\nSELECT id FROM keys WHERE owner = 'o''brien'"
    assert normalise(text) == "select id from keys where owner=?"
