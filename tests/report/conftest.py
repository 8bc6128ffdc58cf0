"""The fixed results a report is rendered from in these tests.

`fixtures/results.json` is the combined JSON of one `primedb demo` run at
scale 0.01, cut down to four canonical queries (`usage_totals_for_account`
for a partitioned plan with a finding, `notifications_unread_first` and
`notifications_unread_count` for the advice, `access_key_lookup` for a join),
a few audit findings of each kind, and the benchmark of those queries with a
regression and an improvement written in by hand, so that every part of the
report has something to show.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from primedb.report import load_results, render_html

FIXTURE = Path(__file__).parent / "fixtures" / "results.json"


@pytest.fixture
def results_doc() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(FIXTURE.read_text())
    return document


@pytest.fixture(scope="module")
def rendered() -> str:
    """The report of the fixture, rendered once per module (its charts take a second)."""
    return render_html(load_results([FIXTURE]))
