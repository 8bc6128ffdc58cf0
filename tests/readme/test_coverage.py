"""Every output the README shows is checked against a real one by some test."""

import re
from pathlib import Path

from .examples import examples, mismatch

TESTS = Path(__file__).resolve().parents[1]
_CHECKED = re.compile(r"""\b(?:check_example|example)\(\s*["']([a-z0-9_-]+)["']""")


def _checked_names() -> set[str]:
    return {m for path in TESTS.rglob("*.py") for m in _CHECKED.findall(path.read_text())}


def test_every_output_block_is_named() -> None:
    unnamed = [e.line for e in examples() if e.lang == "" and e.name is None]
    assert unnamed == [], (
        "plain blocks of README.md are outputs: put `<!-- example: NAME -->` before each "
        f"and check it in a test (lines {unnamed})"
    )


def test_every_named_example_is_checked_by_a_test() -> None:
    named = {e.name for e in examples() if e.name is not None}
    assert named - _checked_names() == set()


def test_the_matching_ignores_numbers_and_hashes_but_not_words() -> None:
    shown = "seed 53,125 rows in 1.1 s\nschema sha256:ab51feb1c079\n...\nthe gate passes"
    real = "seed 60,004 rows in 12.40 s\nschema sha256:0f9e8d7c6b5a\nmore\nlines\nthe gate passes"
    assert mismatch(shown, real) is None
    assert mismatch(shown, real.replace("passes", "fails")) is not None
    assert mismatch("a\nb", "a\nx\nb") is not None  # no gap without `...`
    assert mismatch("dsn: postgresql://...", "dsn: postgresql://u@h/db") is None
    assert mismatch("dsn: postgresql://...", "dsn: user=u host=h") is not None
    assert mismatch("a  b\n----  -\nx  1", "a     b\n-----  --\nx     22") is None
