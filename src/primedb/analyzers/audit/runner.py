"""Run checks on an open connection: each check's rows become findings with evidence and a fix.

Everything runs in a savepoint (or a transaction, when none is open) that is
rolled back, so the caller's transaction is read as it stands, uncommitted
indexes included, and left as it was. A check whose statistics the database
cannot give is skipped with the reason, never silently.
"""

import datetime as dt
import logging
import time
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import psycopg
from psycopg.rows import dict_row

from primedb.analyzers.audit.checks import Check, Needs, default_checks, select_checks
from primedb.analyzers.audit.fixes import REQUIRED_COLUMNS, build_fix
from primedb.analyzers.audit.result import (
    AuditResult,
    Finding,
    Skipped,
    StatisticsState,
    Suppressed,
)
from primedb.analyzers.audit.settings import AuditSettings, Excuse, Suppressions
from primedb.analyzers.audit.words import fill, format_age, template_fields
from primedb.errors import BadInput, UsageError
from primedb.migrations.bookkeeping import bookkeeping_names
from primedb.sqlfiles import NamedQuery, package_queries

__all__ = ["run_checks"]

log = logging.getLogger("primedb")

_RESERVED = frozenset({"table_name", "objects", "freed_bytes"})
_AUX = ("fix_", "msg_")  # what only the fix or only the message reads: not evidence


@cache
def _queries() -> dict[str, NamedQuery]:
    # Parsed by the test suite, not at each start (as the catalog's own queries).
    return package_queries("primedb.analyzers.audit", check=False)


