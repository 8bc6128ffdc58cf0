"""`primedb demo`: the main job, end to end, on the embedded default database."""

from pathlib import Path

import click

from primedb.cli.options import dsn_option, folder_option, format_option


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
    help="Size of the seeded data (1 is about 5.3M rows).",
)
@click.option("--seed", "seed_", type=int, default=1, show_default=True, help="Random seed.")
@folder_option("migrations_dir")
@folder_option("queries_dir")
@format_option("table", "json")
def demo(
    dsn: str | None,
    database: str,
    scale: float,
    seed_: int,
    migrations_dir: Path,
    queries_dir: Path,
    fmt: str,
) -> None:
    """Run the pipeline on a new database: migrate, seed, every canonical query once."""
    from primedb.cli.render import emit
    from primedb.cli.seed import SeedProgress
    from primedb.demo import run_demo
    from primedb.pg import server_dsn

    with server_dsn(dsn) as server:
        report = run_demo(
            server,
            database=database,
            migrations_dir=migrations_dir,
            queries_dir=queries_dir,
            scale=scale,
            seed=seed_,
            progress=SeedProgress(),
        )
    emit(report, fmt)
