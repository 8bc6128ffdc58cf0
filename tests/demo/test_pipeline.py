"""The main job end to end on the embedded default, and its pipeline carrying on past a failure."""

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from readme.examples import check_example

from primedb.demo.context import DemoSettings
from primedb.demo.pipeline import Outcome, Status, Step, run_steps
from primedb.demo.result import DemoResult
from primedb.errors import BadInput
from primedb.pg import drop_database
from primedb.queries import load_queries

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ["summary", "queries", "advice", "audit", "bench", "schema"]
STEPS = [
    "migrate to head",
    "seed",
    "explain the queries",
    "audit",
    "advise indexes",
    "bench against the baseline",
    "write the report",
]


def test_the_whole_pipeline_on_the_embedded_default(tmp_path: Path) -> None:
    """The README's first command, as the README shows it, and the report it leaves."""
    report = tmp_path / "report.html"
    env = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    done = subprocess.run(
        ["bash", "scripts/demo.sh", "--report", str(report)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # A progress line per step on stderr as it starts, and one with its status and time.
    for number, title in enumerate(STEPS, 1):
        assert f"step {number}/7: {title} ...\n" in done.stderr
        assert re.search(rf"step {number}/7: {title}: ok in \d+\.\d s: ", done.stderr), title
    seeded = re.search(r"step 2/7: seed: ok in [\d.]+ s: ([\d,]+) rows", done.stderr)
    assert seeded and int(seeded[1].replace(",", "")) > 50_000
    # The one screen, as the README shows it (its report went where the README's goes).
    shown = f"$ bash scripts/demo.sh\n{done.stderr}{done.stdout}"
    check_example("demo", shown.replace(str(report.resolve()), "primedb-report.html"))
    assert "every step succeeded" in done.stdout
    assert "60 cases against ci.json: the gate passes: no regression" in done.stdout
    # The report: every section, every query with both of its parameter sets and its chart.
    html = report.read_text()
    assert re.findall(r'data-section="([a-z]+)"', html) == SECTIONS
    queries = set(load_queries(ROOT / "queries"))
    assert set(re.findall(r'data-query="([a-z_]+)"', html)) == queries
    for article in html.split('<article class="query"')[1:]:
        assert "<h4>heavy: " in article and "<h4>typical: " in article
    charts = re.findall(r'<figure class="chart" id="([^"]+)"', html)
    assert len(charts) == len(queries) + 3  # one per query, the overview, audit and bench
    # The advice, every index built for real; measured on every case three ways.
    cards = html.count('<div class="card" id="index-')
    assert cards and html.count('<span class="badge verified">verified</span>') == cards
    assert "not verified" not in html
    check = html[html.index('id="advice-vs-schema"') : html.index('data-section="audit"')]
    measured = re.findall(r'<a href="#query-[a-z0-9-]+">([a-z_<>]+)</a></td><td>(\w+)</td>', check)
    assert {(q.replace("<wbr>", ""), sample) for q, sample in measured} == {
        (q, sample) for q in queries for sample in ("heavy", "typical")
    }


def test_a_failed_step_leaves_the_others_and_the_report(server_dsn: str, tmp_path: Path) -> None:
    """The benchmark step fails (no such baseline) after the others ran: the report is written,
    says so, and the exit code is the error's. (On the tests' server, to start no other.)"""
    report = tmp_path / "report.html"
    database = f"demo_{secrets.token_hex(4)}"
    args = ["--dsn", server_dsn, "--database", database, "--scale", "0.002"]
    args += ["--baseline", "nonesuch", "--report", str(report), "--format", "json"]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "primedb", "demo", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
            check=False,
        )
    finally:
        drop_database(server_dsn, database)
    assert done.returncode == 2, done.stderr  # a usage error: the baseline to compare with
    assert re.search(
        r"step 6/7: bench against the baseline: failed in \d+\.\d s: no baseline at", done.stderr
    )
    assert done.stderr.rstrip().splitlines()[-1].startswith("error: no baseline at ")
    doc = json.loads(done.stdout)
    assert [(s["name"], s["status"]) for s in doc["steps"]] == [
        ("migrate", "ok"),
        ("seed", "ok"),
        ("explain", "ok"),
        ("audit", "ok"),
        ("advise", "ok"),
        ("bench", "failed"),
        ("report", "ok"),
    ]
    assert doc["failed"] is True and doc["bench"] is None
    tables = [t["table"] for t in doc["schema"]["tables"]]
    assert "alembic_version" not in tables and len(tables) == doc["schema"]["objects"]["tables"]
    assert doc["steps"][5]["error"].startswith("no baseline at ")
    html = report.read_text()
    assert re.findall(r'data-section="([a-z]+)"', html) == [s for s in SECTIONS if s != "bench"]
    assert "step 6 (bench against the baseline) failed: no baseline at" in html


@dataclass(frozen=True, slots=True)
class Said:
    words: str

    def parts(self) -> dict[str, Any]:
        return {self.words: True}

    def summary(self) -> str:
        return self.words

    def highlights(self) -> list[str]:
        return []

    def findings(self) -> bool:
        return self.words == "regressed"


def _say(words: str) -> Any:
    def run(context: list[str], done: Mapping[str, Outcome]) -> Said:
        context.append(words)
        return Said(words)

    return run


def _fail(context: list[str], done: Mapping[str, Outcome]) -> Said:
    raise BadInput("queries/broken.sql: no -- name: line; add one")


def test_a_failing_step_is_reported_and_the_others_go_on() -> None:
    ran: list[str] = []
    heard: list[tuple[int, str, str | None]] = []
    outcomes = run_steps(
        [
            Step("first", "first", _say("first")),
            Step("broken", "broken", _fail, needs=("first",)),
            Step("after", "needs the broken one", _say("after"), needs=("broken",)),
            Step("beside", "needs the first only", _say("regressed"), needs=("first",)),
        ],
        ran,
        lambda n, total, step, outcome: heard.append(
            (n, step.name, outcome.status.value if outcome else None)
        ),
    )
    assert ran == ["first", "regressed"]
    assert [(o.name, o.status) for o in outcomes] == [
        ("first", Status.OK),
        ("broken", Status.FAILED),
        ("after", Status.SKIPPED),
        ("beside", Status.FINDINGS),
    ]
    broken, after = outcomes[1], outcomes[2]
    assert isinstance(broken.error, BadInput)
    assert broken.as_dict()["error"] == "queries/broken.sql: no -- name: line; add one"
    assert after.as_dict()["skipped_because"] == "needs broken, which failed"
    assert heard == [
        (1, "first", None),
        (1, "first", "ok"),
        (2, "broken", None),
        (2, "broken", "failed"),
        (3, "after", None),
        (3, "after", "skipped"),
        (4, "beside", None),
        (4, "beside", "findings"),
    ]


def test_a_bug_in_a_step_is_kept_with_its_type() -> None:
    def bug(context: list[str], done: Mapping[str, Outcome]) -> Said:
        raise KeyError("plan")

    (outcome,) = run_steps([Step("bug", "bug", bug)], [])
    assert outcome.status is Status.FAILED
    assert outcome.note == "bug: KeyError: 'plan'"
    assert isinstance(outcome.error, KeyError)


def test_an_interrupt_stops_the_pipeline() -> None:
    def interrupted(context: list[str], done: Mapping[str, Outcome]) -> Said:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_steps([Step("i", "i", interrupted), Step("never", "never", _say("never"))], [])


def test_the_screen_ends_with_where_the_database_is_and_what_to_run_next(tmp_path: Path) -> None:
    def screen(*, throwaway: bool) -> str:
        settings = DemoSettings(
            database="primedb_demo",
            migrations_dir=ROOT / "migrations",
            queries_dir=ROOT / "queries",
            baselines_dir=ROOT / "benchmarks" / "baselines",
            throwaway=throwaway,
        )
        report = tmp_path / "r.html"
        return DemoResult(settings, (), {}, "", report).as_text()

    gone = screen(throwaway=True)
    assert "buffers: 8 kB pages" in gone
    assert f"open {tmp_path / 'r.html'} in a browser" in gone
    assert "primedb_demo went with the throwaway cluster" in gone
    assert 'primedb demo --dsn "$DSN"' in gone
    kept = screen(throwaway=False)
    assert "primedb_demo stays on your server (DROP DATABASE primedb_demo removes it)" in kept
    assert "throwaway" not in kept
    assert kept.rstrip().splitlines()[-1].startswith("  on a database of yours: primedb audit")
