"""Step 5: index advice on a copy holding only the indexes its constraints need, checked
against `schema/`'s own indexes by real builds.

The toolkit proves itself on its own schema: the demo's database is copied,
every index no constraint needs is dropped from the copy (what is left is
what the schema cannot do without), and `primedb advise` runs there on the
canonical queries. The indexes it advises are then built on the copy for
real, and every parameter set of every query is measured three ways, each a
warm-up then the median of the runs: on the copy before the advice
(constraints only), on the demo's database (`schema/`'s own indexes), and on
the copy with the advice built. The rows must agree everywhere; the buffers
say how close the advice comes to `schema/`. Each of `schema/`'s dropped
indexes is matched with the advice, key directions aside: the same (same
keys and predicate), covered (an advised index leads with its keys, with its
predicate or none), partly (they share their first key), or not at all; and
whether the queries read it at all on `schema/`'s database (the others serve
foreign keys, or queries outside `queries/`). The copy is dropped at the end.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from primedb.analyzers.advice.advisor import AdviseSettings, advise
from primedb.analyzers.advice.baseline import drop_optional_indexes
from primedb.analyzers.advice.catalog import ExistingIndex, read_catalog
from primedb.analyzers.advice.report import AdviceReport, AdvisedIndex
from primedb.analyzers.advice.spec import IndexSpec, normal_sql
from primedb.analyzers.advice.verify import VerifyMode
from primedb.analyzers.workload import Case, measure, named_cases
from primedb.demo.context import DemoContext
from primedb.demo.pipeline import Outcome
from primedb.pg import connect, create_database, drop_database
from primedb.queries import load_mutations, load_queries

__all__ = ["Advised", "advise_step", "match_indexes"]

VACUUM_ANALYZE = "VACUUM (ANALYZE)"
# Each index of a partition, with the partitioned index it is attached to.
INDEX_PARENTS = """
SELECT c.relname, p.relname
FROM pg_catalog.pg_inherits AS i
JOIN pg_catalog.pg_class AS c ON c.oid = i.inhrelid
JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
WHERE c.relkind = 'i'
"""
Figures = dict[str, Any]  # execution_ms, buffers, rows
Measured = tuple[dict[tuple[str, str], Figures], frozenset[str]]  # per case; indexes read


@dataclass(frozen=True, slots=True)
class Match:
    index: str
    definition: str
    advised: str | None
    match: str  # same, covered, partly, none
    read: bool  # a canonical query's plan reads it on schema/'s database

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "definition": self.definition,
            "advised": self.advised,
            "match": self.match,
            "read_by_queries": self.read,
        }


@dataclass(frozen=True, slots=True)
class Advised:
    report: AdviceReport
    copy: str
    matches: tuple[Match, ...]
    cases: tuple[dict[str, Any], ...]  # name, sample, constraints, schema, advised figures

    def parts(self) -> dict[str, Any]:
        """`primedb advise`'s own JSON, and the comparison with `schema/`'s indexes."""
        return {"advise": self.report.as_dict(), "advice_check": self.check_dict()}

    def disagreements(self) -> list[str]:
        """The cases whose rows differ between the three databases: none is expected."""
        return [
            f"{c['name']} [{c['sample']}]"
            for c in self.cases
            if len({c[k]["rows"] for k in ("constraints", "schema", "advised")}) > 1
        ]

    def check_dict(self) -> dict[str, Any]:
        """The comparison with `schema/`'s own indexes."""
        advised = {m.advised for m in self.matches if m.advised}
        return {
            "copy": self.copy,
            "dropped": [m.index for m in self.matches],
            "matches": [m.as_dict() for m in self.matches],
            "extra": [i.name for i in self.report.indexes if i.name not in advised],
            "cases": list(self.cases),
            "rows_disagree": self.disagreements(),
        }

    def summary(self) -> str:
        read = [m for m in self.matches if m.read]
        found = sum(1 for m in read if m.match in ("same", "covered"))
        n = len(self.report.indexes)
        return (
            f"{n} index{'es' if n != 1 else ''} advised, built, measured; the advice finds "
            f"{found} of the {len(read)} schema/ indexes the queries read"
        )

    def highlights(self) -> list[str]:
        if not self.report.indexes:
            return []
        lines = ["advice, verified by real builds (buffers before -> after):"]
        for index in self.report.indexes:
            lines.append(f"  {index.definition};")
            lines.extend(
                f"    {s.name} [{s.sample}]: {s.before.buffers} -> {s.after.buffers}"
                for s in index.served[:2]
            )
        return lines

    def findings(self) -> bool:
        return bool(self.disagreements())


