"""`primedb report` on what the commands themselves print with --format json, not a fixture.

explain, advise, audit and bench run on a seeded database that kept only
the indexes its constraints need (so there is advice to give and a plan
that regressed since the benchmark's baseline, saved first with every
index); each JSON is rendered alone, then all four together.
"""

import html
import json
import re
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from readme.examples import check_example

from primedb.analyzers.advice.baseline import drop_optional_indexes
from primedb.cli import cli
from primedb.queries import load_queries

ENV = {"PRIMEDB_DSN": "", "DATABASE_URL": ""}


def primedb(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), env=ENV)
    return done.exit_code, done.stdout


def sections(page: str) -> list[str]:
    return re.findall(r'data-section="([a-z]+)"', page)


def test_the_report_of_each_command_and_of_all_four(
    seeded_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the files by their names, as the README writes them
    baseline = tmp_path / "baseline.json"
    code, _ = primedb("bench", "--dsn", seeded_dsn, "--rounds", "1", "--save", str(baseline))
    assert code == 0
    with psycopg.connect(seeded_dsn) as conn:
        assert drop_optional_indexes(conn)
    with psycopg.connect(seeded_dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    runs = {
        "explain": (("explain", "--runs", "1"), 0),
        "advise": (("advise", "--copy", "--runs", "1"), 0),
        "audit": (("audit",), 0),
        "bench": (("bench", "--rounds", "1", "--compare", str(baseline)), 1),  # regressed
    }
    saved = {}
    for name, (args, expected) in runs.items():
        code, out = primedb(*args, "--dsn", seeded_dsn, "--format", "json")
        assert code == expected, (name, out[-500:])
        saved[name] = tmp_path / f"{name}.json"
        saved[name].write_text(out)
    queries = set(load_queries())
    expected_sections = {
        "explain": ["summary", "queries"],
        "advise": ["summary", "queries", "advice"],
        "audit": ["summary", "audit"],
        "bench": ["summary", "bench"],
    }
    for name, path in saved.items():
        code, out = primedb("report", "--input", path.name, "--output", f"{name}.html")
        assert (code, out.strip()) == (0, f"wrote {name}.html")
        assert sections((tmp_path / f"{name}.html").read_text()) == expected_sections[name], name
    explained = (tmp_path / "explain.html").read_text()
    assert set(re.findall(r'data-query="([a-z_]+)"', explained)) == queries
    # Each statement of each index as advise printed it (a partitioned table's recipe too).
    advice = json.loads(saved["advise"].read_text())["indexes"]
    statements = [line for i in advice for line in i["definition"].splitlines()]
    page = html.unescape((tmp_path / "advise.html").read_text())
    assert statements and all(line in page for line in statements)
    regressions = json.loads(saved["bench"].read_text())["comparison"]["regressions"]
    assert regressions
    assert f"Regressions ({len(regressions)})" in (tmp_path / "bench.html").read_text()

    together = tmp_path / "together.html"
    inputs = [arg for path in saved.values() for arg in ("--input", str(path))]
    code, _ = primedb("report", *inputs, "--output", str(together))
    assert code == 0
    page = together.read_text()
    assert sections(page) == ["summary", "queries", "advice", "audit", "bench"]
    assert set(re.findall(r'data-query="([a-z_]+)"', page)) == queries


def test_the_readme_example(
    seeded_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit and the benchmark gate as one page, and a file that is neither refused."""
    monkeypatch.chdir(tmp_path)
    for name in ("audit", "bench"):  # as the README runs them, on this database
        code, out = primedb(name, "--format", "json", "--dsn", seeded_dsn)
        assert code == 0, out[-500:]
        Path(f"{name}.json").write_text(out)
    Path("other.json").write_text(json.dumps({"rows": []}))
    together = CliRunner().invoke(
        cli,
        ["report", "--input", "audit.json", "--input", "bench.json", "--output", "health.html"],
        env=ENV,
    )
    refused = CliRunner().invoke(cli, ["report", "--input", "other.json"], env=ENV)
    assert (together.exit_code, refused.exit_code) == (0, 5)
    assert sections(Path("health.html").read_text()) == ["summary", "audit", "bench"]
    check_example(
        "report",
        "$ primedb audit --format json > audit.json\n"
        "$ primedb bench --format json > bench.json\n"
        "$ primedb report --input audit.json --input bench.json --output health.html\n"
        + together.stdout
        + "$ primedb report --input other.json\n"
        + refused.stderr,
    )
