"""`primedb seed`: fill a database at the schema's head with deterministic synthetic data."""

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from primedb.cli.lasting import lasting_server, throwaway_option
from primedb.cli.options import dsn_option, folder_option, format_option

if TYPE_CHECKING:  # importing primedb.seed loads numpy: not for `primedb --help`
    from primedb.seed import ProgressEvent


@click.command()
@dsn_option
@click.option(
    "--scale",
    type=float,
    default=0.01,
    show_default=True,
    help="Size: 1 is about 5.3M rows (10k accounts, 2M audit logs, 2M usage records).",
)
@click.option("--seed", "seed_", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m"]),
    default=None,
    help="Events fill the 12 months before this month (default: the current UTC month).",
)
@click.option(
    "--apply-schema",
    is_flag=True,
    help="Apply the schema first when the database has none of its tables.",
)
@folder_option("schema_dir")
@throwaway_option
@click.option(
    "--connections",
    type=click.IntRange(min=1),
    default=None,
    help="Connections loading at once (default: one per core). 1 loads everything in one "
    "transaction, which the server rolls back whatever happens to this process.",
)
@format_option("table", "json")
def seed(
    dsn: str | None,
    scale: float,
    seed_: int,
    as_of: datetime | None,
    apply_schema: bool,
    schema_dir: Path,
    throwaway: bool,
    connections: int | None,
    fmt: str,
) -> None:
    """Fill the empty tables of a database with synthetic PrimeCloudProV2 data.

    The same --scale, --seed and --as-of month give the same rows. The tables
    must exist and be empty (run `primedb schema apply` or `primedb migrate`
    first, or pass --apply-schema). Tables load side by side on one connection
    per core; a failure, an interrupt or this process killed leaves the
    database as it was (a guardian process undoes what was committed).
    Progress goes to stderr, the summary (rows per table, seconds, rows per
    second) to stdout. It needs a DSN; `--throwaway --apply-schema` seeds a
    throwaway cluster instead, which is only useful to measure the seed.
    """
    from primedb.cli.render import emit
    from primedb.seed import seed_database

    with lasting_server(dsn, throwaway=throwaway, command="seed") as target:
        report = seed_database(
            target,
            scale=scale,
            seed=seed_,
            as_of=as_of.date() if as_of else None,
            progress=SeedProgress(),
            schema_dir=schema_dir if apply_schema else None,
            connections=connections,
        )
    emit(report, fmt)


class SeedProgress:
    """Progress on stderr: a live line on a terminal. Through a pipe or into a file (CI
    logs), a line per finished step and, while one runs long, a line every `every`
    seconds: at scale 1 the big tables take tens of seconds each, which must not look
    like a hang."""

    def __init__(
        self,
        *,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        live: bool | None = None,
    ) -> None:
        self._live = click.get_text_stream("stderr").isatty() if live is None else live
        self._every = every
        self._clock = clock
        self._last = clock()

    def __call__(self, event: "ProgressEvent") -> None:
        from primedb.seed import Step  # numpy: not for `primedb --help`

        finished = event.done >= event.total > 0
        # Off a terminal, index and foreign-key steps print once, as a count.
        named = self._live or event.step is Step.COPY
        what = " ".join(w for w in (event.step.value, event.name if named else "") if w)
        line = f"seed: {what} {event.done:,}/{event.total:,}"
        if self._live:
            click.echo(f"\r\033[K{line}", err=True, nl=finished)
            return
        now = self._clock()
        if finished or now - self._last >= self._every:
            click.echo(line, err=True)
            self._last = now
