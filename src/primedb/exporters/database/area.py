"""What one part of the exporter's page is: a named reader of the database.

Each area (`activity`, `databases`, `statements`, ...) reads its views with the
session's connection and returns finished metric families; the collector
times it, counts its failures under its name, and keeps the other areas'
figures when one fails.
"""

from functools import cache
from typing import Any, Protocol

import psycopg
from prometheus_client.core import Metric

from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["Area", "exporter_sql"]


class Area(Protocol):
    """One collector of the exporter: its `collector` label and how it reads the database."""

    @property
    def name(self) -> str: ...

    def collect(self, conn: psycopg.Connection[Any]) -> list[Metric]: ...


@cache
def exporter_sql() -> dict[str, NamedQuery]:
    """The exporter's statements (`sql/*.sql` beside this module), parsed once, when first used."""
    return package_queries("primedb.exporters.database", check=False)
