"""The gate's rules on records, at and around each threshold, and the words of each finding.

No database here: a record is what a baseline stores, so these are the gate
reading two baselines. The mutation tests prove the same rules on a real one.
"""

from pathlib import Path

import pytest

from primedb.analyzers.plans import NodeShape
from primedb.bench import (
    Baseline,
    Comparison,
    Conditions,
    DataSpec,
    Kind,
    Record,
    Tolerances,
    Verdict,
    compare,
)

HINT = "update the baseline with `primedb bench --save ci`"
INDEX_SCAN = (
    NodeShape(0, "Limit", None, None),
    NodeShape(1, "Index Scan", "notifications", "notifications_user_read_created_idx"),
)
SEQ_SCAN = (
    NodeShape(0, "Limit", None, None),
    NodeShape(1, "Sort", None, None),
    NodeShape(2, "Seq Scan", "notifications", None),
)
CONDITIONS = Conditions(postgres_major=15, postgres_version="15.18", data=DataSpec(0.01, 1))


class Facts:
    """The database has `present`; the revision 1a2b3c dropped `dropped`."""

    def __init__(self, present: set[str] = frozenset(), dropped: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.present, self.dropped = present, dropped

    def exists(self, index: str) -> bool:
        return index in self.present

    def dropped_in(self, index: str) -> str | None:
        return "1a2b3c (drop it)" if index in self.dropped else None


def record(
    *,
    rows: int = 20,
    checksum: str = "sha256:aa",
    shape: tuple[NodeShape, ...] = INDEX_SCAN,
    buffers: int = 100,
    median: float = 1.0,
    least: float = 0.9,
    query: str = "inbox",
    sample: str = "heavy",
    params: dict[str, object] | None = None,
) -> Record:
    return Record(
        query=query,
        sample=sample,
        params=params or {"user_id": 7},
        rows=rows,
        checksum=checksum,
        shape=shape,
        shared_hit=buffers,
        shared_read=0,
        median_ms=median,
        min_ms=least,
    )


def judge(
    before: Record,
    after: Record,
    tolerances: Tolerances | None = None,
    facts: Facts | None = None,
    **options: object,
) -> Comparison:
    baseline = Baseline(Path("ci.json"), CONDITIONS, (before,))
    return compare(
        baseline,
        [after],
        facts=facts or Facts(),
        tolerances=tolerances or Tolerances(),
        save_hint=HINT,
        **options,  # type: ignore[arg-type]
    )


def lines(comparison: Comparison, verdict: Verdict) -> list[str]:
    return [f.line for f in comparison.findings if f.verdict is verdict]


def test_the_same_record_finds_nothing() -> None:
    assert judge(record(), record()).findings == ()


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (100, 110, None),  # +10%: not more than 10%
        (100, 111, Verdict.REGRESSION),  # +11%, 11 buffers
        (50, 58, None),  # +16%, but 8 buffers: not more than 8
        (50, 59, Verdict.REGRESSION),
        (1000, 1099, None),
        (100, 89, Verdict.IMPROVEMENT),
        (100, 91, None),
    ],
)
def test_buffers_need_more_than_ten_percent_and_more_than_eight(
    before: int, after: int, verdict: Verdict | None
) -> None:
    found = judge(record(buffers=before), record(buffers=after)).findings
    assert [f.verdict for f in found] == ([verdict] if verdict else [])


def test_a_buffer_regression_names_case_figures_and_cause() -> None:
    (finding,) = judge(record(buffers=15), record(buffers=166)).findings
    assert finding.line == (
        "inbox heavy: buffers 15 -> 166 (+1007%): reads more than 10% and 8 buffers more than "
        "the baseline"
    )


def test_an_improvement_says_how_to_take_it() -> None:
    (finding,) = judge(record(buffers=48_797), record(buffers=22)).findings
    assert finding.line == f"inbox heavy: buffers 48,797 -> 22 (-100%): fewer buffers; {HINT}"


def test_changed_rows_are_a_regression_whatever_else() -> None:
    comparison = judge(record(rows=20), record(rows=19, buffers=1))
    assert lines(comparison, Verdict.REGRESSION) == [
        "inbox heavy: rows 20 -> 19: the query returns different rows: a correctness regression"
    ]


