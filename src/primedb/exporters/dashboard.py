"""The Grafana dashboard, built in code with grafana-foundation-sdk.

`exporters/grafana/primedb.json` is this module's output (`primedb dashboard`
writes it; a test fails when the committed file is stale). Three rows: the
application's pool, its named queries (both from the in-process page), and
the server (from `primedb exporter`). Every panel has a unit; counters only
ever appear inside `rate()` over `$__rate_interval`, gauges never do; ratios
are ratios of rates, so they follow the chosen time range rather than the
server's lifetime. Variables choose the datasource, the instances and the
pools.
"""

import json
import re
from collections.abc import Iterator
from typing import Any

from grafana_foundation_sdk.builders import common, dashboard, prometheus, stat, timeseries
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.common import LegendDisplayMode, LegendPlacement
from grafana_foundation_sdk.models.dashboard import DataSourceRef, VariableRefresh, VariableSort

__all__ = ["UID", "build_dashboard", "dashboard_json", "expressions"]

UID = "primedb"
_DATASOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")
_APP = 'instance=~"$instance", pool=~"$pool"'
_SERVER = 'instance=~"$instance"'
_RATE = "[$__rate_interval]"
_LABEL_VALUES = re.compile(r"^label_values\((.*),\s*\w+\)$")


def _query(expr: str, legend: str, ref: str) -> prometheus.Dataquery:
    return prometheus.Dataquery().expr(expr).legend_format(legend).ref_id(ref).range()


def _timeseries(
    title: str, unit: str, description: str, *targets: tuple[str, str], width: int = 8
) -> timeseries.Panel:
    panel = (
        timeseries.Panel()
        .title(title)
        .description(description)
        .datasource(_DATASOURCE)
        .unit(unit)
        .min(0)
        .height(8)
        .span(width)
        .legend(
            common.VizLegendOptions()
            .show_legend(True)
            .display_mode(LegendDisplayMode.LIST)
            .placement(LegendPlacement.BOTTOM)
        )
    )
    for i, (expr, legend) in enumerate(targets):
        panel = panel.with_target(_query(expr, legend, chr(ord("A") + i)))
    return panel


def _quantiles(metric: str, selector: str, by: str) -> list[tuple[str, str]]:
    rate = f"sum by (le, {by}) (rate({metric}_bucket{{{selector}}}{_RATE}))"
    return [
        (f"histogram_quantile({q}, {rate})", f"p{round(q * 100)} {{{{{by}}}}}")
        for q in (0.5, 0.95, 0.99)
    ]


def _pool_panels() -> Iterator[Any]:
    yield _timeseries(
        "Pool saturation (used / max)",
        "percentunit",
        "Connections checked out over the pool's max_size: at 100% requests start to queue.",
        (
            f'sum by (instance, pool) (primedb_pool_connections{{state="used", {_APP}}})'
            f" / sum by (instance, pool) (primedb_pool_max_connections{{{_APP}}})",
            "{{pool}} {{instance}}",
        ),
    )
    yield _timeseries(
        "Connections by state",
        "short",
        "Idle (ready) and used (checked out) connections of each pool.",
        (f"sum by (pool, state) (primedb_pool_connections{{{_APP}}})", "{{pool}} {{state}}"),
    )
    yield _timeseries(
        "Waiting requests",
        "short",
        "Requests queued for a connection right now; above 0 for minutes: the pool is exhausted.",
        (f"sum by (pool) (primedb_pool_requests_waiting{{{_APP}}})", "{{pool}}"),
    )
    yield _timeseries(
        "Acquire time",
        "s",
        "Time to get a connection from the pool (p50, p95, p99), measured in float seconds.",
        *_quantiles("primedb_pool_acquire_seconds", _APP, "pool"),
    )
    yield _timeseries(
        "Usage time (checkout to return)",
        "s",
        "How long a connection stays checked out: a unit of work, retries included.",
        *_quantiles("primedb_pool_usage_seconds", _APP, "pool"),
    )
    yield _timeseries(
        "Pool errors by reason",
        "reqps",
        "Failed acquires by reason, connection attempts that failed, connections found lost.",
        (
            f"sum by (pool, reason) (rate(primedb_pool_acquire_errors_total{{{_APP}}}{_RATE}))",
            "{{pool}} acquire {{reason}}",
        ),
        (
            f"sum by (pool) (rate(primedb_pool_connect_errors_total{{{_APP}}}{_RATE}))",
            "{{pool}} connect failed",
        ),
        (
            f"sum by (pool) (rate(primedb_pool_connections_lost_total{{{_APP}}}{_RATE}))",
            "{{pool}} connection lost",
        ),
    )


