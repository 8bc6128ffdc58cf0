"""The whole page, as the template reads it: the header, then every section the results allow.

A section is there when its results are: the queries with `explain` (or the
advice's or the demo's figures), the advice with `advise`, the audit with
`audit`, the benchmark with `bench`, the schema and the pipeline's steps with
the demo. `charts` lists the id of every chart drawn, in page order, so a
reader (or a test) can tell that each one made it into the page.
"""

from dataclasses import dataclass

from primedb import __version__
from primedb.report.inputs import Results
from primedb.report.sections import (
    AdviceView,
    AuditView,
    BenchView,
    QueryView,
    SchemaView,
    Summary,
    advice_section,
    audit_section,
    bench_section,
    query_sections,
    schema_section,
    summary_section,
)

__all__ = ["Page", "build_page"]


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    meta: tuple[tuple[str, str], ...]  # (what, value) lines under the title
    summary: Summary
    queries: tuple[QueryView, ...]
    advice: AdviceView | None
    audit: AuditView | None
    bench: BenchView | None
    schema: SchemaView | None
    version: str

    @property
    def charts(self) -> tuple[str, ...]:
        ids = ["chart-overview"] if self.summary.chart else []
        ids += [q.chart_id for q in self.queries if q.chart]
        ids += ["chart-audit"] if self.audit and self.audit.chart else []
        ids += ["chart-bench"] if self.bench and self.bench.chart else []
        return tuple(ids)


def _meta(results: Results) -> tuple[tuple[str, str], ...]:
    demo = results.demo or {}
    out = []
    if demo.get("database"):
        out.append(("database", str(demo["database"])))
    server = demo.get("server") or {}
    if server.get("version"):
        extensions = ", ".join(server.get("extensions_installed") or ()) or "none"
        out.append(("server", f"PostgreSQL {server['version']}; extensions {extensions}"))
    settings = demo.get("settings") or {}
    if settings:
        out.append(("data", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in settings.items())))
    if demo.get("generated_at"):
        out.append(("generated", str(demo["generated_at"])))
    out.append(("from", ", ".join(results.sources) or "-"))
    return tuple(out)


def build_page(results: Results) -> Page:
    """Every section of `results`, computed once, charts drawn."""
    queries = query_sections(results)
    advice = advice_section(results)
    audit = audit_section(results)
    bench = bench_section(results)
    demo = results.demo is not None
    return Page(
        title="primedb: the main job" if demo else "primedb report",
        meta=_meta(results),
        summary=summary_section(results, queries, advice, audit, bench),
        queries=tuple(queries),
        advice=advice,
        audit=audit,
        bench=bench,
        schema=schema_section(results),
        version=__version__,
    )
