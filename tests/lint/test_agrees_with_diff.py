"""The diff and `primedb lint` read the same PostgreSQL facts, so they agree on a statement.

Each case is one ALTER TABLE on a table holding rows. The lint reads the SQL;
the diff compares the catalog before and after the statement ran. Both must
say the same about the fact the case is about: whether the table is rewritten
(volatile defaults, binary-coercible type changes and time precisions).
"""

import psycopg
import pytest

from primedb.catalog import read_catalog
from primedb.catalog.kinds import ObjectKind
from primedb.diff import diff
from primedb.diff.hazards import HazardKind
from primedb.lint import lint_text
from primedb.lint.facts import LiveFacts

TABLE = (
    "CREATE TABLE public.t (id bigint PRIMARY KEY, name varchar(10), price numeric(10,2), "
    "at timestamp(3) with time zone, n integer, note text); "
    "INSERT INTO public.t VALUES (1, 'a', 1.5, now(), 1, 'x')"
)

CASES = {
    "volatile default": ("ALTER TABLE public.t ADD COLUMN u uuid DEFAULT gen_random_uuid()", True),
    "clock default": (
        "ALTER TABLE public.t ADD COLUMN c timestamptz DEFAULT clock_timestamp()",
        True,
    ),
    "stable default": ("ALTER TABLE public.t ADD COLUMN s timestamptz DEFAULT now()", False),
    "constant default": ("ALTER TABLE public.t ADD COLUMN k integer DEFAULT 7", False),
    "longer varchar": ("ALTER TABLE public.t ALTER COLUMN name TYPE varchar(20)", False),
    "shorter varchar": ("ALTER TABLE public.t ALTER COLUMN name TYPE varchar(5)", True),
    "varchar to text": ("ALTER TABLE public.t ALTER COLUMN name TYPE text", False),
    "text to varchar": ("ALTER TABLE public.t ALTER COLUMN note TYPE varchar", False),
    "wider numeric": ("ALTER TABLE public.t ALTER COLUMN price TYPE numeric(12,2)", False),
    "numeric scale": ("ALTER TABLE public.t ALTER COLUMN price TYPE numeric(12,3)", True),
    "finer timestamp": ("ALTER TABLE public.t ALTER COLUMN at TYPE timestamptz(6)", False),
    "coarser timestamp": ("ALTER TABLE public.t ALTER COLUMN at TYPE timestamptz(0)", True),
    "integer to bigint": ("ALTER TABLE public.t ALTER COLUMN n TYPE bigint", True),
}


def _lint_rewrites(statement: str, conn: psycopg.Connection[object]) -> bool:
    found = lint_text(f"SET lock_timeout = '3s';\n{statement};", "case.sql", facts=LiveFacts(conn))
    return any(f.kind is HazardKind.TABLE_REWRITE for f in found.findings)


def _diff_rewrites(dsn: str, statement: str) -> bool:
    before = read_catalog(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(statement)
    plan = diff(before, read_catalog(dsn), rows={(ObjectKind.TABLE, "public", "t"): 1})
    return any(h.kind is HazardKind.TABLE_REWRITE for _, h in plan.hazards("up"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_diff_and_lint_agree_on_rewrites(dsn: str, case: str) -> None:
    statement, rewrites = CASES[case]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(TABLE)
        linted = _lint_rewrites(statement, conn)
    assert linted is rewrites
    assert _diff_rewrites(dsn, statement) is rewrites
