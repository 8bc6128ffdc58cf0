"""Options shared by many commands, as decorators."""

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def dsn_option(func: F) -> F:
    return click.option(
        "--dsn",
        metavar="DSN",
        default=None,
        help="Database to work on (else PRIMEDB_DSN, else DATABASE_URL, else a throwaway cluster).",
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
