"""The README's privilege and owner examples of `primedb schema diff`, run again.

Each runs on a database holding the schema (a database at head), with
`DATABASE_URL` set to it as the README has it, so the schema files are built
on the same server by the same role. The lines the README shows must come out
in that order (a `...` line stands for lines left out); the server's role,
`postgres` in the README, is whoever the tests connect as.
"""

import shutil
from pathlib import Path

import psycopg
from click.testing import CliRunner, Result

from primedb.cli import cli

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _example(command: str) -> tuple[list[str], list[list[str]]]:
    """The command's arguments and the runs of output lines the README shows (split at `...`)."""
    text = README.read_text()
    start = text.index(f"$ {command}\n")
    block = text[start : text.index("```", start)].splitlines()
    runs: list[list[str]] = [[]]
    for line in block[1:]:
        if line == "...":
            runs.append([])
        else:
            runs[-1].append(line)
    return command.split()[1:], runs


def _shows(printed: list[str], runs: list[list[str]]) -> bool:
    """Whether each run of lines comes out whole, one after the other."""
    at = 0
    for run in runs:
        while printed[at : at + len(run)] != run:
            at += 1
            if at + len(run) > len(printed):
                return False
        at += len(run)
    return True


def _run(args: list[str], database: str, schema_dir: Path) -> Result:
    args = [a.replace('"$DATABASE_URL"', database) for a in args]
    return CliRunner().invoke(
        cli,
        [*args, "--schema-dir", str(schema_dir)],
        env={"PRIMEDB_DSN": "", "DATABASE_URL": database},
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
    args, runs = _example('primedb schema diff --from "$DATABASE_URL" --to schema')
    result = _run(args, schema_dsn, schema_dir)
    assert result.exit_code == 1, result.stderr
    assert _shows(result.stdout.splitlines(), runs), result.stdout
    assert (
        "hazard not allowed: changes who may read, write, run or own an object in GRANT "
        "privileges of primecloud_app on table public.notifications"
    ) in result.stderr


def test_an_owner_changed_by_hand_shows_with_owners_and_one_plan_mends_it(
    schema_dsn: str,
) -> None:
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("ALTER TABLE buckets OWNER TO primecloud_app")
    args, runs = _example('primedb schema diff --from "$DATABASE_URL" --to schema --with-owners')
    result = _run(args, schema_dsn, ROOT / "schema")
    assert result.exit_code == 1, result.stderr
    printed = result.stdout.replace(f"OWNER TO {_user(schema_dsn)};", "OWNER TO postgres;")
    assert _shows(printed.splitlines(), runs), result.stdout

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
