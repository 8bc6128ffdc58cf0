"""Progress events of a seed, for a caller that shows them (the CLI, on stderr)."""

import enum
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Progress", "ProgressEvent", "Step"]


class Step(enum.Enum):
    COPY = "copy"  # name: table; done/total: rows
    INDEX = "index"  # name: index; done/total: indexes
    FOREIGN_KEY = "foreign key"  # name: constraint; done/total: foreign keys
    ANALYZE = "analyze"  # name: "" (all tables at once)


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    step: Step
    name: str
    done: int
    total: int


Progress = Callable[[ProgressEvent], None]
