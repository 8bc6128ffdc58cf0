"""`primedb exporter`: serve the database side of the metrics on /metrics."""

from pathlib import Path

import click

from primedb.cli.options import dsn_option, duration_option, folder_option, sandbox_options


@click.command()
@dsn_option
@click.option(
    "--listen",
    metavar="HOST:PORT",
    default="127.0.0.1:9188",
    show_default=True,
    help="Address of /metrics (loopback by default; 9187 is postgres_exporter's).",
)
@click.option(
    "--tls-cert",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Serve HTTPS with this certificate (PEM), with --tls-key.",
)
@click.option(
    "--tls-key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Private key (PEM) of --tls-cert.",
)
@duration_option(
    "--scrape-timeout",
    default="10s",
    help_text="Prometheus's scrape_timeout for this target; statements time out at 0.4 of it.",
)
@duration_option(
    "--statements-interval",
    default="0s",
    help_text="Read pg_stat_statements at most this often (scrapes in between reuse the last "
    "figures); reading it costs about 3 ms when it holds 5,000 entries.",
)
@click.option(
    "--top-tables",
    type=click.IntRange(min=0, max=100),
    default=20,
    show_default=True,
    help="Table statistics for this many of the largest tables (at most 100).",
)
@duration_option(
    "--duration", default=None, help_text="Stop after this long (default: until interrupted)."
)
@folder_option("queries_dir")
@sandbox_options
@folder_option("migrations_dir")
def exporter(
    dsn: str | None,
    listen: str,
    tls_cert: Path | None,
    tls_key: Path | None,
    scrape_timeout: int,
    statements_interval: int,
    top_tables: int,
    duration: int | None,
    queries_dir: Path,
    scale: float,
    seed_: int,
    migrations_dir: Path,
) -> None:
    """Serve PostgreSQL metrics for Prometheus: sessions, transactions, named queries, tables.

    One connection, opened on the first scrape and reused (re-opened when
    lost); concurrent scrapes wait for it rather than opening more.
    `primedb_up` is 0, quickly, when the database cannot be reached.
    pg_stat_statements entries are published per named query of
    --queries-dir and summed per database for the rest, so the number of
    series stays bounded. The role needs pg_read_all_stats (or superuser).
    Runs until Ctrl-C or SIGTERM. Without a DSN it serves the embedded
    default database, built for the length of the command.
    """
    # Imported here: keeps `primedb --help` fast.
    import contextlib
    import threading

    from primedb.cli.targets import analysis_database
    from primedb.exporters.database import database_registry
    from primedb.exporters.http import MetricsServer, parse_listen
    from primedb.pg.throwaway import Terminated, sigterm_as_exit
    from primedb.queries import load_all

    host, port = parse_listen(listen)
    queries = load_all(queries_dir)
    with (
        sigterm_as_exit(),
        analysis_database(dsn, migrations_dir=migrations_dir, scale=scale, seed=seed_) as target,
    ):
        registry, collector = database_registry(
            target,
            queries=queries,
            scrape_timeout=scrape_timeout / 1000,
            top_tables=top_tables,
            statements_interval=statements_interval / 1000,
        )
        try:
            with MetricsServer(registry, host, port, certfile=tls_cert, keyfile=tls_key) as server:
                click.echo(f"primedb: serving {server.url}", err=True)
                # Ctrl-C and SIGTERM are how it stops: not an error.
                with contextlib.suppress(KeyboardInterrupt, Terminated):
                    threading.Event().wait(None if duration is None else duration / 1000)
        finally:
            collector.session.close()
