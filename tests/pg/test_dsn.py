"""DSN resolution order and password masking."""

import psycopg.conninfo
import pytest

from primedb.pg import dsn


def test_option_wins_over_environment() -> None:
    env = {"PRIMEDB_DSN": "postgresql://a/b", "DATABASE_URL": "postgresql://c/d"}
    assert dsn.resolve("postgresql://x/y", env) == "postgresql://x/y"
    assert dsn.source("postgresql://x/y", env) == "--dsn"


def test_primedb_dsn_before_database_url() -> None:
    env = {"PRIMEDB_DSN": "postgresql://a/b", "DATABASE_URL": "postgresql://c/d"}
    assert dsn.resolve(None, env) == "postgresql://a/b"
    assert dsn.source(None, env) == "PRIMEDB_DSN"


def test_database_url_last() -> None:
    env = {"DATABASE_URL": "postgresql://c/d"}
    assert dsn.resolve(None, env) == "postgresql://c/d"
    assert dsn.source(None, env) == "DATABASE_URL"


def test_nothing_means_embedded() -> None:
    assert dsn.resolve(None, {}) is None
    assert dsn.resolve("", {"PRIMEDB_DSN": ""}) is None
    assert dsn.source(None, {}) == "embedded"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("postgresql://alice:s3cr3t@db:5432/app", "postgresql://alice:***@db:5432/app"),
        (
            "postgres://alice:p%40ss@db/app?sslmode=require",
            "postgres://alice:***@db/app?sslmode=require",
        ),
        ("postgresql://alice@db/app", "postgresql://alice@db/app"),
        (
            "host=db user=alice password=s3cr3t dbname=app",
            "host=db user=alice password=*** dbname=app",
        ),
        ("host=db password='with space' dbname=app", "host=db password=*** dbname=app"),
        (
            "postgresql://db/app?user=a&password=s3cr3t&x=1",
            "postgresql://db/app?user=a&password=***&x=1",
        ),
    ],
)
def test_mask_hides_passwords(raw: str, masked: str) -> None:
    assert dsn.mask(raw) == masked
    assert "s3cr3t" not in dsn.mask(raw)


def test_with_dbname_keeps_server_and_credentials() -> None:
    out = dsn.with_dbname("postgresql://alice:pw@db:6543/app?sslmode=disable", "other")
    params = psycopg.conninfo.conninfo_to_dict(out)
    assert params["dbname"] == "other"
    assert params["host"] == "db"
    assert params["port"] == "6543"
    assert params["password"] == "pw"
    assert params["sslmode"] == "disable"
