"""Which names a revision's upgrade drops: SQL read by tokens, downgrades and comments not."""

import pytest

from primedb.bench.revisions import dropped_names

TEMPLATE = '''"""A revision."""

from alembic import op

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade() -> None:
{up}


def downgrade() -> None:
    op.execute("DROP INDEX made_by_the_upgrade_idx")
'''


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ('    op.execute("DROP INDEX a_idx")', {"a_idx"}),
        (
            '    op.execute("DROP INDEX CONCURRENTLY IF EXISTS public.a_idx, b_idx CASCADE")',
            {"a_idx", "b_idx"},
        ),
        ("    op.execute('DROP INDEX \"Mixed_Idx\"')", {"Mixed_Idx"}),
        ('    op.execute("ALTER TABLE public.t DROP CONSTRAINT t_email_key")', {"t_email_key"}),
        ('    op.execute("ALTER TABLE t DROP CONSTRAINT IF EXISTS t_pkey RESTRICT")', {"t_pkey"}),
        ('    op.drop_index("b_idx", table_name="t")', {"b_idx"}),
        ('    op.drop_constraint("t_key", "t")', {"t_key"}),
        ('    op.execute("-- DROP INDEX commented_idx\\nSELECT 1")', set()),
        ("    op.execute(\"SELECT 'DROP INDEX quoted_idx'\")", set()),
        ('    op.execute("CREATE INDEX a_idx ON t (a)")', set()),
    ],
)
def test_names_the_upgrade_drops(body: str, names: set[str]) -> None:
    assert dropped_names(TEMPLATE.format(up=body)) == names


def test_a_file_without_upgrade_drops_nothing() -> None:
    assert dropped_names('revision = "x"\n') == set()
