"""The audit of one database as `primedb audit` runs it: the project's checks, settings, excuses."""

from pathlib import Path

from primedb.analyzers.audit.checks import default_checks
from primedb.analyzers.audit.result import AuditResult
from primedb.analyzers.audit.runner import run_checks
from primedb.analyzers.audit.settings import AuditSettings, Suppressions, read_settings
from primedb.pg.connect import connect

__all__ = ["audit_database"]


def audit_database(
    dsn: str,
    *,
    checks_dir: Path | None = None,
    names: tuple[str, ...] | None = None,
    schemas: tuple[str, ...] | None = None,
    live: bool = True,
    settings: AuditSettings | None = None,
    suppressions: Suppressions | None = None,
) -> AuditResult:
    """Audit the database at `dsn` with the checks of `checks_dir` (default: the project's).

    Settings and suppressions default to the project's `[tool.primedb.audit]`.
    """
    checks = default_checks(checks_dir)
    if settings is None or suppressions is None:
        project_settings, project_suppressions = read_settings()
        settings = settings or project_settings
        suppressions = suppressions or project_suppressions
    suppressions.validate({c.name for c in checks})
    with connect(dsn, autocommit=True) as conn:
        return run_checks(
            conn,
            checks=checks,
            names=names,
            schemas=schemas,
            settings=settings,
            suppressions=suppressions,
            live=live,
        )
