"""A plan as an indented text tree: per node its share of the time, rows, loops and buffers.

One line per node, indented by depth, numbered like the findings that point
at it: the share of the execution time spent in the node itself, its rows
(actual over all loops, and the planner's estimate), its loops and the shared
buffers it and its children hit and read. Without ANALYZE only the estimates
and costs are shown.
"""

from primedb.analyzers.plans.node import Plan
from primedb.texttable import table

__all__ = ["plan_tree"]


def plan_tree(plan: Plan) -> str:
    """The text tree of `plan`."""
    total = plan.execution_ms or 0.0
    rows = []
    for depth, node in plan.root.walk():
        label = "  " * depth + f"#{node.id} {node.label}"
        if not plan.analyzed:
            rows.append(
                {
                    "node": label,
                    "rows (est)": f"{node.plan_rows:,.0f}",
                    "cost": f"{node.total_cost:,.2f}",
                }
            )
            continue
        share = 100.0 * node.exclusive_ms / total if total else 0.0
        rows.append(
            {
                "node": label,
                "time": f"{share:.0f}%" if node.executed else "never ran",
                "rows (est)": f"{node.rows:,.0f} ({node.estimated_rows:,.0f})",
                "loops": f"{node.loops:,}",
                "hit": f"{node.buffers.shared_hit:,}",
                "read": f"{node.buffers.shared_read:,}",
            }
        )
    return table(rows)
