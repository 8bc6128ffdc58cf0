"""SQL that SQLAlchemy's text() would bind or unescape reaches PostgreSQL exactly."""

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from primedb.migrations.generate import RevisionRequest, make_revision
from primedb.migrations.offline import upgrade_sql
from primedb.migrations.runner import upgrade
from primedb.migrations.sqltext import for_op_execute

from ._project import TINY_SCHEMA, tiny_project

TRICKY = [
    "SELECT ' :tag '",
    "SELECT E'\\\\:kept'",
    "SELECT 'a\\:b'",
    "SELECT ':a:b', 1::text, '[[:space:]]'",
    "DO $$ DECLARE n int; BEGIN n := 1; RAISE NOTICE '100%% :n'; END $$",
    "SELECT '\\\\\\:z :é'",
]


@pytest.mark.parametrize("sql", TRICKY)
def test_text_compiles_back_to_the_exact_sql(sql: str) -> None:
    clause = text(for_op_execute(sql))
    assert not clause._bindparams  # nothing taken for a parameter
    assert str(clause.compile(dialect=postgresql.dialect(paramstyle="named"))) == sql


def test_text_would_have_bound_them() -> None:
    # The control: without the escaping, text() takes ':tag' for a parameter.
    assert list(text("SELECT ' :tag '")._bindparams) == ["tag"]


COMMENT = "owner :name, E'\\:x', 100% :=ok"


def test_a_generated_revision_keeps_such_sql_exact(
    tmp_path: Path, server_dsn: str, dsn: str
) -> None:
    literal = COMMENT.replace("'", "''")
    project = tiny_project(
        tmp_path / "tiny", TINY_SCHEMA + f"COMMENT ON TABLE owners IS '{literal}';\n"
    )
    outcome = make_revision(
        server_dsn,
        RevisionRequest(
            message="owners",
            schema_dir=project.schema_dir,
            migrations_dir=project.migrations_dir,
        ),
    )
    assert outcome.path is not None
    assert "owner \\\\:name" in outcome.path.read_text()  # escaped in the file, for text()
    assert f"COMMENT ON TABLE public.owners IS '{literal}'" in upgrade_sql(
        project.migrations_dir, start=None
    )
    upgrade(dsn, project.migrations_dir)
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT obj_description('public.owners'::regclass)").fetchone()
    assert row == (COMMENT,)