def test_a_changed_checksum_is_a_regression_and_new_parameters_are_named() -> None:
    after = record(checksum="sha256:bb", params={"user_id": 8})
    (finding,) = judge(record(), after).findings
    assert finding.kind is Kind.ROWS
    assert finding.line == (
        "inbox heavy: rows 20, checksum sha256:aa -> sha256:bb: the query returns different "
        "rows: a correctness regression (its sampled parameters changed too, user_id=7 -> "
        "user_id=8: did the data or the sample change?)"
    )


@pytest.mark.parametrize(
    ("median", "least", "verdict"),
    [
        (2.0, 1.8, Verdict.REGRESSION),  # both slower by 100% and 1 ms
        (2.0, 1.0, None),  # the min did not move: noise in the median
        (1.2, 1.2, None),  # min slower by 33%, median by 20%: within 25%
        (1.3, 1.3, None),  # both by more than 25%, but by 0.3 and 0.4 ms: under the floor
        (1.6, 1.5, Verdict.REGRESSION),
    ],
)
def test_time_needs_median_and_min_slower_by_the_tolerance_and_the_floor(
    median: float, least: float, verdict: Verdict | None
) -> None:
    before = record(median=1.0, least=0.9)
    found = judge(before, record(median=median, least=least)).findings
    assert [f.verdict for f in found] == ([verdict] if verdict else [])


def test_every_time_finding_says_times_are_noisy() -> None:
    (finding,) = judge(record(median=1.0, least=0.9), record(median=3.0, least=2.5)).findings
    assert finding.line == (
        "inbox heavy: median 1.00 -> 3.00 ms, min 0.90 -> 2.50 ms: median and min both slower "
        "by more than 25% and 0.5 ms; time on a shared machine is noisy: re-run before "
        "believing it"
    )


def test_time_is_not_judged_when_not_checked_and_the_reason_is_kept() -> None:
    comparison = judge(
        record(median=1.0, least=0.9),
        record(median=9.0, least=9.0),
        Tolerances(check_time=False),
        time_note="time not compared: CI is set",
    )
    assert comparison.findings == ()
    assert comparison.time_note == "time not compared: CI is set"


def test_an_index_scan_become_sequential_with_a_sort_and_the_index_dropped_in_a_revision() -> None:
    facts = Facts(dropped={"notifications_user_read_created_idx"})
    comparison = judge(record(shape=INDEX_SCAN), record(shape=SEQ_SCAN), facts=facts)
    assert lines(comparison, Verdict.REGRESSION) == [
        "inbox heavy: Index Scan using notifications_user_read_created_idx on notifications -> "
        "Seq Scan on notifications: the index scan of notifications became a sequential scan",
        "inbox heavy: Sort nodes 0 -> 1: a Sort appeared",
        "inbox heavy: index notifications_user_read_created_idx -> not used: index "
        "notifications_user_read_created_idx is no longer used, dropped in revision "
        "1a2b3c (drop it)?",
    ]


def test_an_index_still_there_but_not_used_is_named_without_a_revision() -> None:
    facts = Facts(present={"notifications_user_read_created_idx"})
    comparison = judge(record(shape=INDEX_SCAN), record(shape=SEQ_SCAN), facts=facts)
    assert lines(comparison, Verdict.REGRESSION)[-1] == (
        "inbox heavy: index notifications_user_read_created_idx -> not used: index "
        "notifications_user_read_created_idx is no longer used"
    )


def test_a_bitmap_scan_instead_of_an_index_scan_is_worse_and_a_hash_appearing_too() -> None:
    bitmap = (
        NodeShape(0, "Hash Join", None, None),
        NodeShape(1, "Seq Scan", "accounts", None),
        NodeShape(1, "Hash", None, None),
        NodeShape(2, "Bitmap Heap Scan", "notifications", None),
        NodeShape(3, "Bitmap Index Scan", None, "notifications_user_read_created_idx"),
    )
    comparison = judge(record(shape=INDEX_SCAN), record(shape=bitmap))
    kinds = [(f.kind, f.verdict) for f in comparison.findings]
    assert (Kind.SCAN, Verdict.REGRESSION) in kinds
    assert (Kind.HASH, Verdict.REGRESSION) in kinds
    assert (Kind.INDEX, Verdict.REGRESSION) not in kinds  # the bitmap scan still uses it
    (scan,) = [f for f in comparison.findings if f.kind is Kind.SCAN]
    assert scan.cause == "the index scan of notifications became a bitmap scan"


