"""The main job, end to end: the pipeline `primedb demo` runs, step by step (see `run`)."""

from primedb.demo.context import DemoContext, DemoSettings
from primedb.demo.pipeline import Outcome, Status, Step
from primedb.demo.result import DemoResult
from primedb.demo.run import run_demo

__all__ = ["DemoContext", "DemoResult", "DemoSettings", "Outcome", "Status", "Step", "run_demo"]
