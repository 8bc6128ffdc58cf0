"""Reading names and clauses out of a statement's words, depth-aware.

Helpers the rules share: a possibly qualified, possibly quoted name (kept
both as SQL for `to_regclass` and as a key to compare with what the linted
SQL created), the words at parenthesis depth 0, and splitting at top-level
commas (the actions of one ALTER TABLE).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from primedb.lint.tokens import Kind, Word

__all__ = ["Name", "find_top", "has_top", "read_name", "skip", "split_top", "top_level", "upper_at"]


@dataclass(frozen=True, slots=True)
class Name:
    parts: tuple[Word, ...]

    def sql(self) -> str:
        """As SQL text (quoted parts re-quoted), which `to_regclass` resolves like the server."""
        return ".".join(p.sql() for p in self.parts)

    @property
    def key(self) -> tuple[str | None, str]:
        """(schema or None, relation) with PostgreSQL's case folding, for comparisons."""
        folded = [p.text if p.kind is Kind.QUOTED else p.text.lower() for p in self.parts]
        return (folded[-2] if len(folded) > 1 else None, folded[-1])

    def same(self, other: "Name") -> bool:
        (schema_a, rel_a), (schema_b, rel_b) = self.key, other.key
        return rel_a == rel_b and (schema_a is None or schema_b is None or schema_a == schema_b)

    def __str__(self) -> str:
        return self.sql()


def read_name(words: Sequence[Word], start: int) -> tuple[Name | None, int]:
    """The name at `start` (`a`, `s.a`, `"S"."A"`) and the index after it."""
    if start >= len(words) or not words[start].is_name:
        return None, start
    parts = [words[start]]
    i = start + 1
    while i + 1 < len(words) and words[i].text == "." and words[i + 1].is_name:
        parts.append(words[i + 1])
        i += 2
    return Name(tuple(parts)), i


def skip(words: Sequence[Word], start: int, *keywords: str) -> int:
    """The index after the run of `keywords` (in order) at `start`, if they are all there."""
    i = start
    for keyword in keywords:
        if i >= len(words) or words[i].upper != keyword:
            return start
        i += 1
    return i


def top_level(words: Sequence[Word]) -> list[tuple[int, Word]]:
    """The words at parenthesis depth 0, with their index."""
    found: list[tuple[int, Word]] = []
    depth = 0
    for i, word in enumerate(words):
        if word.kind is Kind.PUNCT and word.text in ("(", "["):
            depth += 1
        elif word.kind is Kind.PUNCT and word.text in (")", "]"):
            depth = max(depth - 1, 0)
        elif depth == 0:
            found.append((i, word))
    return found


def find_top(words: Sequence[Word], *keywords: str, start: int = 0) -> int:
    """Index of the first top-level word that is one of `keywords` at or after `start`; -1."""
    for i, word in top_level(words):
        if i >= start and word.upper in keywords:
            return i
    return -1


def has_top(words: Sequence[Word], *sequence: str) -> bool:
    """Whether the keywords of `sequence` follow each other at depth 0."""
    top = [w.upper for _, w in top_level(words)]
    n = len(sequence)
    return any(tuple(top[i : i + n]) == sequence for i in range(len(top) - n + 1))


def split_top(words: Sequence[Word]) -> list[list[Word]]:
    """`words` cut at its top-level commas."""
    parts: list[list[Word]] = [[]]
    depth = 0
    for word in words:
        if word.kind is Kind.PUNCT and word.text in ("(", "["):
            depth += 1
        elif word.kind is Kind.PUNCT and word.text in (")", "]"):
            depth = max(depth - 1, 0)
        if depth == 0 and word.kind is Kind.PUNCT and word.text == ",":
            parts.append([])
            continue
        parts[-1].append(word)
    return [p for p in parts if p]


def upper_at(words: Sequence[Word], index: int) -> str:
    """The keyword at `index`, or "" past the end."""
    return words[index].upper if 0 <= index < len(words) else ""