def _query_panels() -> Iterator[Any]:
    ok = f'status="ok", {_APP}'
    bucket_rate = f"sum by (le, query) (rate(primedb_query_duration_seconds_bucket{{{ok}}}{_RATE}))"
    for q in (0.95, 0.99):
        yield _timeseries(
            f"Query latency p{round(q * 100)} by named query",
            "s",
            "Client-observed latency of successful statements, by their name in queries/.",
            (f"histogram_quantile({q}, {bucket_rate})", "{{query}}"),
            width=12,
        )
    yield _timeseries(
        "Statements per second by named query",
        "ops",
        "Statements run, by named query (unnamed SQL under its operation, in capitals).",
        (
            f"sum by (query) (rate(primedb_query_duration_seconds_count{{{_APP}}}{_RATE}))",
            "{{query}}",
        ),
    )
    yield _timeseries(
        "Errors by SQLSTATE class",
        "ops",
        "Failed statements by class: 23 integrity, 40 serialization/deadlock, 57 cancel or "
        "timeout, 08 connection.",
        (
            f"sum by (sqlstate_class) (rate(primedb_query_errors_total{{{_APP}}}{_RATE}))",
            "class {{sqlstate_class}}",
        ),
    )
    yield _timeseries(
        "Unnamed SQL by operation",
        "ops",
        "Statements without a name, counted under their operation instead of their text.",
        (
            f"sum by (operation) (rate(primedb_query_folded_total{{{_APP}}}{_RATE}))",
            "{{operation}}",
        ),
    )


def _server_panels() -> Iterator[Any]:
    yield (
        stat.Panel()
        .title("Database up")
        .description("primedb_up of each exporter: 0 when its database cannot be reached.")
        .datasource(_DATASOURCE)
        .unit("bool")
        .height(8)
        .span(4)
        .with_target(_query(f"min by (instance) (primedb_up{{{_SERVER}}})", "{{instance}}", "A"))
    )
    yield _timeseries(
        "Server connections by state",
        "short",
        "Client connections by state (pg_stat_activity), against max_connections.",
        (f"sum by (state) (primedb_pg_connections{{{_SERVER}}})", "{{state}}"),
        (f"max(primedb_pg_max_connections{{{_SERVER}}})", "max_connections"),
        width=10,
    )
    yield _timeseries(
        "Commits and rollbacks",
        "ops",
        "Transactions per second by database.",
        (
            f"sum by (datname) (rate(primedb_pg_xact_commits_total{{{_SERVER}}}{_RATE}))",
            "{{datname}} commit",
        ),
        (
            f"sum by (datname) (rate(primedb_pg_xact_rollbacks_total{{{_SERVER}}}{_RATE}))",
            "{{datname}} rollback",
        ),
        width=10,
    )
    hits = f"sum by (datname) (rate(primedb_pg_blocks_hit_total{{{_SERVER}}}{_RATE}))"
    reads = f"sum by (datname) (rate(primedb_pg_blocks_read_total{{{_SERVER}}}{_RATE}))"
    yield _timeseries(
        "Cache hit ratio",
        "percentunit",
        "Share of block reads served from shared buffers, over the interval (ratio of rates).",
        (f"{hits} / ({hits} + {reads})", "{{datname}}"),
    )
    yield _timeseries(
        "Deadlocks",
        "ops",
        "Deadlocks detected per second, by database.",
        (
            f"sum by (datname) (rate(primedb_pg_deadlocks_total{{{_SERVER}}}{_RATE}))",
            "{{datname}}",
        ),
    )
    yield _timeseries(
        "Top named queries by server time",
        "s",
        "Server execution seconds per second of the ten busiest named queries "
        "(pg_stat_statements).",
        (
            "topk(10, sum by (query) "
            f"(rate(primedb_pg_statement_exec_seconds_total{{{_SERVER}}}{_RATE})))",
            "{{query}}",
        ),
    )
    yield _timeseries(
        "Longest transaction",
        "s",
        "Age of the oldest open transaction: long ones hold locks and hold vacuum back.",
        (
            f"max by (instance) (primedb_pg_longest_transaction_seconds{{{_SERVER}}})",
            "{{instance}}",
        ),
    )
    yield _timeseries(
        "Oldest xmin age",
        "short",
        "Transactions since the oldest xmin a session, slot or prepared transaction holds.",
        (f"max by (instance) (primedb_pg_oldest_xmin_age_xids{{{_SERVER}}})", "{{instance}}"),
    )
    yield _timeseries(
        "Exporter scrape time by collector",
        "s",
        "Time each collector of primedb exporter took in its last scrape.",
        (f"max by (collector) (primedb_scrape_duration_seconds{{{_SERVER}}})", "{{collector}}"),
    )


