"""Generated SQL is right for every name: hostile identifiers round-trip, and touch nothing else.

Hypothesis picks names with quotes, newlines, `$` and `$primedb$`, spaces,
semicolons and comment starters, unicode, reserved words and 63-byte names,
and builds a schema of them next to a decoy `public.users` holding a row. The
diff from the database without them to the one with them, applied, gives the
same catalog; so does the dump rebuilt in an empty database; the diff back
removes them again; and the decoy is never touched (a name printed bare, such
as `users` followed by a newline, would drop it).
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from psycopg import sql

from primedb.catalog import dump_sql, read_catalog
from primedb.catalog.quote import dollar_quoted, ident
from primedb.diff import diff
from primedb.migrations.proof import run_statements
from primedb.pg import create_database, drop_database

FRAGMENTS = st.sampled_from(
    [
        *("users\n", "users", "user", "select", "table", "$primedb$", '"', "'", " ", "\n"),
        *("\r", "Ünï", "日本", "🙂", "a.b", "x;y", "--", "/*", "UPPER", "$1", "$$", "\\", "é"),
    ]
)
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


def _fits(name: str) -> bool:
    return 0 < len(name.encode()) <= 63


NAME = st.one_of(
    st.text(CHARS, min_size=1, max_size=12),
    st.lists(FRAGMENTS, min_size=1, max_size=4).map("".join),
    st.text(st.sampled_from("aé日"), min_size=21, max_size=63).map(lambda s: s[:63]),
).filter(_fits)
NAMES = st.lists(NAME, min_size=8, max_size=8, unique=True).filter(
    lambda names: not names[0].startswith("pg_")  # the schema: pg_ is reserved
)

DECOY = "CREATE TABLE public.users (id int PRIMARY KEY); INSERT INTO public.users VALUES (1)"


@contextmanager
def _database(server_dsn: str, template: str) -> Iterator[str]:
    name = f"t_names_{secrets.token_hex(4)}"
    dsn = create_database(server_dsn, name, template=template, file_copy=True)
    try:
        yield dsn
    finally:
        drop_database(server_dsn, name)


def _build(dsn: str, names: list[str]) -> None:
    schema, table, c1, c2, key, check, index, view = (sql.Identifier(n) for n in names)
    statements = [
        sql.SQL("CREATE SCHEMA {}").format(schema),
        sql.SQL(
            "CREATE TABLE {s}.{t} ({c1} int CONSTRAINT {k} PRIMARY KEY, "
            "{c2} text CONSTRAINT {ch} CHECK ({c2} <> ''))"
        ).format(s=schema, t=table, c1=c1, c2=c2, k=key, ch=check),
        sql.SQL("CREATE INDEX {i} ON {s}.{t} ({c2})").format(i=index, s=schema, t=table, c2=c2),
        sql.SQL("CREATE VIEW {s}.{v} AS SELECT {c1}, {c2} FROM {s}.{t}").format(
            s=schema, v=view, c1=c1, c2=c2, t=table
        ),
        sql.SQL("COMMENT ON TABLE {s}.{t} IS {c}").format(
            s=schema, t=table, c=sql.Literal(f"about {names[1]}")
        ),
    ]
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _decoy_rows(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM public.users").fetchone()
    return int(row[0]) if row else -1


@settings(
    max_examples=12,
    deadline=None,
    # Each example builds three databases: a failure is reported as found, not shrunk.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=NAMES)
@example(names=["s\n", "users\n", "c\r", "$primedb$", "k", "k2", "i--", "v/*"])
@example(names=["Ünï", "select", '"', "'", "a.b", "x;y", "日本" * 10, "🙂 🙂"])
def test_hostile_names_round_trip(server_dsn: str, empty_template: str, names: list[str]) -> None:
    with (
        _database(server_dsn, empty_template) as current,
        _database(server_dsn, empty_template) as desired,
        _database(server_dsn, empty_template) as rebuilt,
    ):
        for dsn in (current, desired):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(DECOY)
        _build(desired, names)
        before, wanted = read_catalog(current), read_catalog(desired)

        plan = diff(before, wanted)
        run_statements(current, plan.up(), plan)
        assert read_catalog(current) == wanted
        assert _decoy_rows(current) == 1

        with psycopg.connect(rebuilt, autocommit=True) as conn:
            conn.execute(dump_sql(wanted))
        assert read_catalog(rebuilt) == wanted

        run_statements(current, plan.down(), plan)
        assert read_catalog(current) == before
        assert _decoy_rows(current) == 1


def test_a_name_with_a_trailing_newline_is_quoted() -> None:
    assert ident("users\n") == '"users\n"'
    assert ident("users") == "users"


def test_a_dollar_quote_tag_never_occurs_in_its_body() -> None:
    body = "SELECT '$primedb$', '$primedb_1$'"
    quoted = dollar_quoted(body)
    assert quoted == f"$primedb_2${body}$primedb_2$"
