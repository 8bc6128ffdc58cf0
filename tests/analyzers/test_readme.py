"""The README's `explain` and `advise` examples, run again.

The embedded default is the migrated and seeded database (scale 0.01, seed 1)
that the tests' seeded template also holds, so those commands run here on a
clone of it (`--copy` says what the embedded default is: a database advise may
build in); "a database of yours" is the same data with only the indexes its
constraints need (the `bare_dsn` fixture). Times and rates differ from run to
run and are masked; on the embedded default everything else (plans, rows,
buffers, findings, advice) must read as the README says.
"""

import re
import shlex

import pytest
from click.testing import CliRunner
from readme.examples import Example, check_example, example

from primedb.cli import cli

_FLOAT = re.compile(r"\d[\d,]*\.\d+")
_RATE = re.compile(r"\([\d,]+/s\)")
_SHARE = re.compile(r"(?<=  )\d+%(?= )")  # the time column of a plan tree
_NO_DSN = {"PRIMEDB_DSN": "", "DATABASE_URL": ""}


def _mask(line: str) -> str:
    """The line with times, rates and time shares masked, and table padding folded."""
    masked = _SHARE.sub("N%", _RATE.sub("(N/s)", _FLOAT.sub("N", line)))
    masked = re.sub(r"^( *)-[- ]*$", r"\1---", masked)  # a table's rule, as wide as its cells
    indent = len(masked) - len(masked.lstrip(" "))
    return " " * indent + " ".join(masked.split())


def _command(shown: Example) -> tuple[str, list[str]]:
    """The example's command line and its arguments (after `primedb`)."""
    line = shown.text.splitlines()[0]
    program, *args = shlex.split(line.removeprefix("$ "))
    assert program == "primedb", line
    return line, args


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, env=_NO_DSN)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.mark.parametrize(
    "shown", [example("explain"), example("advise")], ids=lambda shown: shown.name
)
def test_the_readme_examples_on_the_embedded_default(seeded_dsn: str, shown: Example) -> None:
    _, args = _command(shown)
    extra = ["--dsn", seeded_dsn] + (["--copy"] if args[:1] == ["advise"] else [])
    printed = _timeless([_mask(line) for line in _run([*args, *extra]).splitlines()])
    expected = [line for line in shown.text.splitlines()[1:] if line != "..."]
    assert printed[: len(expected)] == _timeless([_mask(line) for line in expected])


@pytest.mark.parametrize(
    "shown", [example("explain-bare"), example("advise-bare")], ids=lambda shown: shown.name
)
def test_the_readme_examples_on_a_database_of_yours(bare_dsn: str, shown: Example) -> None:
    line, args = _command(shown)
    args[args.index("--dsn") + 1] = bare_dsn
    check_example(shown.name or "", line + "\n" + _run(args))


def _timeless(lines: list[str]) -> list[str]:
    """Without the hot-node findings: whether a sub-millisecond plan crosses the 1 ms floor
    depends on the machine's load, not on the plan."""
    kept: list[str] = []
    for line in lines:
        if "hot_node" in line or line.strip().startswith("hint: this node is where the time"):
            continue
        kept.append(re.sub(r", hot_node \(info\)|hot_node \(info\), ?", "", line))
    return kept