def test_the_reverse_changes_are_improvements_and_a_new_index_a_note() -> None:
    comparison = judge(record(shape=SEQ_SCAN), record(shape=INDEX_SCAN))
    assert [(f.kind, f.verdict) for f in comparison.findings] == [
        (Kind.SCAN, Verdict.IMPROVEMENT),
        (Kind.SORT, Verdict.IMPROVEMENT),
        (Kind.INDEX, Verdict.NOTE),
    ]
    assert not comparison.regressions


def test_partitions_count_as_their_table() -> None:
    def months(kind: str, index: bool) -> tuple[NodeShape, ...]:
        scans = [
            NodeShape(
                1,
                kind,
                f"audit_logs_2026_{m:02d}",
                f"audit_logs_2026_{m:02d}_pkey" if index else None,
            )
            for m in range(1, 13)
        ]
        return (NodeShape(0, "Append", None, None), *scans)

    present = {f"audit_logs_2026_{m:02d}_pkey" for m in range(1, 13)}
    comparison = judge(
        record(shape=months("Index Scan", True)),
        record(shape=months("Seq Scan", False)),
        facts=Facts(present=present),
    )
    assert lines(comparison, Verdict.REGRESSION) == [
        "inbox heavy: Index Scan using audit_logs_*_pkey on audit_logs_* -> Seq Scan on "
        "audit_logs_*: the index scan of audit_logs_* became a sequential scan",
        "inbox heavy: index audit_logs_*_pkey (12 partitions) -> not used: indexes "
        "audit_logs_2026_01_pkey, audit_logs_2026_02_pkey, audit_logs_2026_03_pkey, ... are "
        "no longer used",
    ]


def test_another_change_of_shape_is_a_note() -> None:
    other = (
        NodeShape(0, "Limit", None, None),
        NodeShape(1, "Index Only Scan", "notifications", "notifications_user_read_created_idx"),
    )
    (finding,) = judge(record(shape=INDEX_SCAN), record(shape=other)).findings
    assert finding.verdict is Verdict.NOTE
    assert finding.line == (
        "inbox heavy: Limit(Index Scan notifications_user_read_created_idx) -> "
        "Limit(Index Only Scan notifications_user_read_created_idx): the plan changed shape, "
        "in no way the gate counts as worse"
    )


def test_a_case_gone_from_the_queries_fails_and_a_new_one_is_a_note() -> None:
    baseline = Baseline(Path("ci.json"), CONDITIONS, (record(query="gone"),))
    comparison = compare(
        baseline, [record(query="new")], facts=Facts(), tolerances=Tolerances(), save_hint=HINT
    )
    assert [f.line for f in comparison.findings] == [
        "gone heavy: in the baseline -> not measured: the query or its sample is gone (removed "
        f"or renamed?); if that is meant, {HINT}",
        f"new heavy: not in the baseline: a new case; {HINT}",
    ]
    assert [f.verdict for f in comparison.findings] == [Verdict.REGRESSION, Verdict.NOTE]
    narrowed = compare(
        baseline,
        [record(query="new")],
        facts=Facts(),
        tolerances=Tolerances(),
        save_hint=HINT,
        only=("new",),
    )
    assert not narrowed.regressions  # asked for one query: the others are not missing


def test_under_allowed_different_conditions_buffers_and_time_are_not_judged() -> None:
    comparison = judge(
        record(buffers=10, median=1.0, least=1.0),
        record(buffers=1000, median=9.0, least=9.0, rows=21),
        different_conditions=("scale 0.01 -> 1",),
    )
    assert [f.kind for f in comparison.findings] == [Kind.ROWS]
