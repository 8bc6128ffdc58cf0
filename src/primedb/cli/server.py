"""`primedb server`: a cluster that outlives the command (start, stop, status)."""

import json
import tempfile
from dataclasses import asdict
from pathlib import Path

import click

_DATA_DIR_HELP = "Cluster directory (created when missing; reused when cleanly stopped)."


@click.group()
def server() -> None:
    """Run a local PostgreSQL cluster for development (127.0.0.1 only, trust auth)."""


@server.command()
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=_DATA_DIR_HELP)
@click.option("--port", type=click.IntRange(1, 65535), help="TCP port (default: a free one).")
@click.option("--json", "as_json", is_flag=True, help="Print dsn, data_dir, port and pid as JSON.")
def start(data_dir: Path | None, port: int | None, as_json: bool) -> None:
    """Start a cluster that keeps running, and print its DSN.

    Without --data-dir a new directory is made under the temporary directory.
    A directory left by a crashed run is wiped and initialised again; one not
    made by primedb is refused.
    """
    from primedb.pg.cluster import Cluster

    root = data_dir or Path(tempfile.mkdtemp(prefix="primedb-server-"))
    info = Cluster(root, port=port).start()
    if as_json:
        click.echo(json.dumps(asdict(info)))
    else:
        click.echo(info.dsn)


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
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(data_dir: Path, as_json: bool) -> None:
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
    if as_json:
        click.echo(json.dumps(payload))
    else:
        click.echo(" ".join(f"{k}={v}" for k, v in payload.items()))
    if state is not DirState.RUNNING:
        raise click.exceptions.Exit(1)
