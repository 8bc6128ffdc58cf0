"""The SQL shipped in the package parses: checked here, so commands skip it at start."""

import pytest

from primedb.sqlfiles import package_queries


@pytest.mark.parametrize(
    "package", ["primedb.catalog", "primedb.diff", "primedb.migrations", "primedb.seed"]
)
def test_packaged_queries_parse(package: str) -> None:
    checked = package_queries(package, check=True)
    unchecked = package_queries(package, check=False)
    assert checked and checked == unchecked
