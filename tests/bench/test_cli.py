"""`primedb bench` as CI runs it: exit codes, the gate's lines, JUnit, JSON, refusals."""

import json
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from readme.examples import check_example, example

from primedb.bench import load_baseline
from primedb.cli import cli
from primedb.pg import connect

from ._helpers import ROOT

DATA = ("--scale", "0.01", "--seed", "1", "--as-of", "2026-12")  # what bench_dsn holds
INBOX = "notifications_unread_first"


def bench(dsn: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        cli, ["bench", "--dsn", dsn, *DATA, "--rounds", "2", *args], env=env or {"CI": ""}
    )


def test_save_then_compare_passes_and_ci_leaves_time_out_saying_so(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = tmp_path / "base.json"
    saved = bench(bench_dsn, INBOX, "--save", str(baseline))
    assert saved.exit_code == 0, saved.output
    assert f"saved the baseline {baseline}" in saved.stdout
    assert "scale 0.01, seed 1, as of 2026-12" in saved.stdout

    judged = bench(bench_dsn, INBOX, "--compare", str(baseline), env={"CI": "true"})
    assert judged.exit_code == 0, judged.output
    assert "time not compared: CI is set" in judged.stdout
    assert judged.stdout.rstrip().endswith("the gate passes: no regression")


def test_a_dropped_index_fails_the_build_with_its_lines_and_junit(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = tmp_path / "base.json"
    assert bench(bench_dsn, INBOX, "--save", str(baseline)).exit_code == 0
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute("DROP INDEX notifications_user_read_created_idx")
    junit = tmp_path / "bench.xml"

    judged = bench(bench_dsn, INBOX, "--compare", str(baseline), "--junit-xml", str(junit))

    assert judged.exit_code == 1, judged.output
    assert (
        f"  {INBOX} heavy: index notifications_user_read_created_idx -> not used: index "
        "notifications_user_read_created_idx is no longer used; the database has no index "
        "notifications_user_read_created_idx"
    ) in judged.stdout.splitlines()
    assert "the gate fails: " in judged.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert set(cases) == {
        (f"primedb.bench.{INBOX}", "heavy"),
        (f"primedb.bench.{INBOX}", "typical"),
    }
    failure = cases[(f"primedb.bench.{INBOX}", "heavy")].find("failure")
    assert failure is not None and failure.text is not None
    assert "notifications_user_read_created_idx is no longer used" in failure.text


def test_other_conditions_are_refused_with_exit_2(bench_dsn: str, tmp_path: Path) -> None:
    baseline = tmp_path / "base.json"
    assert bench(bench_dsn, INBOX, "--save", str(baseline)).exit_code == 0
    refused = CliRunner().invoke(
        cli,
        ["bench", "--dsn", bench_dsn, "--scale", "0.5", "--seed", "1", "--as-of", "2026-12",
         INBOX, "--compare", str(baseline)],
    )  # fmt: skip
    assert refused.exit_code == 2
    assert "measured under other conditions: scale 0.01 -> 0.5;" in refused.stderr


def test_json_holds_every_case_and_an_unknown_name_is_refused(bench_dsn: str) -> None:
    done = bench(bench_dsn, INBOX, "--format", "json")
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert [(c["query"], c["sample"], c["rows"]) for c in document["cases"]] == [
        (INBOX, "heavy", 20),
        (INBOX, "typical", 20),
    ]
    assert document["conditions"]["data"] == {"scale": 0.01, "seed": 1, "as_of": "2026-12-01"}
    assert document["conditions"]["settings"]["max_parallel_workers_per_gather"] == "0"

    unknown = bench(bench_dsn, "no_such_query")
    assert unknown.exit_code == 2
    assert "no canonical query named no_such_query" in unknown.stderr


def test_saving_some_queries_updates_their_cases_in_the_baseline(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = tmp_path / "base.json"
    assert bench(bench_dsn, INBOX, "--save", str(baseline)).exit_code == 0
    assert bench(bench_dsn, "user_by_id", "--save", str(baseline)).exit_code == 0
    assert [r.label for r in load_baseline(baseline).records] == [
        f"{INBOX}[heavy]",
        f"{INBOX}[typical]",
        "user_by_id[heavy]",
        "user_by_id[typical]",
    ]
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute("DROP INDEX notifications_user_read_created_idx")
    refused = bench(bench_dsn, "user_by_id", "--save", str(baseline))
    assert refused.exit_code == 2
    assert "cannot update some queries in " in refused.stderr
    assert "(the schema); save every query (no NAME) to replace it" in refused.stderr


def test_the_readme_gate_example_passes_on_an_unchanged_tree(
    bench_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # `--compare ci` is the committed baseline
    command = example("bench-gate").text.splitlines()[0]
    program, *args = (
        bench_dsn if a == "$DSN" else a for a in shlex.split(command.removeprefix("$ "))
    )
    assert program == "primedb"
    judged = CliRunner().invoke(cli, args, env={"CI": ""})
    assert judged.exit_code == 0, judged.output
    check_example("bench-gate", command + "\n" + judged.stdout)
