"""`primedb advise`: indexes proposed from the queries' shape, costed, chosen and proven."""

import logging
from pathlib import Path

import click

from primedb.cli.options import (
    dsn_option,
    duration_option,
    folder_option,
    format_option,
    sandbox_options,
    workload_options,
)


@click.command()
@workload_options
@click.option(
    "--workload",
    type=click.Choice(["named", "pg_stat_statements"]),
    default="named",
    show_default=True,
    help="The named queries with their samples, or the top statements of pg_stat_statements "
    "by total time (costed with their generic plans).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="With --workload pg_stat_statements: how many statements.",
)
@click.option(
    "--copy",
    "is_copy",
    is_flag=True,
    help="The database is a copy (a restore, a clone): verify there by building the indexes "
    "in a transaction that is rolled back. (Also when its comment starts with `primedb: copy`.)",
)
@click.option(
    "--verify-on-this-database",
    is_flag=True,
    help="Verify on this database even though it is not a copy: each build holds a SHARE "
    "lock on its table (writes wait) until the transaction is rolled back.",
)
@click.option("--no-verify", is_flag=True, help="Do not build anything: what-if estimates only.")
@duration_option(
    "--lock-timeout",
    default="1s",
    help_text="How long a build waits for its table's lock before giving up.",
)
@click.option(
    "--runs",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Measured runs per parameter set before and after, after one warm-up run.",
)
@click.option(
    "--apply-to-schema",
    is_flag=True,
    help="Write each verified index into the schema file that creates its table, for "
    "`primedb revision` to turn into a migration.",
)
@folder_option("schema_dir")
@dsn_option
@sandbox_options
@folder_option("migrations_dir")
@folder_option("queries_dir")
@format_option("table", "json")
def advise(
    names: tuple[str, ...],
    sql: str | None,
    queries_path: Path | None,
    workload: str,
    top: int,
    is_copy: bool,
    verify_on_this_database: bool,
    no_verify: bool,
    lock_timeout: int,
    runs: int,
    apply_to_schema: bool,
    schema_dir: Path,
    dsn: str | None,
    scale: float,
    seed_: int,
    migrations_dir: Path,
    queries_dir: Path,
    fmt: str,
) -> None:
    """Propose indexes for the queries, cost them with HypoPG, and prove them by real builds.

    Candidates come from each query's shape (equality, then ORDER BY, then one
    range; partial, INCLUDE and expression indexes). On the embedded default, or
    a database marked as a copy, each chosen index is built in a transaction that
    is rolled back, and kept only when its queries return the same rows and read
    fewer buffers.
    """
    # Imported here so that `primedb --help` stays fast.
    from primedb.analyzers.advice.advisor import AdviseSettings
    from primedb.analyzers.advice.advisor import advise as run_advice
    from primedb.analyzers.advice.modes import verify_mode
    from primedb.analyzers.advice.writeback import apply_to_schema as write_back
    from primedb.analyzers.workload import top_statements
    from primedb.cli.cases import chosen_queries, workload_cases
    from primedb.cli.render import emit
    from primedb.cli.targets import analysis_database
    from primedb.errors import UsageError
    from primedb.pg import connect
    from primedb.pg import dsn as dsns
    from primedb.queries import load_mutations

    if workload == "pg_stat_statements" and (names or sql or queries_path):
        raise UsageError("--workload pg_stat_statements takes no query names, --sql or --queries")
    queries = chosen_queries(names, sql, queries_path) if workload == "named" else []
    mutations = (
        list(load_mutations(queries_dir).values()) if (queries_dir / "mutations").is_dir() else []
    )
    embedded = dsns.resolve(dsn) is None
    with analysis_database(dsn, migrations_dir=migrations_dir, scale=scale, seed=seed_) as target:
        with connect(target, autocommit=True) as conn:
            if workload == "named":
                cases = workload_cases(conn, queries)
            else:
                cases = top_statements(conn, top)
            mode = verify_mode(
                conn,
                embedded=embedded,
                is_copy=is_copy,
                on_this_database=verify_on_this_database,
                no_verify=no_verify,
            )
        settings = AdviseSettings(verify=mode, runs=runs, lock_timeout_ms=lock_timeout)
        report = run_advice(target, cases, mutations=mutations, settings=settings, progress=_log)
    if apply_to_schema:
        report = write_back(report, schema_dir)
    emit(report, fmt)


def _log(message: str) -> None:
    logging.getLogger("primedb").info("verifying: %s", message)
