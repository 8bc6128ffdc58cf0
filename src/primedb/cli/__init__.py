"""The `primedb` command line: thin commands over the library.

Each command parses options, calls one library function and renders the
result. Errors a user can cause print one `error:` line and exit with their
code; anything else is a bug and exits 70 (`--traceback` shows it).
"""

import logging
import sys
import traceback
from typing import Any

import click

from primedb import __version__
from primedb.cli.advise import advise
from primedb.cli.audit import audit
from primedb.cli.bench import bench
from primedb.cli.dashboard import dashboard
from primedb.cli.demo import demo
from primedb.cli.explain import explain
from primedb.cli.exporter import exporter
from primedb.cli.lint import lint
from primedb.cli.migrate import migrate, rollback, stamp, status
from primedb.cli.options import scrubber
from primedb.cli.report import report
from primedb.cli.revision import check, revision
from primedb.cli.schema import schema
from primedb.cli.seed import seed
from primedb.cli.server import server
from primedb.cli.workload import workload
from primedb.errors import BUG, EXIT_CODES, PrimedbError
from primedb.secrets import Scrubber

# "\b" keeps click from re-wrapping the list.
_EPILOG = "Exit codes:\n\n\b\n" + "\n".join(
    f"{code:>3}  {what}" for code, what in EXIT_CODES.items()
)


class _Group(click.Group):
    """Turns primedb errors into one line and an exit code, never showing a password."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PrimedbError as exc:
            wanted = bool((ctx.obj or {}).get("traceback"))
            self._fail(ctx, str(exc), exc.exit_code, show_traceback=wanted)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            self._fail(ctx, "interrupted", 130, show_traceback=False)
        except Exception as exc:
            self._fail(ctx, f"bug: {type(exc).__name__}: {exc}", BUG, show_traceback=True)

    @staticmethod
    def _fail(ctx: click.Context, message: str, code: int, *, show_traceback: bool) -> None:
        clean = scrubber(ctx).text
        if show_traceback:
            click.echo(clean(traceback.format_exc()), err=True)
        click.echo(f"error: {clean(message)}", err=True)
        sys.exit(code)


@click.group(cls=_Group, epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="primedb")
@click.option("--traceback", is_flag=True, help="Show the traceback of an error.")
@click.option("-v", "--verbose", count=True, help="More log lines on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool, verbose: int, quiet: bool) -> None:
    """primedb: declarative migrations, query analysis, benchmarks and metrics for PostgreSQL.

    Every database command takes --dsn, else PRIMEDB_DSN, else DATABASE_URL;
    with none of them it runs on a throwaway PostgreSQL cluster that lives
    as long as the command. Results go to stdout, logs and progress to stderr.
    """
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    _configure_logging(level, scrubber(ctx))


def _configure_logging(level: int, scrub: Scrubber) -> None:
    """primedb's lines, and psycopg's (the pool's connection errors), on stderr, scrubbed."""
    for name, logger_level, prefix in (
        ("primedb", level, "primedb: "),
        ("psycopg", logging.WARNING, "primedb: psycopg: "),
    ):
        logger = logging.getLogger(name)
        logger.setLevel(logger_level)
        for old in [h for h in logger.handlers if getattr(h, "_primedb", False)]:
            logger.removeHandler(old)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(prefix + "%(message)s"))
        handler.addFilter(scrub)
        handler._primedb = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False


cli.add_command(server)
cli.add_command(schema)
cli.add_command(demo)
cli.add_command(migrate)
cli.add_command(rollback)
cli.add_command(status)
cli.add_command(stamp)
cli.add_command(lint)
cli.add_command(revision)
cli.add_command(check)
cli.add_command(seed)
cli.add_command(audit)
cli.add_command(exporter)
cli.add_command(workload)
cli.add_command(dashboard)
cli.add_command(bench)
cli.add_command(explain)
cli.add_command(advise)
cli.add_command(report)


# primedb's own options, which click only takes before the command: also taken after it.
_GLOBAL_FLAGS = frozenset({"--traceback", "-q", "--quiet", "-v", "-vv", "-vvv", "--verbose"})


def _globals_first(args: list[str]) -> list[str]:
    """`primedb migrate -q` as `primedb -q migrate` (up to a `--`, after which args are data)."""
    end = args.index("--") if "--" in args else len(args)
    moved = [a for a in args[:end] if a in _GLOBAL_FLAGS]
    rest = [a for a in args[:end] if a not in _GLOBAL_FLAGS]
    return moved + rest + args[end:]


def main() -> None:
    cli(args=_globals_first(sys.argv[1:]), prog_name="primedb")
