"""Deterministic synthetic PrimeCloudProV2 data at a chosen scale, loaded with binary COPY."""

from primedb.seed.generate import plan, seed_database
from primedb.seed.progress import Progress, ProgressEvent, Step
from primedb.seed.report import PhaseReport, SeedReport, TableReport

__all__ = [
    "PhaseReport",
    "Progress",
    "ProgressEvent",
    "SeedReport",
    "Step",
    "TableReport",
    "plan",
    "seed_database",
]
