"""Imports run one way: no circle, and no module imports one of a higher layer.

Every `import` counts, at module level or inside a function (an import hidden
in a function still ties the two modules together). The layers are those
`docs/architecture.md` draws; a module not listed here fails the test, so a
new package has to be given its place.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A module may import modules of its own layer or of a lower one.
LAYERS: dict[str, int] = {
    "primedb": 0,
    "primedb.errors": 0,
    "primedb.durations": 0,
    "primedb.texttable": 0,
    "primedb.sqllex": 0,
    "primedb.secrets": 0,
    "primedb.project": 0,
    "primedb.sqlfiles": 1,
    "primedb.pg": 1,
    "primedb.catalog": 2,
    "primedb.queries": 2,
    "primedb.schema": 3,
    "primedb.sampling": 3,
    "primedb.storage": 3,
    # The in-process metrics (instrumented pool, query latency): the storage layer uses them.
    "primedb.exporters": 3,
    "primedb.diff": 4,
    "primedb.seed": 4,
    "primedb.lint": 5,
    "primedb.migrations": 6,
    "primedb.sources": 7,
    "primedb.sandbox": 7,
    "primedb.demo": 9,
    "primedb.analyzers": 8,
    "primedb.exporters.database": 8,
    "primedb.workload": 8,
    "primedb.bench": 8,
    "primedb.report": 9,
    "primedb.cli": 10,
    "primedb.__main__": 11,
}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str, modules: set[str]) -> set[str]:
    """The primedb modules `path` imports, anywhere in it.

    `from package import name` imports the module `package.name` when there is
    one, else `package` itself (whose `__init__` defines `name`).
    """
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    return {m for m in found if m == "primedb" or m.startswith("primedb.")}


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in SRC.rglob("*.py")}
    names = set(files)
    return {
        m: {i for i in _imports(p, m, names) if i in files and i != m} for m, p in files.items()
    }


def _layer(module: str) -> int:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if (prefix := ".".join(parts[:end])) in LAYERS:
            return LAYERS[prefix]
    raise KeyError(module)


def test_every_module_has_a_layer() -> None:
    missing = []
    for module in _graph():
        try:
            _layer(module)
        except KeyError:
            missing.append(module)
    assert missing == [], "give these modules a layer in tests/test_layers.py"


def test_no_import_goes_up_a_layer() -> None:
    upward = sorted(
        f"{m} (layer {_layer(m)}) imports {i} (layer {_layer(i)})"
        for m, imported in _graph().items()
        for i in imported
        if _layer(i) > _layer(m)
    )
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_the_circle_finder_finds_circles(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert _cycles(graph) == expected
