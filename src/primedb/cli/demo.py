"""`primedb demo`: the main job, end to end, on the embedded default database."""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from primedb.cli.options import dsn_option, folder_option, format_option

if TYPE_CHECKING:
    from primedb.demo.pipeline import Outcome, Step

DEFAULT_REPORT = Path("primedb-report.html")


def _announce(number: int, total: int, step: "Step[object]", outcome: "Outcome | None") -> None:
    """One line on stderr as each step starts, and one with its status and time when done."""
    log = logging.getLogger("primedb")
    if outcome is None:
        log.info("step %d/%d: %s ...", number, total, step.title)
    else:
        log.info(
            "step %d/%d: %s: %s in %.1f s: %s",
            number,
            total,
            step.title,
            outcome.status.value,
            outcome.seconds,
            outcome.line(),
        )


@click.command()
@dsn_option
@click.option(
    "--database",
    default="primedb_demo",
    show_default=True,
    help="Name of the database the demo creates (refused if it exists).",
)
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=0.01,
    show_default=True,
    help="Size of the seeded data (1 is about 5.3M rows). The benchmark step compares with "
    "the committed baseline only at the baseline's scale and seed.",
)
@click.option("--seed", "seed_", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--report",
    "report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_REPORT,
    show_default=True,
    help="Where to write the HTML report.",
)
@click.option("--no-report", is_flag=True, help="Do not write the HTML report.")
@click.option(
    "--baseline",
    default="ci",
    show_default=True,
    help="The committed benchmark baseline to compare with (a name in the baselines folder, "
    "or a path).",
)
@folder_option("migrations_dir")
@folder_option("queries_dir")
@folder_option("baselines_dir")
@format_option("table", "json")
@click.pass_context
def demo(
    ctx: click.Context,
    dsn: str | None,
    database: str,
    scale: float,
    seed_: int,
    report: Path,
    no_report: bool,
    baseline: str,
    migrations_dir: Path,
    queries_dir: Path,
    baselines_dir: Path,
    fmt: str,
) -> None:
    """Run the main job on a new database: migrate, seed, explain, audit, advise, bench, report.

    1. migrate the database to head and summarise the schema; 2. seed it;
    3. explain every canonical query; 4. audit it; 5. advise indexes on a copy
    holding only the indexes its constraints need, and measure how close the
    advice comes to schema/'s own indexes by building it for real; 6. bench the
    queries against the committed baseline; 7. write the HTML report.

    A step that fails is reported and the steps that do not need it go on.
    Exit 0 when every step succeeded, 1 when a step found what fails its gate
    (a benchmark regression, an audit error), else the code of the first error.
    """
    # Imported here so that `primedb --help` stays fast.
    from primedb.cli.render import emit
    from primedb.cli.seed import SeedProgress
    from primedb.demo import DemoSettings, run_demo
    from primedb.errors import FINDINGS
    from primedb.pg import server_dsn
    from primedb.pg.dsn import resolve

    settings = DemoSettings(
        database=database,
        migrations_dir=migrations_dir,
        queries_dir=queries_dir,
        baselines_dir=baselines_dir,
        baseline=baseline,
        scale=scale,
        seed=seed_,
        throwaway=resolve(dsn) is None,
    )
    with server_dsn(dsn) as server:
        result = run_demo(
            server,
            settings,
            report=None if no_report else report,
            seed_progress=SeedProgress(),
            announce=_announce,
        )
    emit(result, fmt)
    error = result.first_error()
    if error is not None:
        raise error  # the CLI prints it in one line and exits with its code (70: a bug)
    if result.failed:
        ctx.exit(FINDINGS)
