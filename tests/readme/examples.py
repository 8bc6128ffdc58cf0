"""The README's example outputs, and how a real output is held to one.

Every plain fenced block of the README (no language: an output, not a
synopsis or code) carries a marker on the line before it,
`<!-- example: NAME -->`, and some test produces that output for real and
calls `check_example(NAME, output)`; `test_coverage.py` fails while a block
has no marker or a marker no test checks, so a change in what a command prints
fails the suite until the README follows.

A real output matches the README's when, line by line, the words are the
same; what differs from run to run does not count: numbers (timings, counts,
ports, ids), hexadecimal hashes, runs of spaces and the width of a table's
rule (columns widen with their numbers). A line `...` in the README stands for
any number of lines, and a line ending in `...` for any line that starts as it
does (a DSN, a cut plan).
"""

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["README", "Example", "check_example", "example", "examples", "mismatch"]

README = Path(__file__).resolve().parents[2] / "README.md"

_MARKER = re.compile(r"^\s*<!-- example: (?P<name>[a-z0-9_-]+) -->\s*$")
_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[A-Za-z0-9_-]*)\s*$")
_HEX = re.compile(  # a hash or an id: hexadecimal, with a letter and a digit
    r"(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}(?![0-9A-Za-z])"
)
_NUMBER = re.compile(r"\d+(?:[.,_]\d+)*(?:e[-+]?\d+)?")
_SPACES = re.compile(r"\s+")
_HASH = re.compile(r"\b(sha256|md5):[0-9a-f]+")
_RULE = re.compile(r"^[\s-]*-[\s-]*$")


@dataclass(frozen=True, slots=True)
class Example:
    name: str | None  # None: a plain block without a marker
    line: int  # where the block starts in README.md
    lang: str
    text: str


def examples(path: Path = README) -> list[Example]:
    """Every fenced block of the README, with its marker."""
    lines = path.read_text().splitlines()
    found: list[Example] = []
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not re.match(r"^\s*```\s*$", lines[end]):
            end += 1
        indent = len(fence["indent"])
        body = "\n".join(line[indent:] for line in lines[i + 1 : end])
        before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        marker = _MARKER.match(before)
        found.append(Example(marker["name"] if marker else None, i + 1, fence["lang"], body))
        i = end + 1
    return found


def _normal(line: str) -> str:
    line = _HASH.sub(r"\1:H", line)
    line = _HEX.sub("H", line)
    line = _NUMBER.sub("0", line)
    line = _RULE.sub("---", line)
    return _SPACES.sub(" ", line).strip()


def _shows(expected: str, actual: str) -> bool:
    if expected.endswith("...") and expected != "...":
        return actual.startswith(expected[:-3])
    return actual == expected


def mismatch(expected: str, actual: str) -> str | None:
    """Why `actual` does not show what `expected` shows; None when it does."""
    want = [_normal(x) for x in expected.splitlines()]
    have = [_normal(x) for x in actual.splitlines()]
    at = 0
    gap = False
    for line in want:
        if line == "...":
            gap = True
            continue
        if gap:
            while at < len(have) and not _shows(line, have[at]):
                at += 1
        if at >= len(have) or not _shows(line, have[at]):
            shown = have[at] if at < len(have) else "(the end of the output)"
            return f"expected {line!r}, found {shown!r}"
        at += 1
        gap = False
    return None


def example(name: str) -> Example:
    """The README's example `name`, for a test that holds it to more than words."""
    matching = [e for e in examples() if e.name == name]
    assert len(matching) == 1, f"README.md has {len(matching)} examples named {name!r}"
    return matching[0]


def check_example(name: str, actual: str) -> None:
    """Fail unless `actual` is what the README's example `name` shows."""
    shown = example(name)
    problem = mismatch(shown.text, actual)
    assert problem is None, (
        f"README.md:{shown.line} (example {name}) no longer matches the real output: "
        f"{problem}; the output was:\n{actual}"
    )
