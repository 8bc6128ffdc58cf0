"""The advice section: each index to build online, its size and write cost, what it buys.

From `primedb advise`'s JSON: per advised index, the statements that build it
without blocking writes (`CREATE INDEX CONCURRENTLY`, or for a partitioned
table the per-partition recipe), its plain definition for `schema/`, its size
(built or estimated), its write cost and the cases it serves before and
after; the candidates left out, counted by reason. From the demo, how close
the advice comes to `schema/`'s own indexes: which of them it found again,
and per case the buffers with `schema/`'s indexes against the advised ones.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from primedb.report.inputs import Results

__all__ = ["AdviceView", "IndexView", "advice_section", "human_bytes"]

SHOWN_STATEMENTS = 3  # a partitioned table's recipe: the rest goes in a <details>


def human_bytes(n: float | None) -> str:
    if n is None:
        return "?"
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"  # pragma: no cover - the loop returns


@dataclass(frozen=True, slots=True)
class IndexView:
    name: str
    table: str
    verified: bool
    size: str
    size_source: str
    write_cost: str
    breaks_hot: tuple[str, ...]
    statements: tuple[str, ...]  # shown
    more_statements: tuple[str, ...]  # in a <details>
    schema_definition: str
    served: tuple[Mapping[str, Any], ...]
    replaces: tuple[str, ...]  # existing indexes it makes redundant


@dataclass(frozen=True, slots=True)
class AdviceView:
    headline: str
    notes: tuple[str, ...]
    indexes: tuple[IndexView, ...]
    rejected: tuple[tuple[str, int, tuple[str, ...]], ...]  # why, how many, definitions
    check: Mapping[str, Any] | None  # the demo's comparison with schema/'s own indexes


def _write_cost(overhead: Mapping[str, Any]) -> str:
    if not overhead:
        return "?"
    entry, row = overhead.get("entry_bytes"), overhead.get("row_bytes")
    ratio = overhead.get("entry_to_row")
    text = f"entry {entry} B per row of {row} B" if entry is not None else "entry size unknown"
    if ratio is not None:
        text += f" ({ratio:.0%})"
    return text


def _index(index: Mapping[str, Any]) -> IndexView:
    statements = tuple(str(index.get("definition", "")).splitlines())
    overhead = index.get("write_overhead") or {}
    return IndexView(
        name=str(index["name"]),
        table=".".join(p for p in (index.get("schema"), index.get("table")) if p),
        verified=bool(index.get("verified")),
        size=human_bytes(index.get("size_bytes")),
        size_source=str(index.get("size_source") or ""),
        write_cost=_write_cost(overhead),
        breaks_hot=tuple(overhead.get("breaks_hot_updates") or ()),
        statements=statements[:SHOWN_STATEMENTS],
        more_statements=statements[SHOWN_STATEMENTS:],
        schema_definition=str(index.get("schema_definition") or ""),
        served=tuple(index.get("queries") or ()),
        replaces=tuple(index.get("replaces") or ()),
    )


def _headline(advise: Mapping[str, Any]) -> str:
    n = len(advise["indexes"])
    parts = [f"{n} index{'es' if n != 1 else ''} advised"]
    if "cases" in advise:
        parts[0] += f" for {advise['cases']} parameter sets"
    if "candidates" in advise:
        parts.append(f"{advise['candidates']} candidates screened by {advise.get('whatif', '?')}")
    if "verification" in advise:
        parts.append(f"verification: {advise['verification']}")
    if "seconds" in advise:
        parts.append(f"{advise['seconds']:.1f} s")
    return "; ".join(parts)


def advice_section(results: Results) -> AdviceView | None:
    advise = results.advise
    if advise is None:
        return None
    reasons: Counter[str] = Counter()
    definitions: dict[str, list[str]] = {}
    for r in advise["rejected"]:
        reasons[str(r["why"])] += 1
        definitions.setdefault(str(r["why"]), []).append(str(r["definition"]))
    check = (results.demo or {}).get("advice_check")
    return AdviceView(
        headline=_headline(advise),
        notes=tuple(advise.get("notes") or ()),
        indexes=tuple(_index(i) for i in advise["indexes"]),
        rejected=tuple((why, n, tuple(definitions[why])) for why, n in reasons.most_common()),
        check=check,
    )
