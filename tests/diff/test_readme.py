"""The README's privilege and owner examples of `primedb schema diff`, run again.

Each runs on a database holding the schema (a database at head), with
`DATABASE_URL` set to it as the README has it, so the schema files are built
on the same server by the same role; what the command prints (stderr and
stdout, as a terminal shows them) is held to the README's example. The
server's role, `postgres` in the README, is whoever the tests connect as.
"""

import shlex
import shutil
from pathlib import Path

import psycopg
from click.testing import CliRunner, Result
from psycopg.conninfo import conninfo_to_dict
from readme.examples import check_example, example

from primedb.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _command(name: str) -> tuple[str, list[str]]:
    """The first line of the README's example `name`, and its arguments."""
    line = example(name).text.splitlines()[0]
    assert line.startswith("$ primedb "), line
    return line, shlex.split(line[2:])[1:]


def _run(args: list[str], database: str, schema_dir: Path) -> Result:
    parts = conninfo_to_dict(database)  # as a user exports it
    url = f"postgresql://{parts['user']}@{parts['host']}:{parts['port']}/{parts['dbname']}"
    args = [url if a == "$DATABASE_URL" else a for a in args]
    return CliRunner().invoke(
        cli,
        [*args, "--schema-dir", str(schema_dir)],
        env={"PRIMEDB_DSN": "", "DATABASE_URL": url},
    )


def _user(database: str) -> str:
    with psycopg.connect(database) as conn:
        row = conn.execute("SELECT current_user").fetchone()
    assert row is not None
    return str(row[0])


def test_a_privilege_in_the_schema_files_is_a_planned_grant(
    schema_dsn: str, tmp_path: Path
) -> None:
    schema_dir = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema_dir)
    privileges = schema_dir / "80_privileges.sql"
    before = "GRANT SELECT, INSERT, UPDATE ON notifications TO primecloud_app;"
    assert before in privileges.read_text()
    privileges.write_text(
        privileges.read_text().replace(
            before, "GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO primecloud_app;"
        )
    )
    line, args = _command("schema-diff-privilege")
    result = _run(args, schema_dsn, schema_dir)
    assert result.exit_code == 1, result.stderr
    check_example("schema-diff-privilege", f"{line}\n{result.output}")


def test_an_owner_changed_by_hand_shows_with_owners_and_one_plan_mends_it(
    schema_dsn: str,
) -> None:
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("ALTER TABLE buckets OWNER TO primecloud_app")
    line, args = _command("schema-diff-owners")
    assert args[-1] == "--with-owners"
    result = _run(args, schema_dsn, ROOT / "schema")
    assert result.exit_code == 1, result.stderr
    printed = result.output.replace(f"OWNER TO {_user(schema_dsn)};", "OWNER TO postgres;")
    check_example("schema-diff-owners", f"{line}\n{printed}")

    # Without owners: only the grant, which changes nothing while the application owns it.
    without = _run(args[:-1], schema_dsn, ROOT / "schema")
    assert "OWNER TO" not in without.stdout
    assert "GRANT INSERT, SELECT, UPDATE ON TABLE public.buckets TO primecloud_app;" in (
        without.stdout
    )

    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        conn.execute(result.stdout)
    again = _run(args, schema_dsn, ROOT / "schema")
    assert again.exit_code == 0, again.stdout
