"""Prometheus metrics of PrimeCloudProV2's database, from both sides.

In process (the application side): `InstrumentedPool` times acquires and
checkouts and publishes its pool's figures; `QueryLatency` is the storage
layer's `QueryObserver`, a latency histogram per named query with errors by
SQLSTATE class. `DatabaseStorage.open(dsn, registry=...)` wires both. Nothing
is registered in prometheus_client's default registry: each caller passes its
own.

The database side (`primedb exporter`) lives in `primedb.exporters.database`,
the HTTP server in `primedb.exporters.http`, and the Grafana dashboard in
`primedb.exporters.dashboard`. This package imports none of them, so the
storage layer can import the in-process half without the rest.
"""

from primedb.exporters.instruments import Instruments
from primedb.exporters.operations import Operation, operation_of
from primedb.exporters.pool import AcquireFailure, InstrumentedPool, instrument_pool
from primedb.exporters.querylatency import QueryLatency, Status, latency_observer
from primedb.exporters.sqlstate import SqlstateClass, sqlstate_class

__all__ = [
    "AcquireFailure",
    "InstrumentedPool",
    "Instruments",
    "Operation",
    "QueryLatency",
    "SqlstateClass",
    "Status",
    "instrument_pool",
    "latency_observer",
    "operation_of",
    "sqlstate_class",
]
