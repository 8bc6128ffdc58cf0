"""Plans: the typed tree of EXPLAIN's JSON, and the findings read from it.

`read_plan(document)` turns the output of `EXPLAIN (ANALYZE, BUFFERS, FORMAT
JSON)` (or plain EXPLAIN) into a `Plan`: a tree of `PlanNode`s in tree order,
with `Plan.shape()`, `relations()`, `indexes_used()` and `buffers` for those
who compare plans.
"""

from primedb.analyzers.plans.node import Buffers, NodeShape, Plan, PlanNode
from primedb.analyzers.plans.read import read_plan

__all__ = ["Buffers", "NodeShape", "Plan", "PlanNode", "read_plan"]
