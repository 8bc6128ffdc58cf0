"""The inputs of a report: saved JSON of explain, advise, audit, bench or demo, told apart.

Each command's `--format json` has a shape of its own, recognised by its keys:
`explain` a list of `queries` carrying plans, `advise` its `indexes` and
`rejected`, `audit` its `findings` and `checks_run`, `bench` its `conditions`
and `cases`, and the demo's combined document `"kind": "primedb demo"` with
each step's output under the step's name. Several files make one report; a
document that is none of these, or a second document of the same kind, is
refused with the file's name, so nothing is dropped silently.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from primedb.errors import BadInput

__all__ = ["DEMO_KIND", "Kind", "Results", "load_results", "results_of", "shown"]

DEMO_KIND = "primedb demo"  # the `kind` of the demo's combined document


class Kind(Enum):
    """What a saved document holds: the output of one command."""

    DEMO = "demo"
    EXPLAIN = "explain"
    ADVISE = "advise"
    AUDIT = "audit"
    BENCH = "bench"


Doc = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Results:
    """Everything a report shows, each part as its command wrote it (None: not given)."""

    sources: tuple[str, ...] = ()
    demo: Doc | None = None  # the pipeline's own part: steps, server, schema, seed, advice check
    explain: Doc | None = None
    advise: Doc | None = None
    audit: Doc | None = None
    bench: Doc | None = None
    queries: Mapping[str, Doc] = field(default_factory=dict)  # name -> {"doc", "sql"}

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The parts present, in the report's order."""
        return tuple(k for k in Kind if getattr(self, k.value) is not None)

    def empty(self) -> bool:
        return not self.kinds


def _kind(doc: Doc) -> Kind | None:
    if doc.get("kind") == DEMO_KIND:
        return Kind.DEMO
    if "indexes" in doc and "rejected" in doc:
        return Kind.ADVISE
    if "findings" in doc and "checks_run" in doc:
        return Kind.AUDIT
    if "conditions" in doc and "cases" in doc:
        return Kind.BENCH
    queries = doc.get("queries")
    if isinstance(queries, list) and all(isinstance(q, dict) and "plan" in q for q in queries):
        return Kind.EXPLAIN
    return None


def _require(doc: Doc, where: str, keys: Iterable[str]) -> None:
    missing = [k for k in keys if k not in doc]
    if missing:
        raise BadInput(
            f"{where}: missing {', '.join(missing)}; give the JSON the command printed "
            "with --format json, unchanged"
        )


_REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.DEMO: ("steps",),
    Kind.EXPLAIN: ("queries",),
    Kind.ADVISE: ("indexes", "rejected"),
    Kind.AUDIT: ("findings", "checks_run"),
    Kind.BENCH: ("conditions", "cases"),
}


def _parts(doc: Doc, where: str) -> dict[Kind, Doc]:
    """The parts of one document: itself, or for the demo's, the outputs of its steps."""
    kind = _kind(doc)
    if kind is None:
        raise BadInput(
            f"{where}: not the JSON of primedb explain, advise, audit, bench or demo; save one "
            "with --format json (e.g. primedb audit --format json > audit.json)"
        )
    _require(doc, where, _REQUIRED[kind])
    if kind is not Kind.DEMO:
        return {kind: doc}
    parts: dict[Kind, Doc] = {Kind.DEMO: doc}
    for inner in (Kind.EXPLAIN, Kind.ADVISE, Kind.AUDIT, Kind.BENCH):
        value = doc.get(inner.value)
        if value is not None:
            _require(value, f"{where} ({inner.value})", _REQUIRED[inner])
            parts[inner] = value
    return parts


def _with(results: Results, kind: Kind, part: Doc) -> Results:
    if kind is Kind.DEMO:
        return replace(results, demo=part)
    if kind is Kind.EXPLAIN:
        return replace(results, explain=part)
    if kind is Kind.ADVISE:
        return replace(results, advise=part)
    if kind is Kind.AUDIT:
        return replace(results, audit=part)
    return replace(results, bench=part)


def results_of(docs: Iterable[tuple[str, Doc]]) -> Results:
    """The results of documents, each named (a file name) for the errors."""
    results = Results()
    seen: dict[Kind, str] = {}
    for where, doc in docs:
        if not isinstance(doc, Mapping):
            raise BadInput(f"{where}: a JSON object was expected, not {type(doc).__name__}")
        for kind, part in _parts(doc, where).items():
            if kind in seen:
                raise BadInput(
                    f"{where}: a second {kind.value} result (the first came from {seen[kind]}); "
                    "give each command's output once"
                )
            seen[kind] = where
            results = _with(results, kind, part)
        queries = doc.get("query_texts") if _kind(doc) is Kind.DEMO else None
        results = replace(
            results,
            sources=(*results.sources, where),
            queries={**results.queries, **(queries or {})},
        )
    return results


def shown(path: Path) -> str:
    """`path` relative to the working directory when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_results(paths: Iterable[Path]) -> Results:
    """Read and tell apart the JSON files at `paths` (see the module docstring)."""
    docs = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"cannot read {path}: {exc.strerror}; give a saved JSON file") from exc
        try:
            docs.append((shown(path), json.loads(text)))
        except json.JSONDecodeError as exc:
            raise BadInput(
                f"{path}: not JSON ({exc.msg} at line {exc.lineno}); give the output of "
                "--format json"
            ) from exc
    results = results_of(docs)
    if results.empty():
        raise BadInput("no results given; name at least one JSON file with --input")
    return results
