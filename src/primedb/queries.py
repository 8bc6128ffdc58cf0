"""The canonical application queries of `queries/`, found, loaded and checked.

Two kinds of named SQL live there, kept apart by folder so that no tool has to
guess which statements are safe to run unattended:

- `queries/*.sql` hold the **read-only canonical queries** (`load_queries`):
  each is one SELECT and carries a `-- sample:` query returning realistic
  parameter sets (one row per set, one column per parameter), so the analyzers,
  benchmarks and latency metrics can run every one of them on a seeded database
  without a human choosing arguments;
- `queries/mutations/*.sql` hold the **statements that write**
  (`load_mutations`): the storage layer's INSERTs, UPDATEs and row locks. They
  need no sample and the analyzers never run them.

Every sample follows one rule, so that "heavy" and "typical" mean the same
for every query (the analyzers and the benchmark baselines judge queries by
them). It returns two parameter sets, heavy first, then typical:

- an entity (an account, a user, a key...) weighs the rows the query reads for
  it, that is the rows its WHERE matches, before any LIMIT;
- heavy is the heaviest entity; typical is the median one among the entities
  with at least one row (position (n - 1) / 2 by weight, the lower median);
  ties go to the smaller key (the entity's id);
- the sample writes this in SQL: a CTE `weights` holds one row per entity, its
  key columns then `rows`, and the sample takes the two from it, with `rows`;
  the other parameters (a page size, a date range) are the same for both sets
  or follow from the entity (a cursor);
- where the entity is not plain (a membership, an e-mail, a moment, a
  position), the query's comment names it; a query without one (a queue) has
  no `weights`, and its comment says what its heavy and typical sets are.

`tests/test_query_samples.py` checks the rule on seeded data: the sets are the
heaviest and the median entity of the weights, and, run without its LIMIT, the
query reads at least as many rows for the heavy set as for the typical one
(`primedb.sampling.QueryRun.rows_read`).

Parsing, parameters and the file-and-line errors come from `primedb.sqlfiles`;
this module adds the rules of the two folders. A name is unique across both
(it is also the metric label of the query). The folder is `[tool.primedb]
queries_dir` of the nearest `pyproject.toml` (`primedb.project`).
"""

import re
from pathlib import Path

import sqlglot
import sqlglot.errors
from sqlglot import expressions as exp

from primedb.errors import BadInput
from primedb.project import project_folder
from primedb.sqlfiles import NamedQuery, load_dir

__all__ = [
    "MUTATIONS_SUBDIR",
    "default_queries_dir",
    "load_all",
    "load_mutations",
    "load_queries",
]

MUTATIONS_SUBDIR = "mutations"
_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)s")
# Statements that change data, wherever they hide (a data-modifying CTE ends in SELECT).
_WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Merge)


def default_queries_dir(cwd: Path | None = None) -> Path:
    """The configured queries folder, else the `queries/` folder of primedb's repository."""
    return project_folder("queries_dir", cwd)


def _parse_one(text: str) -> exp.Expr | None:
    """The single statement of `text` (already known to parse), or None for several."""
    probe = _PLACEHOLDER.sub("NULL", text).replace("%%", "%")
    statements = [s for s in sqlglot.parse(probe, read="postgres") if s is not None]
    return statements[0] if len(statements) == 1 else None


def _read_only_problem(text: str) -> str | None:
    """Why `text` is not one read-only SELECT, or None when it is."""
    statement = _parse_one(text)
    if statement is None:
        return "holds more than one statement"
    if not isinstance(statement, exp.Query):
        kind = statement.key.upper()
        return f"is {'an' if kind[0] in 'AEIOU' else 'a'} {kind}, not a SELECT"
    if statement.find(*_WRITES) is not None:
        return "writes (a data-modifying WITH)"
    if any(s.args.get("locks") for s in statement.find_all(exp.Select)):
        return "locks rows (FOR UPDATE/SHARE)"
    if any(s.args.get("into") for s in statement.find_all(exp.Select)):
        return "creates a table (SELECT INTO)"
    return None


def _sample_columns(sample: str) -> list[str] | None:
    """The output column names of a sample query; None when it selects `*`."""
    statement = _parse_one(sample)
    if not isinstance(statement, exp.Query):
        return []
    names = list(statement.named_selects)
    return None if "*" in names else names


def _check_read_query(query: NamedQuery, folder: Path) -> None:
    if problem := _read_only_problem(query.sql):
        raise BadInput(
            f"{query.source}: query {query.name!r} {problem}; only single read-only SELECTs "
            f"belong in {folder}, statements that write in {folder / MUTATIONS_SUBDIR}"
        )
    columns = ", ".join(query.params) or "(none)"
    if not query.sample:
        raise BadInput(
            f"{query.source}: query {query.name!r} has no `-- sample:` line; add one that "
            f"returns rows with the columns {columns}"
        )
    if problem := _read_only_problem(query.sample):
        raise BadInput(f"{query.source}: the sample of query {query.name!r} {problem}")
    names = _sample_columns(query.sample)
    missing = [p for p in query.params if names is not None and p not in names]
    if missing:
        raise BadInput(
            f"{query.source}: the sample of query {query.name!r} returns no column "
            f"{', '.join(missing)}; name its output columns {columns} (AS ...)"
        )


def load_queries(queries_dir: Path | None = None) -> dict[str, NamedQuery]:
    """The read-only canonical queries, each one SELECT with a `-- sample:` naming its params."""
    folder = queries_dir or default_queries_dir()
    queries = load_dir(folder)
    for query in queries.values():
        _check_read_query(query, folder)
    return queries


def load_mutations(queries_dir: Path | None = None) -> dict[str, NamedQuery]:
    """The statements that write (and lock), from `<queries_dir>/mutations/*.sql`."""
    folder = (queries_dir or default_queries_dir()) / MUTATIONS_SUBDIR
    mutations = load_dir(folder)
    for query in mutations.values():
        if _parse_one(query.sql) is None:
            raise BadInput(
                f"{query.source}: query {query.name!r} holds more than one statement; "
                "give each its own `-- name:` block"
            )
    return mutations


def load_all(queries_dir: Path | None = None) -> dict[str, NamedQuery]:
    """Both kinds, as the storage layer needs them; a name used in both is refused."""
    folder = queries_dir or default_queries_dir()
    reads = load_queries(folder)
    writes = load_mutations(folder)
    for name, query in writes.items():
        if name in reads:
            raise BadInput(
                f"{query.source}: duplicate query name {name!r} "
                f"(first defined at {reads[name].source})"
            )
    return reads | writes
