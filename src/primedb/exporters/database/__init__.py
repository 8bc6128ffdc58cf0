"""The database side of the metrics (`primedb exporter`): one connection, bounded series.

`database_registry(dsn, ...)` builds a registry holding one
`DatabaseCollector` over the areas: `activity` (pg_stat_activity, the xmin
horizon), `databases` (pg_stat_database), `replication`, `statements`
(pg_stat_statements by named query) and `tables` (the N largest tables).
"""

from collections.abc import Mapping

from prometheus_client import CollectorRegistry

from primedb.exporters.database.activity import Activity
from primedb.exporters.database.area import Area
from primedb.exporters.database.collector import STATEMENT_TIMEOUT_SHARE, DatabaseCollector
from primedb.exporters.database.databases import Databases
from primedb.exporters.database.replication import Replication
from primedb.exporters.database.session import Session
from primedb.exporters.database.statements import Statements
from primedb.exporters.database.tables import DEFAULT_TABLES, MAX_TABLES, Tables
from primedb.sqlfiles import NamedQuery

__all__ = [
    "DEFAULT_SCRAPE_TIMEOUT",
    "DEFAULT_TABLES",
    "MAX_TABLES",
    "Area",
    "DatabaseCollector",
    "Session",
    "database_registry",
]

DEFAULT_SCRAPE_TIMEOUT = 10.0  # Prometheus's own default scrape_timeout


def database_registry(
    dsn: str,
    *,
    queries: Mapping[str, NamedQuery],
    scrape_timeout: float = DEFAULT_SCRAPE_TIMEOUT,
    top_tables: int = DEFAULT_TABLES,
    statements_interval: float = 0.0,
) -> tuple[CollectorRegistry, DatabaseCollector]:
    """A registry serving the database of `dsn`, and its collector (close its session)."""
    session = Session(
        dsn,
        statement_timeout=scrape_timeout * STATEMENT_TIMEOUT_SHARE,
        connect_timeout=scrape_timeout * 0.3,
    )
    areas: list[Area] = [
        Activity(),
        Databases(),
        Replication(),
        Statements(queries, min_interval=statements_interval),
        Tables(top_tables),
    ]
    collector = DatabaseCollector(session, areas, scrape_timeout=scrape_timeout)
    registry = CollectorRegistry(auto_describe=True)
    registry.register(collector)
    return registry, collector
