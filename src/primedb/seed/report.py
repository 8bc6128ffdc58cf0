"""What a seed did: rows per table, seconds per phase, rows per second.

Phases overlap when the seed runs on several connections (an index builds
while another table loads): a phase's `seconds` run from its first job's
start to its last job's end, its `busy` seconds add up its jobs' times (the
seconds of backends it kept busy).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from primedb.texttable import table

__all__ = ["PhaseReport", "SeedReport", "TableReport"]


@dataclass(frozen=True, slots=True)
class TableReport:
    table: str
    rows: int
    seconds: float  # COPY, including waiting for the encoder


@dataclass(frozen=True, slots=True)
class PhaseReport:
    phase: str  # prepare, copy, indexes, foreign keys, commit, analyze
    seconds: float  # from its start to its end
    busy: float  # its jobs' seconds, added up


@dataclass(frozen=True, slots=True)
class SeedReport:
    scale: float
    seed: int
    as_of: date  # the first day of the month the data ends before
    tables: tuple[TableReport, ...]
    phases: tuple[PhaseReport, ...]
    total_seconds: float
    connections: int = 1

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.total_seconds if self.total_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "rows": self.rows,
            "seconds": round(self.total_seconds, 3),
            "rows_per_second": round(self.rows_per_second),
            "connections": self.connections,
            "tables": [
                {"table": t.table, "rows": t.rows, "seconds": round(t.seconds, 3)}
                for t in self.tables
            ],
            "phases": [
                {"phase": p.phase, "seconds": round(p.seconds, 3), "busy": round(p.busy, 3)}
                for p in self.phases
            ],
        }

    def as_text(self) -> str:
        rows = [
            {"table": t.table, "rows": t.rows, "seconds": f"{t.seconds:.2f}"} for t in self.tables
        ]
        phases = ", ".join(f"{p.phase} {p.seconds:.2f} s" for p in self.phases)
        if self.connections > 1:
            phases += f" (on {self.connections} connections: phases overlap)"
        return "\n".join(
            [
                table(rows),
                "",
                f"seeded {self.rows} rows in {self.total_seconds:.2f} s "
                f"({self.rows_per_second:,.0f} rows/s); scale {self.scale:g}, seed {self.seed}, "
                f"as of {self.as_of:%Y-%m}",
                phases,
            ]
        )
