"""`primedb report` on what the commands themselves print with --format json, not a fixture.

explain, advise, audit and bench run on a seeded database that kept only
the indexes its constraints need (so there is advice to give and a plan
that regressed since the benchmark's baseline, saved first with every
index); each JSON is rendered alone, then all four together.
"""

import json
import re
from pathlib import Path

import psycopg
from click.testing import CliRunner
from markupsafe import escape

from primedb.analyzers.advice.baseline import drop_optional_indexes
from primedb.cli import cli
from primedb.queries import load_queries

ENV = {"PRIMEDB_DSN": "", "DATABASE_URL": ""}


def primedb(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), env=ENV)
    return done.exit_code, done.stdout


def sections(html: str) -> list[str]:
    return re.findall(r'data-section="([a-z]+)"', html)


def test_the_report_of_each_command_and_of_all_four(seeded_dsn: str, tmp_path: Path) -> None:
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
        output = tmp_path / f"{name}.html"
        code, out = primedb("report", "--input", str(path), "--output", str(output))
        assert (code, out.strip()) == (0, f"wrote {output.resolve()}")
        assert sections(output.read_text()) == expected_sections[name], name
    html = (tmp_path / "explain.html").read_text()
    assert set(re.findall(r'data-query="([a-z_]+)"', html)) == queries
    # Each statement of each index as advise printed it (a partitioned table's recipe too).
    advice = json.loads(saved["advise"].read_text())["indexes"]
    statements = [line for i in advice for line in i["definition"].splitlines()]
    html = (tmp_path / "advise.html").read_text()
    assert statements and all(str(escape(line)) in html for line in statements)
    regressions = json.loads(saved["bench"].read_text())["comparison"]["regressions"]
    assert regressions
    assert f"Regressions ({len(regressions)})" in (tmp_path / "bench.html").read_text()

    together = tmp_path / "together.html"
    inputs = [arg for path in saved.values() for arg in ("--input", str(path))]
    code, _ = primedb("report", *inputs, "--output", str(together))
    assert code == 0
    html = together.read_text()
    assert sections(html) == ["summary", "queries", "advice", "audit", "bench"]
    assert set(re.findall(r'data-query="([a-z_]+)"', html)) == queries
