"""The report rendered from fixed results: every section, every chart, nothing from outside."""

import copy
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from primedb.errors import BadInput
from primedb.report import load_results, render_html, results_of, write_report
from primedb.report.page import build_page

from .conftest import FIXTURE


class Elements(HTMLParser):
    """Every start tag with its attributes, in order, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def with_attr(self, name: str) -> list[str]:
        return [str(a[name]) for _, a in self.tags if a.get(name) is not None]


def parse(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    return elements


def test_every_section_query_and_chart_of_the_demo(results_doc: dict[str, Any]) -> None:
    results = results_of([("results.json", results_doc)])
    page = build_page(results)
    html = render_html(results)
    found = parse(html)
    assert found.with_attr("data-section") == [
        "summary",
        "queries",
        "advice",
        "audit",
        "bench",
        "schema",
    ]
    queries = {q["name"] for q in results_doc["explain"]["queries"]}
    assert set(found.with_attr("data-query")) == queries
    # One chart per query, the overview, the audit's and the benchmark's, each an inline SVG.
    assert len(page.charts) == len(queries) + 3
    assert found.with_attr("data-chart") == list(page.charts)
    figures = html.split('<figure class="chart"')[1:]
    assert len(figures) == len(page.charts)
    assert all("<svg" in f.split("</figure>")[0] for f in figures)
    ids = found.with_attr("id")
    assert len(ids) == len(set(ids)), "an id appears twice (two charts sharing SVG ids?)"


def test_the_page_is_self_contained(rendered: str) -> None:
    html = rendered
    found = parse(html)
    tags = {tag for tag, _ in found.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "base"}
    assert "@import" not in html
    assert html.count("url(") == html.count("url(#")  # only references inside the page
    assert not found.with_attr("src")
    for ref in found.with_attr("href") + found.with_attr("xlink:href"):
        assert ref.startswith("#"), ref
    assert not any(name.startswith("on") for _, attrs in found.tags for name in attrs)


def test_what_each_section_says(results_doc: dict[str, Any], rendered: str) -> None:
    html = rendered
    text = " ".join(" ".join(parse(html).text).split())
    # The summary: the pipeline's steps, what is slow, what to do, what was verified.
    assert "6. bench against the baseline findings" in text
    assert "7. write the report this page" in text  # the demo's last step, writing this
    assert "build notifications_user_id_read_created_at_id_idx on public.notifications" in text
    assert "the gate fails: 2 regressions" in text
    # The plan tree: the hot node marked, the finding beside its node.
    assert 'class="hot' in html
    assert "rows_removed_by_filter" in text and "hint: " in text
    # The advice, built online, with its size and write cost.
    assert "CREATE INDEX CONCURRENTLY notifications_user_id_read_created_at_id_idx" in html
    assert "write cost: entry" in text
    assert "The advice against schema/'s own indexes" in text
    # The audit: worst first, the fix as SQL; the suppressed one with its reason.
    assert text.index("unique_indexes_with_nullable_columns") < text.index(
        "columns_without_description"
    ) or not any(f["severity"] == "warning" for f in results_doc["audit"]["findings"])
    assert "COMMENT ON COLUMN" in text
    assert "the rule is one invoice per subscription and period" in text
    # The benchmark: the regressions before the improvements and before the table of cases.
    regression = text.index("Regressions (2)")
    assert regression < text.index("Improvements (1)") < text.index("vs baseline")
    assert text.index("REGRESSED") < text.index("improved")
    # The schema and the migration status.
    assert "migrations: at head (7398540ac289), 2 revisions applied" in text


def test_a_failed_step_heads_what_to_do(results_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(results_doc)
    bench, seed = doc["steps"][5], doc["steps"][1]
    bench.update(status="failed", summary=None, error="no baseline at ci.json; make one")
    seed.update(
        status="skipped", seconds=0.0, summary=None, skipped_because="needs migrate, which failed"
    )
    doc["bench"] = None
    text = " ".join(" ".join(parse(render_html(results_of([("r", doc)]))).text).split())
    assert "2. seed skipped 0.0 needs migrate, which failed" in text
    assert "What to do step 6 (bench against the baseline) failed: no baseline at ci.json" in text
    assert "1 step did not run, waiting on a failed one" in text
    assert "nothing: no advice" not in text


def test_the_same_results_give_the_same_bytes(rendered: str) -> None:
    assert render_html(load_results([FIXTURE])) == rendered


def _commands(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What each command would have printed with --format json, cut from the demo's."""
    return {name: copy.deepcopy(doc[name]) for name in ("explain", "advise", "audit", "bench")}


def test_each_command_alone_and_together(results_doc: dict[str, Any], tmp_path: Path) -> None:
    saved = {}
    for name, doc in _commands(results_doc).items():
        saved[name] = tmp_path / f"{name}.json"
        saved[name].write_text(json.dumps(doc))
        sections = parse(render_html(load_results([saved[name]]))).with_attr("data-section")
        expected = {
            "explain": ["summary", "queries"],
            "advise": ["summary", "queries", "advice"],  # the served queries, before and after
            "audit": ["summary", "audit"],
            "bench": ["summary", "bench"],
        }[name]
        assert sections == expected, name
    together = load_results(list(saved.values()))
    sections = parse(render_html(together)).with_attr("data-section")
    assert sections == ["summary", "queries", "advice", "audit", "bench"]


def test_bad_inputs_are_refused_by_name(results_doc: dict[str, Any], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(BadInput, match=r"broken.json: not JSON"):
        load_results([broken])
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"rows": []}))
    with pytest.raises(BadInput, match=r"other.json: not the JSON of primedb explain, advise"):
        load_results([other])
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(results_doc["audit"]))
    with pytest.raises(BadInput, match=r"a second audit result \(the first came from .*results"):
        load_results([FIXTURE, audit])
    with pytest.raises(BadInput, match=r"cannot read .*missing.json"):
        load_results([tmp_path / "missing.json"])


def test_write_report_replaces_the_file_whole(results_doc: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    written = write_report(results_of([("r", results_doc)]), target)
    assert written == target.resolve()
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o044  # readable by others, as any file the user writes
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temporary left


def test_the_report_command(tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "primedb",
            "report",
            "--input",
            str(FIXTURE),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {output.resolve()}"
    assert 'data-section="bench"' in output.read_text()
    missing = subprocess.run(
        [sys.executable, "-m", "primedb", "report", "--input", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 5
    assert missing.stderr.strip().startswith("error: cannot read")
