"""The report's sections, one module each: summary, queries, advice, audit, bench, schema."""

from primedb.report.sections.advice import AdviceView, advice_section
from primedb.report.sections.audit import AuditView, audit_section
from primedb.report.sections.bench import BenchView, bench_section
from primedb.report.sections.queries import QueryView, query_sections
from primedb.report.sections.schema import SchemaView, schema_section
from primedb.report.sections.summary import Summary, summary_section

__all__ = [
    "AdviceView",
    "AuditView",
    "BenchView",
    "QueryView",
    "SchemaView",
    "Summary",
    "advice_section",
    "audit_section",
    "bench_section",
    "query_sections",
    "schema_section",
    "summary_section",
]
