"""`primedb workload`: drive the canonical queries and mutations through an instrumented
`DatabaseStorage`, serving its metrics while it runs, then summarise."""

import sys
from pathlib import Path

import click

from primedb.cli.options import (
    dsn_option,
    duration_option,
    folder_option,
    format_option,
    sandbox_options,
)


@click.command()
@dsn_option
@duration_option("--duration", default="60s", help_text="How long to run (e.g. 30s, 5min).")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=256),
    default=8,
    show_default=True,
    help="Worker threads, and connections in the pool.",
)
@click.option(
    "--metrics",
    "listen",
    metavar="HOST:PORT",
    default=None,
    help="Serve the in-process metrics (pool, query latency) there while running.",
)
@sandbox_options
@folder_option("migrations_dir")
@format_option("table", "json")
def workload(
    dsn: str | None,
    duration: int,
    concurrency: int,
    listen: str | None,
    scale: float,
    seed_: int,
    migrations_dir: Path,
    fmt: str,
) -> None:
    """Run a realistic mix of PrimeCloudProV2 operations on a seeded database.

    Access-key lookups, inbox counters, listings, audit pages, metering
    batches, notifications and the odd quota request or new bucket, drawn by
    weight from --concurrency threads through `DatabaseStorage` with a
    Prometheus registry. With --metrics the pool and the per-query latency
    histograms are served on http://HOST:PORT/metrics while it runs. A
    progress line goes to stderr; the summary (operations per second, exact
    p50/p99 per named query, errors by SQLSTATE class) to stdout. Without a
    DSN it runs on the embedded default database (seeded at --scale).
    """
    # Imported here: the workload loads the storage layer, not needed for `--help`.
    from prometheus_client import CollectorRegistry

    from primedb.cli.render import emit
    from primedb.cli.targets import analysis_database
    from primedb.exporters.http import MetricsServer, parse_listen
    from primedb.workload import Progress, run_workload

    tty = sys.stderr.isatty()
    shown = [0.0]

    def show(progress: Progress) -> None:
        line = (
            f"{progress.elapsed:5.1f}/{progress.duration:.0f} s  "
            f"{progress.operations:>9,} operations  "
            f"{progress.operations / max(progress.elapsed, 1e-9):>8,.0f}/s  "
            f"{progress.refused:,} refused"
        )
        if tty:  # one line, rewritten in place
            click.echo(f"\r{line}", err=True, nl=False)
        elif progress.elapsed - shown[0] >= 10:  # a log: a line every ten seconds
            click.echo(f"primedb: {line}", err=True)
            shown[0] = progress.elapsed

    registry = CollectorRegistry()
    address = parse_listen(listen, "--metrics") if listen else None
    with analysis_database(dsn, migrations_dir=migrations_dir, scale=scale, seed=seed_) as target:
        server = MetricsServer(registry, *address).start() if address else None
        try:
            if server is not None:
                click.echo(f"primedb: metrics on {server.url}", err=True)
            result = run_workload(
                target,
                duration=duration / 1000,
                concurrency=concurrency,
                registry=registry,
                seed=seed_,
                progress=show,
            )
        finally:
            if tty:
                click.echo("", err=True)
            if server is not None:
                server.close()
    emit(result, fmt)
