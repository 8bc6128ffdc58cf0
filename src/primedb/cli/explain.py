"""`primedb explain`: queries measured, their plans read in plain words."""

from pathlib import Path

import click

from primedb.cli.options import (
    dsn_option,
    folder_option,
    format_option,
    sandbox_options,
    workload_options,
)

_SEVERITIES = ("info", "warning", "critical")


@click.command()
@workload_options
@click.option(
    "--runs",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Measured runs per parameter set, after one warm-up run; medians are reported.",
)
@click.option(
    "--fail-on",
    type=click.Choice(_SEVERITIES),
    default=None,
    help="Exit 1 when a finding is at least this severe (default: report only).",
)
@dsn_option
@sandbox_options
@folder_option("migrations_dir")
@format_option("table", "json")
@click.pass_context
def explain(
    ctx: click.Context,
    names: tuple[str, ...],
    sql: str | None,
    queries_path: Path | None,
    runs: int,
    fail_on: str | None,
    dsn: str | None,
    scale: float,
    seed_: int,
    migrations_dir: Path,
    fmt: str,
) -> None:
    """Run each query with its sampled parameters under EXPLAIN (ANALYZE, BUFFERS) and say
    what is slow and why.

    NAME narrows the canonical queries to some of them. For each parameter set
    (`heavy`, `typical`): one warm-up, then --runs runs; the median times, the
    buffers, the plan as a tree and the findings, each pointing at its node.
    """
    # Imported here so that `primedb --help` stays fast.
    from primedb.analyzers.explain import explain_cases
    from primedb.analyzers.plans.findings import Severity
    from primedb.cli.cases import case_progress, chosen_queries, workload_cases
    from primedb.cli.render import emit
    from primedb.cli.targets import analysis_database
    from primedb.errors import FINDINGS
    from primedb.pg import connect

    queries = chosen_queries(names, sql, queries_path)
    with (
        analysis_database(dsn, migrations_dir=migrations_dir, scale=scale, seed=seed_) as target,
        connect(target, autocommit=True) as conn,
    ):
        cases = workload_cases(conn, queries)
        report = explain_cases(conn, cases, runs=runs, progress=case_progress(len(cases)))
    emit(report, fmt)
    worst = report.worst()
    if fail_on is not None and worst is not None and worst.rank >= Severity(fail_on).rank:
        ctx.exit(FINDINGS)
