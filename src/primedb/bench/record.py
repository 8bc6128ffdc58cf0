"""What one case measured, as a baseline stores it and the gate compares it.

A record is the case's key (query, sample), the parameters its sample gave,
the figures that repeat exactly on the same data (rows and their checksum,
the plan's shape, shared buffers) and the server's execution times, which do
not. In a baseline file it is the `extra_info` of one pytest-benchmark entry,
so `pytest-benchmark compare` shows the same file `primedb bench` reads.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from primedb.analyzers.plans import NodeShape
from primedb.bench.measure import Measurement
from primedb.bench.shapes import shape_from_data, shape_to_data, summarize_shape
from primedb.errors import BadInput

__all__ = ["Record", "jsonable"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    query: str
    sample: str
    params: Mapping[str, Any] = field(default_factory=dict)  # as JSON gives them back
    rows: int
    checksum: str
    shape: tuple[NodeShape, ...]
    shared_hit: int
    shared_read: int
    median_ms: float
    min_ms: float
    execution_ms: tuple[float, ...] = ()  # every round, when known
    unstable: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.query, self.sample)

    @property
    def label(self) -> str:
        return f"{self.query}[{self.sample}]"

    @property
    def buffers(self) -> int:
        return self.shared_hit + self.shared_read

    @property
    def summary(self) -> str:
        return summarize_shape(self.shape)

    @classmethod
    def of(cls, measurement: Measurement) -> "Record":
        case = measurement.case
        return cls(
            query=case.query.name,
            sample=case.sample.value,
            params={k: jsonable(v) for k, v in case.params.items()},
            rows=measurement.rows,
            checksum=measurement.checksum,
            shape=measurement.shape,
            shared_hit=measurement.shared_hit,
            shared_read=measurement.shared_read,
            median_ms=measurement.median_ms,
            min_ms=measurement.min_ms,
            execution_ms=measurement.execution_ms,
            unstable=measurement.unstable,
        )

    def extra_info(self) -> dict[str, Any]:
        """The record as pytest-benchmark's `extra_info` of its entry."""
        info: dict[str, Any] = {
            "query": self.query,
            "sample": self.sample,
            "params": dict(self.params),
            "rows": self.rows,
            "checksum": self.checksum,
            "buffers": self.buffers,
            "shared_hit": self.shared_hit,
            "shared_read": self.shared_read,
            "execution_ms": {"median": round(self.median_ms, 4), "min": round(self.min_ms, 4)},
            "plan": self.summary,
            "shape": shape_to_data(self.shape),
        }
        if self.unstable:
            info["unstable"] = self.unstable
        return info

    @classmethod
    def from_extra_info(cls, info: Mapping[str, Any], where: str) -> "Record":
        """A record read back from a baseline entry; `where` names the entry in errors."""
        try:
            times = info["execution_ms"]
            return cls(
                query=str(info["query"]),
                sample=str(info["sample"]),
                params=dict(info.get("params") or {}),
                rows=int(info["rows"]),
                checksum=str(info["checksum"]),
                shape=shape_from_data(info["shape"], where),
                shared_hit=int(info["shared_hit"]),
                shared_read=int(info["shared_read"]),
                median_ms=float(times["median"]),
                min_ms=float(times["min"]),
                unstable=info.get("unstable"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BadInput(
                f"{where}: not a primedb benchmark record (missing or bad {exc}); save the "
                "baseline with primedb bench --save or the suite of benchmarks/queries/"
            ) from exc


def jsonable(value: Any) -> Any:
    """A parameter value as JSON holds it: numbers, text, booleans; the rest as text."""
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
