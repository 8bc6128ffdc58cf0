"""The README's `explain` and `advise` examples on the embedded default, run again.

The embedded default is the migrated and seeded database (scale 0.01, seed 1)
that the tests' seeded template also holds, so the commands run here on a
clone of it (`--copy` says what the embedded default is: a database advise may
build in). Times and rates differ from run to run and are masked; everything
else (plans, rows, buffers, findings, advice) must read as the README says.
"""

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from primedb.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"
_FLOAT = re.compile(r"\d[\d,]*\.\d+")
_RATE = re.compile(r"\([\d,]+/s\)")
_SHARE = re.compile(r"(?<=  )\d+%(?= )")  # the time column of a plan tree


def _mask(line: str) -> str:
    """The line with times, rates and time shares masked, and table padding folded."""
    masked = _SHARE.sub("N%", _RATE.sub("(N/s)", _FLOAT.sub("N", line)))
    masked = re.sub(r"^( *)-[- ]*$", r"\1---", masked)  # a table's rule, as wide as its cells
    indent = len(masked) - len(masked.lstrip(" "))
    return " " * indent + " ".join(masked.split())


def _example(command_start: str) -> tuple[list[str], list[str]]:
    """The command (its arguments) and the output lines the README shows for it."""
    text = README.read_text()
    start = text.index("$ " + command_start)
    block = text[start : text.index("```", start)].splitlines()
    return shlex.split(block[0][2:])[1:], [line for line in block[1:] if line != "..."]


@pytest.mark.parametrize(
    "command",
    ["primedb explain --runs 3 --sql", "primedb advise\n"],
    ids=["explain", "advise"],
)
def test_the_readme_examples_on_the_embedded_default(seeded_dsn: str, command: str) -> None:
    args, shown = _example(command)
    extra = ["--dsn", seeded_dsn] + (["--copy"] if args[:1] == ["advise"] else [])
    result = CliRunner().invoke(cli, [*args, *extra], env={"PRIMEDB_DSN": "", "DATABASE_URL": ""})
    assert result.exit_code == 0, result.stderr
    printed = _timeless([_mask(line) for line in result.stdout.splitlines()])
    expected = _timeless([_mask(line) for line in shown])
    assert printed[: len(expected)] == expected


def _timeless(lines: list[str]) -> list[str]:
    """Without the hot-node findings: whether a sub-millisecond plan crosses the 1 ms floor
    depends on the machine's load, not on the plan."""
    kept: list[str] = []
    for line in lines:
        if "hot_node" in line or line.strip().startswith("hint: this node is where the time"):
            continue
        kept.append(re.sub(r", hot_node \(info\)|hot_node \(info\), ?", "", line))
    return kept
