"""The SQL shipped in the package parses: checked here, so commands skip it at start.

Every package holding a `sql/` folder is found, so a new one is checked too.
"""

from pathlib import Path

import pytest

import primedb
from primedb.sqlfiles import package_queries

SRC = Path(primedb.__file__).resolve().parent
PACKAGES = sorted(
    "primedb." + ".".join(folder.parent.relative_to(SRC).parts)
    for folder in SRC.rglob("sql")
    if folder.is_dir() and any(folder.glob("*.sql"))
)


def test_every_package_with_sql_is_checked() -> None:
    assert {"primedb.catalog", "primedb.lint", "primedb.migrations"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_packaged_queries_parse(package: str) -> None:
    checked = package_queries(package, check=True)
    unchecked = package_queries(package, check=False)
    assert checked and checked == unchecked
