"""Baseline files: pytest-benchmark's JSON with primedb's conditions and records, both ways."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from primedb.analyzers.plans import NodeShape
from primedb.bench import (
    Conditions,
    DataSpec,
    Record,
    baseline_path,
    differences,
    load_baseline,
    write_baseline,
)
from primedb.errors import BadInput, UsageError
from primedb.queries import load_queries

CONDITIONS = Conditions(
    postgres_major=15,
    postgres_version="15.18",
    data=DataSpec(scale=0.01, seed=1, as_of=dt.date(2026, 12, 1)),
    settings=(("random_page_cost", "4"), ("work_mem", "4096")),
    schema_hash="sha256:ab51",
    revision="0f41eb2bb90d",
)
RECORD = Record(
    query="inbox",
    sample="heavy",
    params={"user_id": 7, "before": "2026-11-30T00:00:00+00:00"},
    rows=20,
    checksum="sha256:0123456789abcdef",
    shape=(NodeShape(0, "Limit", None, None), NodeShape(1, "Index Scan", "n", "n_idx")),
    shared_hit=14,
    shared_read=1,
    median_ms=0.25,
    min_ms=0.2,
    execution_ms=(0.3, 0.25, 0.2),
)


def test_a_written_baseline_reads_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "ci.json"
    write_baseline(path, CONDITIONS, [RECORD], rounds=3, warmup=1)
    baseline = load_baseline(path)
    assert baseline.conditions == CONDITIONS
    (back,) = baseline.records
    assert back == Record(**{**_fields(RECORD), "execution_ms": ()})
    document = json.loads(path.read_text())
    (entry,) = document["benchmarks"]
    assert entry["name"] == "test_query[inbox-heavy]"  # the suite's test id of the same case
    assert entry["params"] == {"query": "inbox", "sample": "heavy"}
    assert entry["stats"]["median"] == 0.00025  # seconds, as pytest-benchmark keeps them
    assert entry["stats"]["min"] == 0.0002
    assert entry["stats"]["rounds"] == 3


def test_pytest_benchmark_compare_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "ci.json"
    write_baseline(path, CONDITIONS, [RECORD], rounds=3, warmup=1)
    shown = subprocess.run(
        [str(Path(sys.executable).parent / "pytest-benchmark"), "compare", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "test_query[inbox-heavy]" in shown.stdout


def test_files_that_are_not_baselines_are_refused_saying_why(tmp_path: Path) -> None:
    with pytest.raises(
        UsageError, match=r"no baseline at .*nope.json; make one with primedb bench --save nope"
    ):
        load_baseline(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(BadInput, match="is not a JSON baseline"):
        load_baseline(bad)
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"machine_info": {}, "benchmarks": []}))
    with pytest.raises(BadInput, match=r"has no primedb conditions \(machine_info.primedb\)"):
        load_baseline(plain)


def test_a_name_is_a_file_of_the_baselines_folder_and_a_path_is_a_path(tmp_path: Path) -> None:
    assert baseline_path("ci", tmp_path) == tmp_path / "ci.json"
    assert baseline_path("out/x.json", tmp_path) == Path("out/x.json")
    assert baseline_path("x.json", tmp_path) == Path("x.json")
    with pytest.raises(UsageError, match="is not a name"):
        baseline_path(".hidden", tmp_path)


def test_differences_name_each_condition() -> None:
    other = Conditions(
        postgres_major=16,
        postgres_version="16.4",
        data=DataSpec(scale=1.0, seed=1, as_of=None),
        settings=(("random_page_cost", "1.1"), ("work_mem", "4096")),
        schema_hash="sha256:ffff",  # a schema change is judged, not refused
        revision="1a2b3c4d5e6f",
    )
    assert differences(CONDITIONS, other) == (
        "PostgreSQL 15 -> 16",
        "scale 0.01 -> 1",
        "data as of 2026-12-01 -> not stated",
        "random_page_cost 4 -> 1.1",
    )
    assert differences(CONDITIONS, CONDITIONS) == ()


def _fields(record: Record) -> dict[str, object]:
    return {name: getattr(record, name) for name in Record.__dataclass_fields__}


def test_the_ci_baseline_covers_every_canonical_query_on_pinned_data() -> None:
    root = Path(__file__).resolve().parents[2]
    baseline = load_baseline(root / "benchmarks" / "baselines" / "ci.json")
    cases = {r.key for r in baseline.records}
    assert cases == {(q, s) for q in load_queries(root / "queries") for s in ("heavy", "typical")}
    data = baseline.conditions.data
    assert (data.scale, data.seed, data.as_of) == (0.01, 1, dt.date(2026, 12, 1))
