"""Where a project's folders are: `[tool.primedb]` of the nearest pyproject.toml.

A primedb project keeps its desired schema, its named queries and its Alembic
migrations in folders named by `[tool.primedb]` (`schema_dir`, `queries_dir`,
`migrations_dir`, `checks_dir` for the audit's checks, `baselines_dir` for the
benchmark baselines) in its `pyproject.toml`, and the settings of a command in a
sub-table (`[tool.primedb.audit]`). Commands look for that file in the working
directory and its parents; without one they fall back to the folders of
the repository primedb was installed from, so the PrimeCloudProV2 project works
from anywhere in a development checkout.
"""

import tomllib
from pathlib import Path
from typing import Any, Literal

from primedb.errors import UsageError

__all__ = ["Folder", "project_folder", "project_settings", "project_table"]

Folder = Literal["schema_dir", "queries_dir", "migrations_dir", "checks_dir", "baselines_dir"]

_DEFAULTS: dict[str, str] = {
    "schema_dir": "schema",
    "queries_dir": "queries",
    "migrations_dir": "migrations",
    "checks_dir": "analyzers/checks",
    "baselines_dir": "benchmarks/baselines",
}
_PACKAGE_REPO = Path(__file__).resolve().parents[2]  # src/primedb/project.py -> repo root


def _nearest(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest pyproject.toml holding a [tool.primedb] table, and that table."""
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            settings = tomllib.loads(pyproject.read_text()).get("tool", {}).get("primedb")
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{pyproject} is not valid TOML: {exc}") from exc
        if not isinstance(settings, dict):
            continue  # another project's pyproject.toml: keep looking upwards
        return pyproject, settings
    return None


def _configured(start: Path, key: Folder) -> Path | None:
    found = _nearest(start)
    if found is None:
        return None
    pyproject, settings = found
    value = settings.get(key, _DEFAULTS[key])
    if not isinstance(value, str):
        raise UsageError(f"{pyproject}: [tool.primedb] {key} must be a string")
    return pyproject.parent / value


def project_folder(key: Folder, cwd: Path | None = None) -> Path:
    """The configured folder `key`, else the one of primedb's own repository."""
    found = _configured((cwd or Path.cwd()).resolve(), key)
    return found if found is not None else _PACKAGE_REPO / _DEFAULTS[key]


def project_table(cwd: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """The `[tool.primedb]` table of the nearest primedb pyproject.toml, and that file."""
    found = _nearest((cwd or Path.cwd()).resolve())
    return (None, {}) if found is None else found


def project_settings(section: str, cwd: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    """`[tool.primedb.<section>]` of the nearest primedb pyproject.toml, and that file.

    No project, or a project without the table: `(file or None, {})`.
    """
    pyproject, settings = project_table(cwd)
    table = settings.get(section, {})
    if not isinstance(table, dict):
        raise UsageError(f"{pyproject}: [tool.primedb.{section}] must be a table")
    return pyproject, table
