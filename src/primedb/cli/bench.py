"""`primedb bench`: benchmark the canonical queries; with --compare, the gate CI runs."""

import datetime as dt
from pathlib import Path

import click

from primedb.cli.options import dsn_option, folder_option, format_option


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    for form in ("%Y-%m", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, form).date().replace(day=1)
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r} is not a month; give YYYY-MM (or YYYY-MM-DD)")


@click.command()
@click.argument("names", nargs=-1, metavar="[NAME ...]")
@dsn_option
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="The data's scale. Without a DSN the embedded default is seeded at it (default: that "
    "of the baseline compared with, or saved over; else 0.01). With a DSN, the scale its data "
    "was seeded at, recorded in the conditions.",
)
@click.option("--seed", "seed_", type=int, default=None, help="The data's seed, likewise (1).")
@click.option(
    "--as-of",
    metavar="YYYY-MM",
    callback=_month,
    default=None,
    help="The data's as-of month, likewise (else this month).",
)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Recorded rounds per case.",
)
@click.option(
    "--warmup",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Rounds run first and dropped (the backend's catalog caches fill).",
)
@click.option(
    "--save",
    metavar="NAME",
    default=None,
    help="Write the run as a baseline: NAME.json in the baselines folder, or a path.",
)
@click.option(
    "--compare",
    "compare_to",
    metavar="BASELINE",
    default=None,
    help="Judge the run against a baseline (a name or a path); exit 1 on a regression.",
)
@click.option(
    "--time-tolerance",
    metavar="PCT",
    type=click.FloatRange(min=0),
    default=25.0,
    show_default=True,
    help="Time regresses when median and min are both slower by more than this...",
)
@click.option(
    "--time-floor",
    metavar="MS",
    type=click.FloatRange(min=0),
    default=0.5,
    show_default=True,
    help="...and by more than this many milliseconds.",
)
@click.option(
    "--check-time/--no-check-time",
    default=None,
    help="Compare times too (default: yes, except in CI, i.e. when CI is set: shared machines "
    "are noisy).",
)
@click.option(
    "--allow-different-conditions",
    is_flag=True,
    help="Compare with a baseline measured under other conditions (server major, data, "
    "settings): then only rows and plans are compared.",
)
@click.option(
    "--junit-xml",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write JUnit XML: one test case per query and sample.",
)
@folder_option("queries_dir")
@folder_option("migrations_dir")
@folder_option("baselines_dir")
@format_option("table", "json")
@click.pass_context
def bench(
    ctx: click.Context,
    names: tuple[str, ...],
    dsn: str | None,
    scale: float | None,
    seed_: int | None,
    as_of: dt.date | None,
    rounds: int,
    warmup: int,
    save: str | None,
    compare_to: str | None,
    time_tolerance: float,
    time_floor: float,
    check_time: bool | None,
    allow_different_conditions: bool,
    junit_xml: Path | None,
    queries_dir: Path,
    migrations_dir: Path,
    baselines_dir: Path,
    fmt: str,
) -> None:
    """Benchmark the canonical queries (NAME: some of them), heavy and typical samples each.

    Per case: rows (and their checksum), the plan, shared buffers, median and
    min server execution time over --rounds. With --compare, the gate: exit 1
    when rows changed, buffers grew past 10% and 8 buffers, the plan got worse
    (an index scan became a sequential or bitmap scan, a Sort or Hash appeared,
    an index is no longer used) or, when times are compared, median and min are
    both slower past --time-tolerance and --time-floor. Improvements are listed.

    Without a DSN the embedded default is built (migrated to head, seeded at the
    baseline's scale, seed and month, then VACUUMed), so rows, plans and buffers
    repeat exactly. A baseline measured under other conditions is refused
    (exit 2), naming the difference.
    """
    # Imports here keep `primedb --help` fast.
    from primedb.bench import (
        BenchSettings,
        DataSpec,
        Tolerances,
        baseline_path,
        bench_database,
        data_to_build,
        existing_baseline,
        in_ci,
        load_baseline,
        save_hint,
        select_queries,
        settle,
    )
    from primedb.cli.render import emit
    from primedb.cli.targets import analysis_database
    from primedb.errors import FINDINGS
    from primedb.pg import dsn as dsns
    from primedb.queries import load_queries

    queries = select_queries(load_queries(queries_dir), names)
    baseline = load_baseline(baseline_path(compare_to, baselines_dir)) if compare_to else None
    save_to = baseline_path(save, baselines_dir) if save else None
    wanted_time = (not in_ci()) if check_time is None else check_time
    time_note = None
    if not wanted_time:
        time_note = (
            "time not compared (--no-check-time)"
            if check_time is False
            else "time not compared: CI is set, and times on shared machines are noisy "
            "(--check-time compares them)"
        )
    settings = BenchSettings(
        rounds=rounds,
        warmup=warmup,
        save=save_to,
        baseline=baseline,
        tolerances=Tolerances(
            time_pct=time_tolerance, time_floor_ms=time_floor, check_time=wanted_time
        ),
        time_note=time_note,
        allow_different_conditions=allow_different_conditions,
        junit=junit_xml,
        migrations_dir=migrations_dir,
        only=names,
        save_hint=save_hint(baseline.path, baselines_dir) if baseline else "",
    )
    embedded = dsns.resolve(dsn) is None
    if embedded:
        data = data_to_build(baseline or existing_baseline(save_to), scale, seed_, as_of)
    else:
        data = DataSpec(scale=scale, seed=seed_, as_of=as_of)
    with analysis_database(
        dsn, migrations_dir=migrations_dir, scale=data.scale, seed=data.seed or 1, as_of=data.as_of
    ) as target:
        if embedded:
            settle(target)
        result = bench_database(target, queries, data=data, settings=settings)
    emit(result, fmt)
    if result.failed:
        ctx.exit(FINDINGS)
