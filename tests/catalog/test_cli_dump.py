"""`primedb schema dump`: the model as SQL (which rebuilds the database) or as JSON."""

import json

from click.testing import CliRunner

from primedb.catalog import read_catalog
from primedb.cli import cli

from .helpers import differences, psql, run_sql

ENV = {"PRIMEDB_DSN": "", "DATABASE_URL": ""}


def dump(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-q", "schema", "dump", *args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


def test_dump_sql_rebuilds_the_database(schema_dsn: str, other_dsn: str) -> None:
    code, out, err = dump("--dsn", schema_dsn)
    assert code == 0, err
    assert out.startswith("-- primedb schema dump")
    done = psql(other_dsn, out)
    assert done.returncode == 0, done.stderr
    assert differences(read_catalog(other_dsn), read_catalog(schema_dsn)) == []


def test_dump_json(schema_dsn: str) -> None:
    code, out, err = dump("--dsn", schema_dsn, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    tables = {t["name"]: t for t in data["tables"]}
    assert tables["audit_logs"]["monthly_partitions"] is True
    assert "audit_logs_default" in tables
    assert not any(name.startswith("audit_logs_20") for name in tables)
    assert data["managed_partitions_included"] is False


def test_dump_json_with_managed_partitions(schema_dsn: str) -> None:
    code, out, err = dump("--dsn", schema_dsn, "--format", "json", "--include-managed-partitions")
    assert code == 0, err
    names = [t["name"] for t in json.loads(out)["tables"]]
    assert sum(name.startswith("usage_records_20") for name in names) == 16


def test_dump_source_schema_applies_the_files_on_the_server(
    server_dsn: str, schema_dsn: str
) -> None:
    code, out, err = dump("--dsn", server_dsn, "--source", "schema", "--format", "json")
    assert code == 0, err
    from_files = json.loads(out)
    from_db = json.loads(dump("--dsn", schema_dsn, "--format", "json")[1])
    from_files.pop("server_version")
    from_db.pop("server_version")
    assert from_files == from_db


def test_unknown_source_is_a_usage_error(server_dsn: str) -> None:
    code, out, err = dump("--dsn", server_dsn, "--source", "yesterday")
    assert code == 2
    assert out == ""
    assert "error: unknown source 'yesterday'" in err


def test_unsupported_object_fails_with_one_line(dsn: str) -> None:
    run_sql(dsn, "CREATE TABLE t (a int); CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING")
    code, out, err = dump("--dsn", dsn)
    assert code == 5
    assert out == ""
    assert err.strip().splitlines() == [
        "error: the catalog model cannot represent rule r on public.t; drop or move "
        "these objects out of the database's schemas, or manage them outside primedb"
    ]
