"""`primedb_build_info`: which primedb, psycopg and libpq produced a page (value 1)."""

import psycopg
from prometheus_client.core import GaugeMetricFamily

from primedb import __version__

__all__ = ["build_info_family", "libpq_version"]


def libpq_version() -> str:
    """libpq's version as PostgreSQL writes it: 150018 -> `15.18`."""
    number = psycopg.pq.version()
    return f"{number // 10000}.{number % 10000}"


def build_info_family() -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        "primedb_build_info",
        "Versions of primedb, psycopg and libpq that serve this page (always 1).",
        labels=("version", "psycopg", "libpq"),
    )
    family.add_metric([__version__, psycopg.__version__, libpq_version()], 1.0)
    return family