def _keys(spec: IndexSpec) -> list[str]:
    """The key expressions in order, directions left out: a key read forward or backward,
    or an equality column in either direction, serves the same searches."""
    return [normal_sql(k.expression) for k in spec.keys]


def _match(schema: IndexSpec, advised: IndexSpec) -> str:
    """How `advised` stands for `schema`: same, covered, partly or none (see the docstring)."""
    if (schema.schema, schema.table) != (advised.schema, advised.table):
        return "none"
    mine, theirs = _keys(schema), _keys(advised)
    same_where = schema.normal_where == advised.normal_where
    if mine == theirs and same_where:
        return "same"
    if theirs[: len(mine)] == mine and (same_where or advised.where is None):
        return "covered"
    if mine[: len(theirs)] == theirs or mine[0] == theirs[0]:
        return "partly"
    return "none"


def match_indexes(
    dropped: Sequence[ExistingIndex], advised: Sequence[AdvisedIndex], read: frozenset[str]
) -> tuple[Match, ...]:
    """How each index of `schema/` the copy lost is found again by the advice (best first);
    `read` names the ones the canonical queries read on `schema/`'s database."""
    order = ("same", "covered", "partly", "none")
    out = []
    for index in dropped:
        kinds = [(_match(index.spec, a.spec), a.name) for a in advised]
        kind, name = min(kinds, key=lambda k: order.index(k[0]), default=("none", None))
        out.append(
            Match(
                index.name,
                index.spec.definition(index.name),
                None if kind == "none" else name,
                kind,
                index.name in read,
            )
        )
    return tuple(out)


def _figures(dsn: str, cases: Sequence[Case], runs: int) -> Measured:
    """Each case measured on `dsn`, and the indexes their plans read (partitioned ones by the
    parent's name, which is the one `schema/` gives)."""
    with connect(dsn, autocommit=True) as conn:
        parents = dict(conn.execute(INDEX_PARENTS).fetchall())
        out: dict[tuple[str, str], Figures] = {}
        read: set[str] = set()
        for case in cases:
            m = measure(conn, case, runs=runs)
            out[case.key] = {
                "execution_ms": round(m.execution_ms, 3),
                "buffers": m.buffers,
                "rows": m.rows,
            }
            read.update(parents.get(name, name) for name in m.plan.indexes_used())
        return out, frozenset(read)


def advise_step(context: DemoContext, done: Mapping[str, Outcome]) -> Advised:
    settings = context.settings
    queries = load_queries(settings.queries_dir)
    mutations_dir = settings.queries_dir / "mutations"
    mutations = (
        list(load_mutations(settings.queries_dir).values()) if mutations_dir.is_dir() else []
    )
    name = context.copy_name("constraints")
    drop_database(context.server_dsn, name)  # a leftover of an interrupted run
    copy = create_database(context.server_dsn, name, template=settings.database)
    try:
        with connect(copy) as conn:
            optional = {i.name: i for i in read_catalog(conn).indexes}
            dropped = [optional[n] for n in drop_optional_indexes(conn)]
        with connect(copy, autocommit=True) as conn:
            conn.execute(VACUUM_ANALYZE)
            cases = named_cases(conn, queries.values())
        before, _ = _figures(copy, cases, settings.runs)
        report = advise(
            copy,
            cases,
            mutations=mutations,
            settings=AdviseSettings(verify=VerifyMode.COPY, runs=settings.runs),
        )
        with connect(copy, autocommit=True) as conn:
            for index in report.indexes:
                conn.execute(index.definition)
            conn.execute(VACUUM_ANALYZE)
        after, _ = _figures(copy, cases, settings.runs)
        schema, read = _figures(context.dsn, cases, settings.runs)
    finally:
        drop_database(context.server_dsn, name)
    rows = tuple(
        {
            "name": case.query.name,
            "sample": case.sample,
            "constraints": before[case.key],
            "schema": schema[case.key],
            "advised": after[case.key],
        }
        for case in cases
    )
    return Advised(report, name, match_indexes(dropped, report.indexes, read), rows)
