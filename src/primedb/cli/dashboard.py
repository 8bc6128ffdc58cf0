"""`primedb dashboard`: write the Grafana dashboard JSON, generated in code."""

from pathlib import Path

import click

DEFAULT_OUTPUT = Path("exporters/grafana/primedb.json")


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=str(DEFAULT_OUTPUT),
    show_default=True,
    help="Where to write the dashboard ('-' for stdout).",
)
def dashboard(output: Path) -> None:
    """Generate the Grafana dashboard of the pool, the named queries and the server.

    Built with grafana-foundation-sdk (`primedb.exporters.dashboard`); import the
    file in Grafana (Dashboards > New > Import) and pick the Prometheus data
    source that scrapes both the application and `primedb exporter`.
    """
    # Imported here: grafana-foundation-sdk is large, not needed for `--help`.
    from primedb.exporters.dashboard import dashboard_json

    text = dashboard_json()
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    click.echo(f"primedb: wrote {output}", err=True)