def _variables() -> list[Any]:
    datasource = dashboard.DatasourceVariable("datasource").label("Data source").type("prometheus")
    instance = (
        dashboard.QueryVariable("instance")
        .label("Instance")
        .datasource(_DATASOURCE)
        .query("label_values(primedb_build_info, instance)")
        .refresh(VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(VariableSort.ALPHABETICAL_ASC)
        .multi(True)
        .include_all(True)
        .all_value(".*")
    )
    pool = (
        dashboard.QueryVariable("pool")
        .label("Pool")
        .datasource(_DATASOURCE)
        .query('label_values(primedb_pool_max_connections{instance=~"$instance"}, pool)')
        .refresh(VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(VariableSort.ALPHABETICAL_ASC)
        .multi(True)
        .include_all(True)
        .all_value(".*")
    )
    return [datasource, instance, pool]


def build_dashboard() -> dict[str, Any]:
    """The dashboard as Grafana's JSON model (a dict)."""
    board = (
        dashboard.Dashboard("PrimeCloudProV2 database")
        .uid(UID)
        .description(
            "Connection pool and named-query latency of the application (in-process page), "
            "and the PostgreSQL server (primedb exporter)."
        )
        .tags(["primedb", "postgresql"])
        .refresh("30s")
        .time("now-1h", "now")
        .timezone("browser")
        .variables(_variables())
    )
    panel_id = 0
    for title, panels in (
        ("Connection pool", _pool_panels()),
        ("Named queries", _query_panels()),
        ("Server", _server_panels()),
    ):
        panel_id += 1
        board = board.with_row(dashboard.Row(title).id(panel_id))
        for panel in panels:
            panel_id += 1
            board = board.with_panel(panel.id(panel_id))
    model: dict[str, Any] = json.loads(json.dumps(board.build(), cls=JSONEncoder))
    return model


def dashboard_json() -> str:
    """The dashboard file's exact text: stable key order, a final newline."""
    return json.dumps(build_dashboard(), indent=2, sort_keys=True) + "\n"


def expressions(model: dict[str, Any]) -> list[str]:
    """Every PromQL expression of a dashboard model: panel targets, and the series selector
    inside each query variable's `label_values(selector, label)`."""
    found = [
        str(target["expr"])
        for panel in model.get("panels", [])
        for target in panel.get("targets", [])
        if target.get("expr")
    ]
    for variable in model.get("templating", {}).get("list", []):
        query = variable.get("query")
        if variable.get("type") == "query" and isinstance(query, str):
            match = _LABEL_VALUES.match(query)
            found.append(match.group(1) if match else query)
    return found
