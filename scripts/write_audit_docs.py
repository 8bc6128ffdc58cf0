"""Write docs/audit-checks.md from the checks of analyzers/checks/ (a test keeps them equal)."""

from pathlib import Path

from primedb.analyzers.audit import default_checks
from primedb.analyzers.audit.catalog_doc import checks_markdown

ROOT = Path(__file__).resolve().parent.parent
target = ROOT / "docs" / "audit-checks.md"
target.write_text(checks_markdown(default_checks(ROOT / "analyzers" / "checks")))
print(f"wrote {target.relative_to(ROOT)}")
