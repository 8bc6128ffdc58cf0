"""The same (scale, seed, as_of month) gives the same rows; another seed gives others."""

from collections.abc import Callable, Iterator
from datetime import date

import psycopg
import pytest
from psycopg import sql

from primedb.pg import create_database, drop_database, with_dbname
from primedb.seed import plan, seed_database
from primedb.seed.world import Sizes, make_world

TABLES = [t.name for t in plan(make_world(Sizes.at(0.01), 1, date(2026, 1, 1)))]
CHECKSUM = "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} AS t"
AS_OF = date(2026, 3, 15)  # any month: rows outside the partitions go to the default one


@pytest.fixture
def seeded(server_dsn: str, schema_template: str) -> Iterator[Callable[..., dict[str, str]]]:
    """Seeds a fresh schema database and returns its per-table checksums."""
    made: list[str] = []

    def seed(**kwargs: object) -> dict[str, str]:
        name = f"t_det_{len(made)}_{id(made)}"
        made.append(name)
        dsn = create_database(server_dsn, name, template=schema_template, file_copy=True)
        seed_database(dsn, **kwargs)  # type: ignore[arg-type]
        with psycopg.connect(with_dbname(server_dsn, name)) as conn:
            conn.execute("SET TimeZone = 'UTC'")
            return {
                t: str(conn.execute(sql.SQL(CHECKSUM).format(table=sql.Identifier(t))).fetchone())
                for t in TABLES
            }

    yield seed
    for name in made:
        drop_database(server_dsn, name)


def test_the_same_seed_gives_the_same_rows(seeded: Callable[..., dict[str, str]]) -> None:
    first = seeded(scale=0.01, seed=7, as_of=AS_OF)
    again = seeded(scale=0.01, seed=7, as_of=date(2026, 3, 28))  # same month, another day
    assert first == again


def test_the_rows_do_not_depend_on_the_connections(seeded: Callable[..., dict[str, str]]) -> None:
    one = seeded(scale=0.01, seed=7, as_of=AS_OF, connections=1)
    two = seeded(scale=0.01, seed=7, as_of=AS_OF, connections=2)
    assert one == two


def test_another_seed_gives_other_rows(seeded: Callable[..., dict[str, str]]) -> None:
    first = seeded(scale=0.01, seed=7, as_of=AS_OF)
    other = seeded(scale=0.01, seed=8, as_of=AS_OF)
    differ = {t for t in TABLES if first[t] != other[t]}
    assert differ == set(TABLES) - {"products"}  # the catalogue is the same for every seed


def test_another_month_moves_the_dates(seeded: Callable[..., dict[str, str]]) -> None:
    march = seeded(scale=0.01, seed=7, as_of=AS_OF)
    april = seeded(scale=0.01, seed=7, as_of=date(2026, 4, 1))
    assert march["audit_logs"] != april["audit_logs"]
