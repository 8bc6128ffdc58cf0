"""Options of the benchmarks: the data the query suite (`benchmarks/queries/`) measures.

    .venv/bin/pytest benchmarks/queries --benchmark-only                 # scale 0.01: seconds
    .venv/bin/pytest benchmarks/queries --benchmark-only --scale 1       # real figures: minutes

`--seed` and `--as-of` (YYYY-MM) complete the data's description; a baseline
saved with `--benchmark-json` records all three, and `primedb bench --compare`
rebuilds the same data from them.
"""

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("primedb", "primedb benchmarks")
    group.addoption(
        "--scale",
        type=float,
        default=0.01,
        help="scale of the data the query suite seeds (default 0.01; 1 for real figures)",
    )
    group.addoption("--seed", type=int, default=1, help="seed of that data (default 1)")
    group.addoption(
        "--as-of",
        default=None,
        metavar="YYYY-MM",
        help="as-of month of that data (default: this month)",
    )
