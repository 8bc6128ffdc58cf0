"""Options shared by many commands, as decorators, each written once.

Folders default to the project's `[tool.primedb]` setting and are resolved
when the options are parsed, so a command always receives a `Path`. Imports
of primedb modules sit inside the callbacks so that `primedb --help` stays
fast; none of them is there to dodge an import circle.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from primedb.secrets import Scrubber

if TYPE_CHECKING:
    from primedb.diff.hazards import HazardKind
    from primedb.project import Folder

F = TypeVar("F", bound=Callable[..., Any])

# What each project folder holds, for the help of its option.
_FOLDERS: dict["Folder", str] = {
    "schema_dir": "the schema files, applied in file-name order",
    "migrations_dir": "the Alembic project",
    "queries_dir": "the named queries",
    "checks_dir": "the audit's checks (one SQL file each)",
    "baselines_dir": "the benchmark baselines",
}


def scrubber(ctx: click.Context) -> Scrubber:
    """The log filter of this run, which hides the passwords of every DSN it was given."""
    root = ctx.find_root()
    root.ensure_object(dict)
    found: Scrubber = root.obj.setdefault("scrubber", Scrubber())
    return found


def checked_dsn(ctx: click.Context, value: str | None) -> str | None:
    """A DSN-valued option, checked (a malformed one is a usage error) and its password hidden."""
    from primedb.pg.dsn import resolve

    resolved = resolve(value, {})
    scrubber(ctx).add(resolved)
    scrubber(ctx).add(value)
    return resolved


def _dsn(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from primedb.pg.dsn import resolve

    if value:
        checked_dsn(ctx, value)
    else:
        scrubber(ctx).add(resolve(None))  # PRIMEDB_DSN or DATABASE_URL
    return value


def source_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A SOURCE option (`schema`, `migrations` or a DSN): a DSN is checked and hidden."""
    from primedb.sources import looks_like_dsn

    if value and looks_like_dsn(value):
        return checked_dsn(ctx, value)
    return value


def dsn_option(func: F) -> F:
    return click.option(
        "--dsn",
        metavar="DSN",
        default=None,
        callback=_dsn,
        help="Database to work on (else PRIMEDB_DSN, else DATABASE_URL, else a throwaway cluster).",
    )(func)


def with_owners_option(func: F) -> F:
    return click.option(
        "--with-owners",
        is_flag=True,
        help="Make owners part of the schema (ALTER ... OWNER TO where they differ); "
        "off by default, since who owns an object depends on who ran the DDL.",
    )(func)


def format_option(*choices: str) -> Callable[[F], F]:
    kinds = choices or ("table", "json")

    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(kinds),
            default=kinds[0],
            show_default=True,
            help="How results are printed on stdout.",
        )(func)

    return decorate


def folder_option(key: "Folder") -> Callable[[F], F]:
    """`--schema-dir`, `--migrations-dir` or `--queries-dir`, resolved to a Path."""
    flag = "--" + key.replace("_", "-")

    def resolve(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
        from primedb.project import project_folder

        return value if value is not None else project_folder(key)

    def decorate(func: F) -> F:
        return click.option(
            flag,
            key,
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            callback=resolve,
            help=f"Folder of {_FOLDERS[key]} (default: [tool.primedb] {key} of the nearest "
            "pyproject.toml).",
        )(func)

    return decorate


def allow_hazard_option(help_text: str) -> Callable[[F], F]:
    """`--allow-hazard KIND` (repeatable), parsed into hazard kinds."""

    def parse(
        ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
    ) -> tuple["HazardKind", ...]:
        from primedb.diff.hazards import HazardKind, parse_hazard_kinds

        kinds: tuple[HazardKind, ...] = parse_hazard_kinds(value, "--allow-hazard")
        return kinds

    def decorate(func: F) -> F:
        return click.option(
            "--allow-hazard",
            "allowed",
            metavar="KIND",
            multiple=True,
            callback=parse,
            help=help_text,
        )(func)

    return decorate


def duration_option(flag: str, *, default: str | None, help_text: str) -> Callable[[F], F]:
    """A duration (`500ms`, `3s`, `2min`) given to the command in milliseconds."""

    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
        from primedb.durations import parse_duration

        return None if value is None else parse_duration(value, flag)

    def decorate(func: F) -> F:
        return click.option(
            flag,
            default=default,
            show_default=default is not None,
            callback=parse,
            help=help_text,
        )(func)

    return decorate


def sandbox_options(func: F) -> F:
    """`--scale` and `--seed` of the embedded default (see `primedb.sandbox`)."""
    options = [
        click.option(
            "--scale",
            type=click.FloatRange(min=0, min_open=True),
            default=0.01,
            show_default=True,
            help="Without a DSN: size of the data seeded into the embedded default database "
            "(1 is about 5.3M rows).",
        ),
        click.option(
            "--seed",
            "seed_",
            type=int,
            default=1,
            show_default=True,
            help="Without a DSN: random seed of the seeded data.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def workload_options(func: F) -> F:
    """`[NAME ...]`, `--sql SQL` and `--queries PATH`: which statements an analysis runs."""
    options = [
        click.argument("names", nargs=-1, metavar="[NAME ...]"),
        click.option(
            "--sql",
            metavar="SQL",
            default=None,
            help="One ad-hoc statement (values written in) instead of the named queries.",
        ),
        click.option(
            "--queries",
            "queries_path",
            type=click.Path(exists=True, path_type=Path),
            default=None,
            help="A folder of named-query .sql files, or one such file (default: [tool.primedb] "
            "queries_dir).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
