"""The findings rules: one function per kind of finding, and `find_all` running them all.

Thresholds follow the plan visualisers DBAs already read: an estimate off by
10x, 100x, 1000x (depesz's colours for row estimates), a node with most of
the time (PEV2 and depesz mark the slowest node), spills and lossy bitmaps
whenever they happen. Rules on rows discarded only speak about scans that
read at least `MIN_ROWS_READ` rows, so a small table read whole (which is the
right plan) is never a finding.
"""

from collections.abc import Iterable, Iterator

from sqlglot import expressions as exp

from primedb.analyzers.plans.findings import Finding, FindingKind, Rule, Severity, sort_findings
from primedb.analyzers.plans.node import Plan, PlanNode
from primedb.analyzers.plans.statement import parse_statement

__all__ = ["RULES", "find_all"]

MIN_ROWS_READ = 1_000  # below this, discarding rows is cheaper than any index
LARGE_SCAN_ROWS = 10_000  # a sequential scan of at least this many rows is a large table's
SELECTIVE = 0.10  # a filter returning at most this share of the rows read is selective
REMOVED_WARN, REMOVED_INFO = 0.90, 0.50  # share of rows read that a filter discards
ESTIMATE_FACTORS = ((1000.0, Severity.CRITICAL), (100.0, Severity.WARNING), (10.0, Severity.INFO))
MIN_ESTIMATE_ROWS = 100  # estimates of a handful of rows are off by large factors harmlessly
LARGE_SORT_ROWS = 1_000
HEAP_FETCH_SHARE = 0.10  # of rows returned by an index-only scan
NESTED_LOOPS_WARN = 10  # a seq scan repeated this many times
HOT_SHARE = 0.50  # of execution time, in one node alone
HOT_MIN_MS = 1.0  # statements faster than this have no hot spot worth naming
LARGE_OFFSET = 1_000

SCANS = ("Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan")


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _pct(part: float, whole: float) -> str:
    share = 100.0 * part / whole if whole else 0.0
    return f"{share:.1f}%" if share < 10 else f"{share:.0f}%"


def _ancestors(plan: Plan) -> dict[int, tuple[PlanNode, ...]]:
    """Each node's ancestors, nearest first."""
    found: dict[int, tuple[PlanNode, ...]] = {}

    def visit(node: PlanNode, above: tuple[PlanNode, ...]) -> None:
        found[node.id] = above
        for child in node.children:
            visit(child, (node, *above))

    visit(plan.root, ())
    return found


def _selective_seq_scan(node: PlanNode) -> bool:
    return (
        node.node_type == "Seq Scan"
        and node.filter is not None
        and node.rows_read >= LARGE_SCAN_ROWS
        and node.rows <= SELECTIVE * node.rows_read
    )


