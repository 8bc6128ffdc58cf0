"""`primedb lint` over one revision's upgrade SQL, knowing the exact schema it starts from.

`primedb revision` (before it writes a file) and `primedb check` (for every
revision) lint the SQL that Alembic's offline mode prints for the upgrade,
with the revision's `allowed_hazards`, against the catalog the revision
starts from (`CatalogFacts`: what exists is known, rows are assumed). Both
use this one function, so a revision that `primedb revision` wrote is one
that `primedb check` passes.
"""

from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.errors import HazardNotAllowed
from primedb.migrations.history import RevisionInfo
from primedb.migrations.lint import LintResult, lint_text
from primedb.migrations.lint.catalog_facts import CatalogFacts
from primedb.migrations.offline import revision_upgrade_sql

__all__ = ["lint_revision", "refuse_lint_findings"]


def lint_revision(folder: Path, revision: RevisionInfo, start: Catalog | None) -> LintResult:
    """The lint findings of `revision`'s upgrade SQL, the ones it allows set apart.

    `start` is the schema it runs on; None when unknown (the lint then assumes
    the worst, as without a database).
    """
    return lint_text(
        revision_upgrade_sql(folder, revision),
        f"{revision.path.name} (upgrade SQL)",
        facts=CatalogFacts(start) if start is not None else None,
        allow=revision.allowed_hazards,
    )


def refuse_lint_findings(result: LintResult) -> None:
    """Raise `HazardNotAllowed` for the first finding, naming every kind to allow."""
    if result.clean:
        return
    first = result.findings[0]
    kinds = sorted({f.kind.value for f in result.findings})
    flags = " ".join(f"--allow-hazard {k}" for k in kinds)
    more = "" if len(result.findings) == 1 else f" ({len(result.findings)} findings in all)"
    raise HazardNotAllowed(
        f"{first.message} (primedb lint of the upgrade SQL); rerun with {flags}{more}"
    )
