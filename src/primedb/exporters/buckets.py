"""Histogram bucket boundaries, in seconds, written once.

Query latency uses the boundaries the OpenTelemetry database semantic
conventions recommend for `db.client.operation.duration`, so a dashboard built
for any OpenTelemetry-instrumented database client reads ours the same way.
Pool acquire and usage times add sub-millisecond boundaries in front: taking
an idle connection from a pool costs tens of microseconds, and with a first
boundary at 1 ms every healthy acquire would land in one bucket and the
p50/p95 panels would show nothing but the interpolation inside it.
"""

__all__ = ["POOL_BUCKETS", "QUERY_BUCKETS"]

# OpenTelemetry semantic conventions, db.client.operation.duration (explicit bucket boundaries).
QUERY_BUCKETS: tuple[float, ...] = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0)

POOL_BUCKETS: tuple[float, ...] = (0.0001, 0.00025, 0.0005, *QUERY_BUCKETS)
