"""`primedb server`: a cluster that outlives the command (start, stop, status).

`start` prints the DSN on stdout (so `DSN=$(primedb server start ...)` works)
and, on stderr, where the data lives and how to stop it: a cluster started
without `--data-dir` lives in a new temporary folder, which a user must know to
stop it. `--format json` prints the DSN, data directory, port and pid.
"""

import json
import logging
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from primedb.cli.options import format_option

_DATA_DIR_HELP = "Cluster directory (created when missing; reused when cleanly stopped)."
_JSON_HELP = "Same as --format json (kept for scripts written before --format)."

log = logging.getLogger("primedb")


@click.group()
def server() -> None:
    """Run a local PostgreSQL cluster for development (127.0.0.1 only, trust auth)."""


def _json_alias(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, hidden=True, help=_JSON_HELP)(func)


@server.command()
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=_DATA_DIR_HELP)
@click.option("--port", type=click.IntRange(1, 65535), help="TCP port (default: a free one).")
@format_option("table", "json")
@_json_alias
def start(data_dir: Path | None, port: int | None, fmt: str, as_json: bool) -> None:
    """Start a cluster that keeps running, and print its DSN.

    Without --data-dir a new directory is made under the temporary directory;
    either way its path and the command that stops the server are printed on
    stderr. A directory left by a crashed run is wiped and initialised again;
    one not made by primedb is refused.
    """
    from primedb.cli.render import emit
    from primedb.pg.cluster import Cluster

    root = data_dir or Path(tempfile.mkdtemp(prefix="primedb-server-"))
    info = Cluster(root, port=port).start()
    log.info(
        "server running, data in %s; stop it with: primedb server stop --data-dir %s",
        info.data_dir,
        info.data_dir,
    )
    emit(info, "json" if as_json else fmt)


@server.command()
@click.option("--data-dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def stop(data_dir: Path) -> None:
    """Stop the cluster of --data-dir (its files stay; `start` resumes it)."""
    from primedb.errors import UsageError
    from primedb.pg.cluster import Cluster
    from primedb.pg.layout import DirState, Layout

    if Layout(data_dir.resolve()).state() is DirState.FOREIGN:
        raise UsageError(f"{data_dir} is not a primedb cluster directory")
    stopped = Cluster(data_dir).stop()
    click.echo("stopped" if stopped else "not running")


@server.command()
@click.option("--data-dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@format_option("table", "json")
@_json_alias
def status(data_dir: Path, fmt: str, as_json: bool) -> None:
    """Whether the cluster of --data-dir runs; exit 0 when it does, 1 when not."""
    from primedb.errors import UsageError
    from primedb.pg.cluster import Cluster
    from primedb.pg.layout import DirState, Layout

    state = Layout(data_dir.resolve()).state()
    if state is DirState.FOREIGN:
        raise UsageError(f"{data_dir} is not a primedb cluster directory")
    payload: dict[str, object] = {"state": state.value, "data_dir": str(data_dir.resolve())}
    if state is DirState.RUNNING:
        payload.update(asdict(Cluster(data_dir).info()))
    if fmt == "json" or as_json:
        click.echo(json.dumps(payload))
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in payload.items()))
    if state is not DirState.RUNNING:
        raise click.exceptions.Exit(1)
