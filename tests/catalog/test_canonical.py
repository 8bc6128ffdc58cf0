"""Deparsed SQL made a fixed point: nested boolean chains flattened as the parser would."""

import pytest

from primedb.catalog import read_catalog
from primedb.catalog.canonical import canonical

from .helpers import run_sql


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(((a OR b) OR c) OR d)", "(a OR b OR c OR d)"),
        ("((x AND y) AND z)", "(x AND y AND z)"),
        # The parser keeps a chain on the right nested, and mixed chains alone.
        ("(a OR (b OR c))", "(a OR (b OR c))"),
        ("((a AND b) OR c)", "((a AND b) OR c)"),
        ("((a OR b) AND c)", "((a OR b) AND c)"),
        # Not an operand of the chain by itself: left alone.
        ("(f(a OR b) OR c)", "(f(a OR b) OR c)"),
        # Strings, quoted names and dollar-quoted bodies are opaque.
        ("(('(a OR b) OR c' OR d) OR e)", "('(a OR b) OR c' OR d OR e)"),
        ('(("x OR (y" OR z) OR w)', '("x OR (y" OR z OR w)'),
        ("AS $f$ ((a OR b) OR c) $f$", "AS $f$ ((a OR b) OR c) $f$"),
        ("(E'it\\'s (' OR b)", "(E'it\\'s (' OR b)"),
        ("no parentheses at all", "no parentheses at all"),
    ],
)
def test_canonical(text: str, expected: str) -> None:
    assert canonical(text) == expected
    assert canonical(expected) == expected


def test_a_row_in_list_reads_as_a_flat_chain(dsn: str) -> None:
    """PostgreSQL prints `(a, b) IN (...)` as nested ORs; the model holds the flat form."""
    run_sql(
        dsn,
        "CREATE TABLE t (a int, b int, CONSTRAINT t_ab CHECK ((a, b) IN ((1, 2), (3, 4), (5, 6))))",
    )
    (check,) = read_catalog(dsn).constraints
    assert check.definition == (
        "CHECK ((((a = 1) AND (b = 2)) OR ((a = 3) AND (b = 4)) OR ((a = 5) AND (b = 6))))"
    )