def seq_scan_selective(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        if _selective_seq_scan(node):
            severity = Severity.CRITICAL if node.rows_read >= 1_000_000 else Severity.WARNING
            yield Finding(
                FindingKind.SEQ_SCAN_SELECTIVE,
                severity,
                node.id,
                f"Seq Scan on {node.relation} reads {_n(node.rows_read)} rows to return "
                f"{_n(node.rows)} ({_pct(node.rows, node.rows_read)}) through the filter "
                f"{node.filter}",
                "an index on the filtered columns reads only the rows returned; "
                "`primedb advise` proposes one and measures it",
            )


def rows_removed_by_filter(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        removed = (node.rows_removed_by_filter or 0.0) * node.loops
        read = node.rows + removed
        if read < MIN_ROWS_READ or _selective_seq_scan(node):
            continue
        share = removed / read
        if share <= REMOVED_INFO:
            continue
        yield Finding(
            FindingKind.ROWS_REMOVED_BY_FILTER,
            Severity.WARNING if share > REMOVED_WARN else Severity.INFO,
            node.id,
            f"{node.label} discards {_pct(removed, read)} of the rows it reads "
            f"({_n(removed)} of {_n(read)}) by the filter {node.filter}",
            "move the filtered columns into the index (after its equality columns), "
            "or make it a partial index when the filter is a constant",
        )


def estimate_off(plan: Plan, sql: str) -> Iterator[Finding]:
    ancestors = _ancestors(plan)
    for node in plan.nodes():
        if not node.executed:
            continue
        actual, estimated = node.actual_rows or 0.0, node.plan_rows
        if max(actual, estimated) * node.loops < MIN_ESTIMATE_ROWS:
            continue
        # Under a LIMIT a node stops early: fewer rows than estimated is the plan working.
        stopped_early = any(a.node_type == "Limit" for a in ancestors[node.id])
        if stopped_early and actual < estimated:
            continue
        factor = node.estimate_factor
        severity = next((s for limit, s in ESTIMATE_FACTORS if factor >= limit), None)
        if severity is None:
            continue
        way = "over" if estimated > actual else "under"
        yield Finding(
            FindingKind.ESTIMATE_OFF,
            severity,
            node.id,
            f"{node.label}: the planner expected {_n(estimated)} rows per loop and got "
            f"{_n(actual)} ({factor:,.0f}x {way}estimated)",
            "ANALYZE the tables involved; for correlated columns CREATE STATISTICS, and "
            "raise the column's statistics target (ALTER TABLE ... SET STATISTICS) for skewed data",
        )


def sort_spill(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        method = node.sort_method or ""
        if "external" in method or node.sort_space_type == "Disk":
            yield Finding(
                FindingKind.SORT_SPILL,
                Severity.WARNING,
                node.id,
                f"{node.label} spilled to disk ({method or 'disk'}, "
                f"{_n(node.sort_space_kb or 0)} kB)",
                "give this query more work_mem (SET LOCAL work_mem = ...), or let an index "
                "deliver the rows in order",
            )


def hash_spill(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        batches = max(node.hash_batches or 0, node.hashagg_batches or 0)
        if batches > 1 or (node.disk_usage_kb or 0) > 0:
            yield Finding(
                FindingKind.HASH_SPILL,
                Severity.WARNING,
                node.id,
                f"{node.label} ran in {_n(batches)} batches, spilling to disk"
                + (f" ({_n(node.disk_usage_kb)} kB)" if node.disk_usage_kb else ""),
                "raise work_mem (or hash_mem_multiplier) for this query, or filter earlier "
                "so fewer rows are hashed",
            )


def sort_under_limit(plan: Plan, sql: str) -> Iterator[Finding]:
    ancestors = _ancestors(plan)
    for node in plan.nodes():
        if node.node_type != "Sort":
            continue
        above = [a for a in ancestors[node.id] if a.node_type not in ("Gather Merge", "Result")]
        if not above or above[0].node_type != "Limit":
            continue
        sorted_rows = sum(c.rows for c in node.children)
        kept = above[0].rows
        if plan.analyzed and sorted_rows <= kept:
            continue  # the LIMIT kept every row: an index order would save nothing
        yield Finding(
            FindingKind.SORT_UNDER_LIMIT,
            Severity.WARNING if sorted_rows >= LARGE_SORT_ROWS else Severity.INFO,
            node.id,
            f"{node.label} orders {_n(sorted_rows)} rows to keep the first {_n(kept)} "
            f"(LIMIT), by {', '.join(node.sort_key)}",
            "an index whose keys are the equality columns then the sort key, in its "
            "direction, returns rows already in order and stops after the LIMIT",
        )


def heap_fetches(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        fetches = node.heap_fetches or 0
        if node.node_type != "Index Only Scan" or fetches == 0:
            continue
        share = fetches / max(node.rows, 1.0)
        if share < HEAP_FETCH_SHARE:
            continue
        yield Finding(
            FindingKind.HEAP_FETCHES,
            Severity.WARNING if share >= 0.5 else Severity.INFO,
            node.id,
            f"{node.label} still visited the table for {_n(fetches)} of its {_n(node.rows)} "
            "rows (heap fetches): pages not marked all-visible",
            f"VACUUM {node.relation} so its visibility map lets the scan skip the table; "
            "check that autovacuum keeps up with its writes",
        )


def lossy_bitmap(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        if (node.lossy_heap_blocks or 0) > 0:
            yield Finding(
                FindingKind.LOSSY_BITMAP,
                Severity.WARNING,
                node.id,
                f"{node.label} went lossy on {_n(node.lossy_heap_blocks or 0)} blocks: "
                f"every row of them was rechecked ({_n(node.rows_removed_by_index_recheck or 0)} "
                "discarded per loop)",
                "raise work_mem so the bitmap keeps one bit per row, or use a more selective index",
            )


def index_recheck(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        if (node.lossy_heap_blocks or 0) > 0:
            continue  # said by lossy_bitmap
        removed = (node.rows_removed_by_index_recheck or 0.0) * node.loops
        read = node.rows + removed
        if read < MIN_ROWS_READ or removed <= REMOVED_INFO * read:
            continue
        yield Finding(
            FindingKind.INDEX_RECHECK,
            Severity.WARNING if removed > REMOVED_WARN * read else Severity.INFO,
            node.id,
            f"{node.label} fetched {_n(read)} rows by its index and discarded {_n(removed)} "
            f"on recheck of {node.recheck_cond}",
            "the index is not precise for this condition (a lossy operator class such as "
            "GIN jsonb_ops or a BRIN range): use a more exact index",
        )


def nested_loop_seq_scan(plan: Plan, sql: str) -> Iterator[Finding]:
    for node in plan.nodes():
        if node.node_type != "Nested Loop" or len(node.children) < 2:
            continue
        inner = node.children[1]
        for _, below in inner.walk():
            if below.node_type != "Seq Scan" or below.loops < NESTED_LOOPS_WARN:
                continue
            read = below.rows_read
            yield Finding(
                FindingKind.NESTED_LOOP_SEQ_SCAN,
                Severity.CRITICAL if read >= 1_000_000 else Severity.WARNING,
                below.id,
                f"Nested Loop (node {node.id}) reads {below.relation} whole "
                f"{_n(below.loops)} times, {_n(read)} rows in all",
                f"index the join column of {below.relation} so each loop is one index probe",
            )


def offset_pagination(plan: Plan, sql: str) -> Iterator[Finding]:
    statement = parse_statement(sql)
    if not isinstance(statement, exp.Query) or statement.args.get("offset") is None:
        return
    limit = next((n for n in plan.nodes() if n.node_type == "Limit"), None)
    node_id = limit.id if limit else plan.root.id
    skipped = 0.0
    if limit is not None and limit.children:
        skipped = max(sum(c.rows for c in limit.children) - limit.rows, 0.0)
    yield Finding(
        FindingKind.OFFSET_PAGINATION,
        Severity.WARNING if skipped >= LARGE_OFFSET else Severity.INFO,
        node_id,
        f"OFFSET pagination: {_n(skipped)} rows were read and thrown away to reach the page; "
        "every later page reads more",
        "use a keyset page: remember the last row's sort key and ask for "
        "WHERE (created_at, id) < (%(last_at)s, %(last_id)s) ORDER BY created_at DESC, id DESC "
        "LIMIT n, served by an index on the same key",
    )


def hot_node(plan: Plan, sql: str) -> Iterator[Finding]:
    total = plan.execution_ms or 0.0
    if total < HOT_MIN_MS:
        return
    for node in plan.nodes():
        share = node.exclusive_ms / total
        if share > HOT_SHARE:
            yield Finding(
                FindingKind.HOT_NODE,
                Severity.INFO,
                node.id,
                f"{node.label} takes {_pct(node.exclusive_ms, total)} of the execution time "
                f"({node.exclusive_ms:,.1f} of {total:,.1f} ms) by itself",
                "this node is where the time goes; the other findings on it say why",
            )


RULES: tuple[Rule, ...] = (
    seq_scan_selective,
    rows_removed_by_filter,
    estimate_off,
    sort_spill,
    hash_spill,
    sort_under_limit,
    heap_fetches,
    lossy_bitmap,
    index_recheck,
    nested_loop_seq_scan,
    offset_pagination,
    hot_node,
)


def find_all(plan: Plan, sql: str = "", rules: Iterable[Rule] = RULES) -> tuple[Finding, ...]:
    """Every finding of every rule on `plan` (whose statement is `sql`), worst first."""
    return sort_findings(finding for rule in rules for finding in rule(plan, sql))
