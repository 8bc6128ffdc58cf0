"""`primedb report`: saved results of explain, advise, audit, bench or demo as one HTML file."""

from pathlib import Path

import click


@click.command()
@click.option(
    "--input",
    "inputs",
    type=click.Path(dir_okay=False, path_type=Path),
    multiple=True,
    required=True,
    metavar="RESULTS.json",
    help="JSON saved from primedb explain, advise, audit, bench or demo with --format json "
    "(repeatable: the parts make one report).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write (replaced whole).",
)
def report(inputs: tuple[Path, ...], output: Path) -> None:
    """Render saved results as one self-contained HTML report.

    Inline CSS and SVG charts, no script, nothing loaded from the network: it
    opens offline, reads without JavaScript and prints. A summary on top (what
    is slow, what to do, what was verified), then per query its chart, plans
    and findings, the index advice, the audit by severity with the fix SQL, the
    benchmark with regressions first, and for the demo the schema and the
    migration status.
    """
    # Imported here so that `primedb --help` stays fast (pandas, matplotlib).
    from primedb.report import load_results, shown, write_report

    written = write_report(load_results(inputs), output)
    click.echo(f"wrote {shown(written)}")  # relative to the working directory when inside it
