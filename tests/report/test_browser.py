"""The report as a person sees it: opened in headless Chromium, offline, then printed.

The page must load with no console message at error level, no script error
and no request but its own file; every chart must be there and drawn (an SVG
with a width); printed, it must make a PDF of several pages. A screenshot of
the top of the page (and one of the whole page) is written for review, into
pytest's temporary folder (the test prints where), and the top also where
PRIMEDB_REPORT_SCREENSHOT says. (The README's picture, docs/report.png, is
the top of a real demo's own report; the README says how it is taken.)
"""

import json
import os
import re
from pathlib import Path

from primedb.report import load_results, write_report
from primedb.report.page import build_page

from ._chromium import chromium, evaluate, load, page, print_pdf, screenshot
from .conftest import FIXTURE

CHARTS = """JSON.stringify([...document.querySelectorAll('figure.chart')].map(f => {
  const svg = f.querySelector('svg');
  const width = svg ? svg.getBoundingClientRect().width : 0;
  return [f.id, width, svg ? svg.querySelectorAll('rect, path').length : 0];
}))"""


def test_the_report_in_headless_chromium(tmp_path: Path) -> None:
    results = load_results([FIXTURE])
    expected = build_page(results).charts
    report = write_report(results, tmp_path / "report.html")
    url = report.as_uri()
    with chromium() as browser, page(browser, width=1280, height=1600) as session:
        load(browser, session, url)
        charts = json.loads(evaluate(browser, session, CHARTS))
        shot = screenshot(browser, session, tmp_path / "report.png")
        whole = screenshot(browser, session, tmp_path / "report-full.png", full_page=True)
        pdf = print_pdf(browser, session)
        requests = [
            e["params"]["request"]["url"] for e in browser.of(session, "Network.requestWillBeSent")
        ]
        errors = [
            e
            for e in browser.of(
                session, "Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded"
            )
            if e["method"] == "Runtime.exceptionThrown"
            or e["params"].get("type") in ("error", "assert")
            or e["params"].get("entry", {}).get("level") == "error"
        ]
        failed = browser.of(session, "Network.loadingFailed")
    assert errors == []
    assert requests == [url], "the page asked for something besides itself"
    assert failed == []
    assert [c[0] for c in charts] == list(expected)
    assert all(width > 100 and shapes > 5 for _, width, shapes in charts), charts
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
    assert whole.stat().st_size > shot.stat().st_size
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) > 1  # printed on several pages
    wanted = os.environ.get("PRIMEDB_REPORT_SCREENSHOT")
    if wanted:
        Path(wanted).write_bytes(shot.read_bytes())
    print(f"\nscreenshots: {shot}, {whole}")
