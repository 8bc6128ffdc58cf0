"""A seed's work cut into jobs: what each does, what must be done before it, what it locks.

Jobs are values; `schedule.run_jobs` runs them on a few connections at once,
each in a transaction of its own (or all in one, on one connection).
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.seed.locks import Claim

__all__ = ["Job", "Phase", "Run", "Session"]


class Phase(enum.Enum):
    """What a job spends its time on, for the report's breakdown."""

    COPY = "copy"
    INDEXES = "indexes"
    FOREIGN_KEYS = "foreign keys"
    ANALYZE = "analyze"


@dataclass(frozen=True, slots=True)
class Session:
    """What a running job gets: its connection; how many seed connections sit idle
    while it runs (cores an index build may give to parallel maintenance workers);
    `mark(phase)`, which counts the job's time from then on to another phase."""

    conn: psycopg.Connection[Any]
    idle: int
    mark: Callable[[Phase], None]


Run = Callable[[Session], None]


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    phase: Phase
    run: Run
    cost: float = 1.0  # rows it writes or reads: longer chains of jobs start first
    needs: frozenset[str] = frozenset()  # names of the jobs that must be done before
    claims: tuple[Claim, ...] = ()  # the locks it takes