_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """A value of a row as JSON can hold it."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _finding(check: Check, row: Mapping[str, Any]) -> Finding:
    plain = {k: _plain(v) for k, v in row.items()}
    freed = plain.get("freed_bytes")
    return Finding(
        check=check.name,
        severity=check.severity,
        table=plain.get("table_name"),
        objects=tuple(plain.get("objects") or ()),
        message=fill(check.message, plain),
        evidence={k: v for k, v in plain.items() if k not in _RESERVED and not k.startswith(_AUX)},
        fix=build_fix(check.fix, plain),
        freed_bytes=None if freed is None else int(freed),
    )


def _run_one(
    cur: psycopg.Cursor[dict[str, Any]], check: Check, params: Mapping[str, Any]
) -> list[Finding]:
    try:
        cur.execute(check.sql.rstrip().rstrip(";"), params)
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(
            f"{check.source}: check {check.name} failed: {detail}; fix the check's SQL"
        ) from exc
    _check_columns(check, {c.name for c in cur.description or ()})
    # The migrations' bookkeeping (alembic_version, the journal) is not the schema audited.
    skip = bookkeeping_names()
    return [_finding(check, row) for row in cur.fetchall() if row.get("table_name") not in skip]


def _check_columns(check: Check, columns: set[str]) -> None:
    """The row contract: table_name, objects, what the fix and the message read."""
    needed = (
        {"table_name", "objects"} | REQUIRED_COLUMNS[check.fix] | template_fields(check.message)
    )
    missing = sorted(needed - columns)
    if missing:
        raise BadInput(
            f"{check.source}: check {check.name} returns no {missing[0]} column, which "
            f"{_who_reads(missing[0], check)} reads; add it to the SELECT list"
        )


def _who_reads(column: str, check: Check) -> str:
    if column in ("table_name", "objects"):
        return "every finding"
    if column in REQUIRED_COLUMNS[check.fix]:
        return f"its fix ({check.fix.value})"
    return "its message"


def _statistics(
    cur: psycopg.Cursor[dict[str, Any]],
    live: bool,
    needs: set[Needs],
    params: Mapping[str, Any],
) -> StatisticsState:
    """What the checks about to run need to know of the statistics, and no more."""
    if not live:
        return StatisticsState(live=False)
    queries = _queries()
    age: dict[str, Any] = {}
    if Needs.CUMULATIVE_STATISTICS in needs:
        cur.execute(queries["cumulative_statistics_age"].sql)
        age = cur.fetchone() or {}
    never: tuple[str, ...] = ()
    if Needs.PLANNER_STATISTICS in needs:
        cur.execute(queries["never_analyzed_tables"].sql, params)
        never = tuple(r["table_name"] for r in cur.fetchall())
    reset_at = age.get("reset_at")
    return StatisticsState(
        live=True,
        reset_at=reset_at.isoformat() if reset_at else None,
        age_s=float(age["age_s"]) if age.get("age_s") is not None else None,
        never_analyzed=never,
    )


def _by_value(needs: Needs) -> str:
    return needs.value


def _why_skipped(check: Check, state: StatisticsState, settings: AuditSettings) -> str | None:
    if not check.needs:
        return None
    if not state.live:
        words = " and ".join(n.value.replace("_", " ") for n in sorted(check.needs, key=_by_value))
        return (
            f"needs {words} of a live database; the embedded default, freshly migrated, "
            "has none: audit a live database with --dsn"
        )
    if Needs.CUMULATIVE_STATISTICS in check.needs:
        age = state.age_s or 0.0
        if age < settings.min_statistics_age_s:
            since = state.reset_at or "the server started"
            return (
                f"cumulative statistics are {format_age(age)} old (since {since}), younger "
                f"than min_statistics_age {format_age(settings.min_statistics_age_s)}: too "
                "young to judge; rerun later, or lower [tool.primedb.audit] min_statistics_age"
            )
    return None


def _suppress(
    findings: Iterable[Finding], suppressions: Suppressions, ran: set[str]
) -> tuple[list[Finding], list[Suppressed], list[Excuse]]:
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    used: set[Excuse] = set()
    for finding in findings:
        reason = suppressions.reason_for(finding.check, finding.names)
        if reason is None:
            kept.append(finding)
            continue
        suppressed.append(Suppressed(finding, reason))
        used.update(
            e
            for e in suppressions.excused
            if e.check == finding.check and e.object in finding.names
        )
    stale = [e for e in suppressions.excused if e.check in ran and e not in used]
    return kept, suppressed, stale


def run_checks(
    conn: psycopg.Connection[Any],
    *,
    checks: tuple[Check, ...] | None = None,
    names: tuple[str, ...] | None = None,
    schemas: tuple[str, ...] | None = None,
    settings: AuditSettings | None = None,
    suppressions: Suppressions | None = None,
    live: bool = True,
) -> AuditResult:
    """Run `checks` (default: `default_checks()`), those in `names` or all, on `schemas`.

    `schemas` None means every schema but PostgreSQL's own; objects of
    extensions, partitions (judged on their parent) and the migrations'
    bookkeeping tables are never reported.

    `live=False` says the database has no statistics worth reading (freshly
    migrated): only the catalog checks run, the others are skipped with why.
    """
    settings = settings or AuditSettings()
    suppressions = suppressions or Suppressions()
    selected = select_checks(default_checks() if checks is None else checks, names)
    params = {**settings.parameters(), "schemas": list(schemas) if schemas else None}
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    ran: list[str] = []
    timings: dict[str, float] = {}
    with (
        conn.transaction(force_rollback=True),
        conn.cursor(row_factory=dict_row) as cur,
    ):
        if schemas:
            cur.execute(_queries()["missing_schemas"].sql, params)
            if absent := [r["name"] for r in cur.fetchall()]:
                raise UsageError(
                    f"schema {absent[0]} does not exist in database {conn.info.dbname}; "
                    "check --schema"
                )
        # JIT compiles the large catalog joins for longer than they run (seconds per
        # check on 10,000 indexes); SET LOCAL ends with the rolled-back savepoint.
        cur.execute("SET LOCAL jit = off")
        cur.execute("SELECT pg_catalog.pg_stat_clear_snapshot()")
        needs = {n for c in selected for n in c.needs}
        state = _statistics(cur, live, needs, params)
        for check in selected:
            if (why := _why_skipped(check, state, settings)) is not None:
                skipped.append(Skipped(check.name, why))
                continue
            started = time.perf_counter()
            found = _run_one(cur, check, params)
            timings[check.name] = round((time.perf_counter() - started) * 1000, 2)
            log.debug(
                "check %s: %d findings in %.1f ms", check.name, len(found), timings[check.name]
            )
            findings += found
            ran.append(check.name)
    kept, suppressed, stale = _suppress(findings, suppressions, set(ran))
    order = {c.name: i for i, c in enumerate(selected)}
    kept.sort(key=lambda f: (-f.severity.rank, order[f.check], f.objects))
    return AuditResult(
        findings=tuple(kept),
        checks_run=tuple(ran),
        skipped=tuple(skipped),
        suppressed=tuple(suppressed),
        stale_excuses=tuple(stale),
        statistics=state,
        timings_ms=timings,
        database=conn.info.dbname,
    )
