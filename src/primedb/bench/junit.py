"""The run as JUnit XML: one test case per query and sample, failed by its regressions.

Every CI system reads this format (GitHub Actions through a reporter action,
GitLab's `artifacts:reports:junit`, Jenkins, Buildkite...), so a regression
shows as a failed test named after the query, with the gate's lines as the
failure's text. Improvements and notes go to the case's system-out; a case of
the baseline that was not measured is a failed case of its own.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from primedb.bench.findings import Finding, Verdict
from primedb.bench.gate import Comparison
from primedb.bench.record import Record

__all__ = ["junit_xml", "write_junit"]

SUITE_NAME = "primedb bench"


def junit_xml(records: Sequence[Record], comparison: Comparison | None) -> str:
    """The XML document of the run (without a comparison, every case passes)."""
    findings = comparison.findings if comparison else ()
    cases: list[tuple[str, str, float, list[Finding]]] = [
        (
            r.query,
            r.sample,
            r.median_ms / 1000,
            [f for f in findings if (f.query, f.sample) == r.key],
        )
        for r in records
    ]
    measured = {r.key for r in records}
    missing: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if (finding.query, finding.sample) not in measured:
            missing.setdefault((finding.query, finding.sample), []).append(finding)
    cases.extend((query, sample, 0.0, found) for (query, sample), found in missing.items())

    failed = sum(1 for *_, found in cases if _regressions(found))
    suite = ET.Element(
        "testsuite",
        name=SUITE_NAME,
        tests=str(len(cases)),
        failures=str(failed),
        errors="0",
        skipped="0",
    )
    for query, sample, seconds, found in cases:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"primedb.bench.{query}",
            name=sample,
            time=f"{seconds:.6f}",
        )
        if regressions := _regressions(found):
            failure = ET.SubElement(case, "failure", message=regressions[0].line, type="regression")
            failure.text = "\n".join(f.line for f in regressions)
        if others := [f for f in found if f.verdict is not Verdict.REGRESSION]:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.verdict.value}: {f.line}" for f in others
            )
    root = ET.Element("testsuites", name=SUITE_NAME, tests=suite.get("tests", "0"))
    root.set("failures", str(failed))
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(path: Path, records: Sequence[Record], comparison: Comparison | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(records, comparison))


def _regressions(found: Sequence[Finding]) -> list[Finding]:
    return [f for f in found if f.verdict is Verdict.REGRESSION]
