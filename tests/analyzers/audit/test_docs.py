"""docs/audit-checks.md is the check files, rendered: it lists every check, what it needs, why."""

from pathlib import Path

from primedb.analyzers.audit import default_checks
from primedb.analyzers.audit.catalog_doc import checks_markdown

ROOT = Path(__file__).resolve().parents[3]


def test_the_checks_document_is_the_check_files_rendered() -> None:
    checks = default_checks(ROOT / "analyzers" / "checks")
    document = (ROOT / "docs" / "audit-checks.md").read_text()
    assert document == checks_markdown(checks), "run: .venv/bin/python scripts/write_audit_docs.py"
    for check in checks:
        assert f"### `{check.name}`" in document
