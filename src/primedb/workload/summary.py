"""What a workload run did: throughput, exact latency percentiles per named query, errors."""

from dataclasses import dataclass
from typing import Any

from primedb.texttable import table

__all__ = ["QueryFigures", "WorkloadSummary", "percentile"]


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass(frozen=True, slots=True)
class QueryFigures:
    query: str
    count: int
    errors: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class WorkloadSummary:
    seconds: float
    concurrency: int
    operations: int
    refused: int  # operations the storage layer refused (a conflict, a rule): counted, not fatal
    queries: tuple[QueryFigures, ...]
    error_classes: tuple[tuple[str, int], ...]  # SQLSTATE class -> failed statements
    refusals: tuple[tuple[str, int], ...]  # storage error type -> operations

    @property
    def operations_per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    @property
    def statements(self) -> int:
        return sum(q.count for q in self.queries)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3),
            "concurrency": self.concurrency,
            "operations": self.operations,
            "operations_per_second": round(self.operations_per_second, 1),
            "statements": self.statements,
            "refused": self.refused,
            "queries": [
                {
                    "query": q.query,
                    "count": q.count,
                    "errors": q.errors,
                    "p50_ms": round(q.p50_ms, 3),
                    "p99_ms": round(q.p99_ms, 3),
                }
                for q in self.queries
            ],
            "errors_by_sqlstate_class": dict(self.error_classes),
            "refusals": dict(self.refusals),
        }

    def as_text(self) -> str:
        head = (
            f"{self.operations:,} operations in {self.seconds:.1f} s with {self.concurrency} "
            f"workers: {self.operations_per_second:,.0f} operations/s, "
            f"{self.statements:,} statements, {self.refused:,} refused"
        )
        rows = [
            {
                "query": q.query,
                "count": f"{q.count:,}",
                "errors": q.errors,
                "p50 ms": f"{q.p50_ms:.2f}",
                "p99 ms": f"{q.p99_ms:.2f}",
            }
            for q in self.queries
        ]
        parts = [head, "", table(rows)]
        if self.error_classes:
            classes = ", ".join(f"{code}: {n}" for code, n in self.error_classes)
            parts += ["", f"errors by SQLSTATE class: {classes}"]
        if self.refusals:
            kinds = ", ".join(f"{kind}: {n}" for kind, n in self.refusals)
            parts.append(f"refused operations: {kinds}")
        return "\n".join(parts)
