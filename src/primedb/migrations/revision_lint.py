"""`primedb lint` over one revision's upgrade SQL, knowing the exact schema it starts from.

`primedb revision` (before it writes a file) and `primedb check` (for every
revision) lint the SQL that Alembic's offline mode prints for the upgrade,
with the revision's `allowed_hazards`, against the catalog the revision
starts from (`CatalogFacts`: what exists is known, rows are assumed). Both
use this one function, so a revision that `primedb revision` wrote is one
that `primedb check` passes.

`primedb lint` without files (`lint_revisions`) lints the same SQL the same
way: with each revision's `allowed_hazards` (the hazards its author accepted
when it was generated, recorded in the file as an allow comment records one
on a statement), and with the first revision starting from an empty
database, as it does (so creating its functions changes no behaviour). It
agrees with `primedb check` on the first revision exactly; on later ones,
without a database to read, it assumes what it cannot know (a column type,
whether a function exists) and says so in the finding.
"""

from collections.abc import Iterable
from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.diff.hazards import HazardKind
from primedb.errors import HazardNotAllowed
from primedb.lint import LintResult, lint_text, live_facts, merged
from primedb.lint.catalog_facts import CatalogFacts
from primedb.migrations.history import History, RevisionInfo
from primedb.migrations.offline import revision_upgrade_sql

__all__ = ["lint_revision", "lint_revisions", "refuse_lint_findings"]


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


def lint_revisions(
    folder: Path, *, dsn: str | None = None, allow: Iterable[HazardKind] = ()
) -> LintResult:
    """Lint the upgrade SQL of every revision of a migrations folder (Alembic offline mode).

    Each revision on its own, with its `allowed_hazards` and `allow`: the
    tables an earlier revision created hold rows by the time a later one runs,
    so they are not new to it. With `dsn` the facts are that database's;
    without, the first revision starts from an empty database (base), which is
    known exactly, and the later ones from assumptions (`primedb check` builds
    the exact schema each one starts from).
    """
    extra = tuple(allow)
    results = []
    with live_facts(dsn) as facts:
        for revision in History(folder).revisions:
            at_base = dsn is None and revision.down_revision is None
            results.append(
                lint_text(
                    revision_upgrade_sql(folder, revision),
                    f"{revision.path} (upgrade SQL)",
                    facts=CatalogFacts(Catalog()) if at_base else facts,
                    allow=(*revision.allowed_hazards, *extra),
                )
            )
    return merged(results, live=dsn is not None)
