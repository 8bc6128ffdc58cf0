"""The database a command that changes one works on: the user's, never silently a throwaway one.

`migrate`, `rollback`, `stamp`, `schema apply` and `seed` exist to change a
database that lasts. Given no DSN (`--dsn`, `PRIMEDB_DSN`, `DATABASE_URL`),
they used to run on the embedded default, a throwaway cluster deleted the
moment they ended, and report success. Now they refuse and say how to get a
lasting database, unless `--throwaway` asks for exactly that (to try a
command, or to measure it). Read-only commands keep the embedded default.
"""

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from primedb.errors import UsageError

__all__ = ["lasting_server", "throwaway_option"]

F = TypeVar("F", bound=Callable[..., Any])


def throwaway_option(func: F) -> F:
    return click.option(
        "--throwaway",
        is_flag=True,
        help="Without a DSN, run on a throwaway cluster that is deleted when the command ends "
        "(to try the command; nothing it does is kept).",
    )(func)


@contextlib.contextmanager
def lasting_server(dsn: str | None, *, throwaway: bool, command: str) -> Iterator[str]:
    """The user's database; a throwaway cluster only when `throwaway` asks for one."""
    from primedb.pg import dsn as dsns  # imported here: psycopg is not for `primedb --help`
    from primedb.pg import server_dsn

    if dsns.resolve(dsn) is None and not throwaway:
        raise UsageError(
            f"primedb {command} changes a database that should last, and none was given: "
            "pass --dsn (or set PRIMEDB_DSN or DATABASE_URL), or start a server that keeps "
            "running with `primedb server start --data-dir DIR` and pass the DSN it prints; "
            "--throwaway runs it on a throwaway cluster, deleted when the command ends"
        )
    with server_dsn(dsn) as resolved:
        yield resolved
