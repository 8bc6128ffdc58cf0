"""The advice as `primedb advise` reports it: per index, how to build it and what it buys.

For each advised index: the statement that builds it online (`CREATE INDEX
CONCURRENTLY`, or for a partitioned table the per-partition recipe, since
PostgreSQL cannot build a partitioned index concurrently), its plain
definition (what `schema/` holds), its size (real when verified, else
HypoPG's estimate), its write cost, the queries it serves with their figures
before and after, and whether it was verified. Then what was rejected and why.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from primedb.analyzers.advice.spec import IndexSpec
from primedb.analyzers.advice.verify import Figures, VerifyMode
from primedb.analyzers.advice.writecost import WriteCost
from primedb.texttable import table

__all__ = ["AdviceReport", "AdvisedIndex", "Rejected", "Served", "online_statements"]


def online_statements(
    name: str, spec: IndexSpec, partitions: tuple[str, ...], partitioned: bool
) -> tuple[str, ...]:
    """How to build the index on a live database without blocking writes."""
    if not partitioned:
        return (spec.definition(name, concurrently=True) + ";",)
    steps = [spec.definition(name, only=True) + ";"]
    for partition in partitions:
        part = IndexSpec(spec.schema, partition, spec.keys, spec.include, spec.where)
        part_name = part.default_name()
        steps.append(part.definition(part_name, concurrently=True) + ";")
        steps.append(f"ALTER INDEX {name} ATTACH PARTITION {part_name};")
    return tuple(steps)


@dataclass(frozen=True, slots=True)
class Served:
    """A case an index serves, with its figures without and with it."""

    name: str
    sample: str
    before: Figures
    after: Figures

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sample": self.sample,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class AdvisedIndex:
    name: str
    spec: IndexSpec
    statements: tuple[str, ...]  # to build it online
    size_bytes: int
    size_measured: bool  # False: HypoPG's estimate
    write_cost: WriteCost
    served: tuple[Served, ...]
    verified: bool
    replaces: tuple[str, ...] = ()  # existing indexes it makes redundant (the audit's rules)

    @property
    def definition(self) -> str:
        return self.spec.definition(self.name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "table": self.spec.table,
            "schema": self.spec.schema,
            "definition": "\n".join(self.statements),
            "schema_definition": self.definition + ";",
            "method": self.spec.method,
            "columns": self.spec.columns_written(),
            "include": list(self.spec.include),
            "where": self.spec.where,
            "size_bytes": self.size_bytes,
            "size_source": "built" if self.size_measured else "hypopg estimate",
            "write_overhead": self.write_cost.as_dict(),
            "queries": [s.as_dict() for s in self.served],
            "verified": self.verified,
            "replaces": list(self.replaces),
        }

    def as_text(self) -> str:
        size = f"{self.size_bytes / 1048576:.1f} MB" if self.size_bytes else "?"
        lines = [
            f"{self.name} on {self.spec.table}: "
            + ("verified" if self.verified else "not verified")
            + f", {size} ({'built' if self.size_measured else 'HypoPG estimate'}), "
            + self.write_cost.as_text(),
            *(f"  {s}" for s in self.statements[:3]),
        ]
        if self.replaces:
            lines.append(
                f"  makes {', '.join(self.replaces)} redundant: drop it once this one is built"
            )
        if len(self.statements) > 3:
            parts = (len(self.statements) - 1) // 2
            lines.append(f"  ... the same for each of its {parts} partitions (see --format json)")
        rows = [_served_row(s) for s in self.served]
        lines.extend("  " + line for line in table(rows).splitlines())
        return "\n".join(lines)


def _served_row(served: Served) -> dict[str, str]:
    b, a = served.before, served.after
    if b.buffers is not None and a.buffers is not None:
        return {
            "query": served.name,
            "sample": served.sample,
            "ms before": f"{b.execution_ms:.2f}",
            "ms after": f"{a.execution_ms:.2f}",
            "buffers before": f"{b.buffers:,}",
            "buffers after": f"{a.buffers:,}",
        }
    return {
        "query": served.name,
        "sample": served.sample,
        "cost before": f"{b.cost:,.1f}",
        "cost after": f"{a.cost:,.1f}",
    }


@dataclass(frozen=True, slots=True)
class Rejected:
    definition: str
    why: str
    verification: bool = False  # rejected by a real build, not by what-if

    def as_dict(self) -> dict[str, Any]:
        return {"definition": self.definition, "why": self.why}


@dataclass(frozen=True, slots=True)
class AdviceReport:
    indexes: tuple[AdvisedIndex, ...]
    rejected: tuple[Rejected, ...]
    whatif: str  # "hypopg" or "real builds"
    verification: VerifyMode
    cases: int
    candidates: int
    screened_per_second: float
    costings: int
    seconds: float
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "indexes": [i.as_dict() for i in self.indexes],
            "rejected": [r.as_dict() for r in self.rejected],
            "whatif": self.whatif,
            "verification": self.verification.value,
            "cases": self.cases,
            "candidates": self.candidates,
            "candidates_screened_per_second": round(self.screened_per_second, 1),
            "plans_costed": self.costings,
            "seconds": round(self.seconds, 2),
            "notes": list(self.notes),
        }

    def as_text(self) -> str:
        head = (
            f"{len(self.indexes)} index(es) advised for {self.cases} parameter sets; "
            f"{self.candidates} candidates screened by {self.whatif} "
            f"({self.screened_per_second:,.0f}/s), {self.costings:,} plans costed; "
            f"verification: {self.verification.value}; {self.seconds:.1f} s"
        )
        parts = [head, *self.notes, *(i.as_text() for i in self.indexes)]
        built = [r for r in self.rejected if r.verification]
        if built:
            parts.append(
                "\n".join(
                    ["rejected after a real build:", *(f"  {r.definition}: {r.why}" for r in built)]
                )
            )
        reasons = Counter(r.why for r in self.rejected if not r.verification)
        if reasons:
            parts.append(
                "other candidates left out: "
                + "; ".join(f"{n} {why}" for why, n in sorted(reasons.items(), key=lambda x: -x[1]))
            )
        return "\n\n".join(parts)
