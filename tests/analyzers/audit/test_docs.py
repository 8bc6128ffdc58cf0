"""docs/audit-checks.md is the check files, rendered; the audit's own SQL parses."""

from pathlib import Path

from primedb.analyzers.audit import default_checks
from primedb.analyzers.audit.catalog_doc import checks_markdown
from primedb.sqlfiles import package_queries

ROOT = Path(__file__).resolve().parents[3]


def test_the_checks_document_is_the_check_files_rendered() -> None:
    checks = default_checks(ROOT / "analyzers" / "checks")
    document = (ROOT / "docs" / "audit-checks.md").read_text()
    assert document == checks_markdown(checks), "run: .venv/bin/python scripts/write_audit_docs.py"
    for check in checks:
        assert f"### `{check.name}`" in document


def test_the_runners_own_queries_parse() -> None:
    # Commands load them unchecked (package_queries(check=False)); this is their check.
    checked = package_queries("primedb.analyzers.audit", check=True)
    assert set(checked) == {"cumulative_statistics_age", "never_analyzed_tables", "missing_schemas"}
