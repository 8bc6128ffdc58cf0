"""The catalog of checks as Markdown: `docs/audit-checks.md` is this, written from the files.

The document is generated so that it cannot drift from the checks: a test
compares it with `checks_markdown(default_checks())`. Regenerate it with
`.venv/bin/python scripts/write_audit_docs.py`.
"""

from primedb.analyzers.audit.checks import Check
from primedb.analyzers.audit.fixes import FixKind
from primedb.analyzers.audit.settings import AuditSettings

__all__ = ["checks_markdown"]

_GROUPS = (
    (
        "Indexes",
        (
            "invalid_indexes",
            "duplicated_indexes",
            "intersected_indexes",
            "unused_indexes",
            "foreign_keys_without_index",
            "indexes_with_null_values",
            "indexes_with_boolean",
            "btree_indexes_on_array_columns",
            "indexes_with_timestamp_in_the_middle",
            "indexes_with_unnecessary_where_clause",
            "bloated_indexes",
            "unique_indexes_with_nullable_columns",
        ),
    ),
    (
        "Tables and columns",
        (
            "tables_without_primary_key",
            "tables_with_missing_indexes",
            "bloated_tables",
            "tables_with_no_data",
            "columns_with_json_type",
            "columns_with_serial_types",
            "primary_keys_with_serial_types",
            "columns_with_timestamp_or_timetz_type",
            "columns_with_char_type",
            "columns_with_money_type",
            "columns_with_fixed_length_varchar",
            "tables_without_description",
            "columns_without_description",
            "functions_without_description",
        ),
    ),
    (
        "Constraints and sequences",
        (
            "not_valid_constraints",
            "duplicated_foreign_keys",
            "intersected_foreign_keys",
            "foreign_keys_with_unmatched_column_type",
            "foreign_keys_with_null_values",
            "self_referenced_foreign_keys",
            "sequence_overflow",
            "possible_object_name_overflow",
        ),
    ),
)

_HEAD = """# The audit's checks

Generated from `analyzers/checks/*.sql` by `scripts/write_audit_docs.py`
(a test keeps it equal to the files). `primedb audit` runs them; each finding
names the objects at fault, gives the evidence, the fix as SQL when there is a
safe one, and for index findings the size the fix frees. Names follow
pg-index-health's diagnostics in snake case.

**Needs** says what a check judges by. *catalog* checks read the system
catalog only: they run anywhere, also on the schema at head with no data
(`primedb audit` without a DSN, and CI). The others need a live database:
*cumulative statistics* (`pg_stat_*`: scans and writes since the last
`pg_stat_reset()`; judged only once they are `min_statistics_age` old),
*planner statistics* (`reltuples`, `relpages`, `pg_stats`, kept by ANALYZE and
autovacuum; tables never analyzed are listed and not judged), or *sequences*
(their current values). Without them a check is skipped, with the reason.

Every check leaves out PostgreSQL's own schemas and the objects of
extensions, and reports a partitioned table (its indexes, columns,
constraints) once, on the parent.
"""

_SETTINGS = """
## Thresholds

Set in `[tool.primedb.audit]` of pyproject.toml; each is also a named parameter
(`%(name)s`) the checks' SQL may use, beside `%(schemas)s` (a text array, or NULL
for every schema but PostgreSQL's own).

| setting | default | used by |
| --- | --- | --- |
| `min_statistics_age` | `7d` | every check needing cumulative statistics refuses younger ones |
| `unused_max_scans` | {unused_max_scans} | unused_indexes |
| `missing_index_min_rows` | {missing_index_min_rows} | tables_with_missing_indexes (per scan) |
| `missing_index_min_seq_scans` | {missing_index_min_seq_scans} | tables_with_missing_indexes |
| `bloat_min_ratio` | {bloat_min_ratio} | bloated_tables, bloated_indexes |
| `bloat_min_bytes` | {bloat_min_bytes} | bloated_tables, bloated_indexes |
| `sequence_max_used` | {sequence_max_used} | sequence_overflow |
"""


def _needs(check: Check) -> str:
    if not check.needs:
        return "catalog"
    return ", ".join(n.value.replace("_", " ") for n in sorted(check.needs, key=lambda n: n.value))


def _check(check: Check) -> list[str]:
    fix = "none" if check.fix is FixKind.NONE else f"`{check.fix.value}`"
    return [
        f"### `{check.name}`",
        "",
        f"{check.severity.value}; needs {_needs(check)}; fix {fix}.",
        "",
        check.text,
        "",
    ]


def checks_markdown(checks: tuple[Check, ...]) -> str:
    """The catalog, grouped as the issue lists it; a check outside the groups comes last."""
    by_name = {c.name: c for c in checks}
    lines = [_HEAD]
    placed: set[str] = set()
    for title, names in _GROUPS:
        present = [by_name[n] for n in names if n in by_name]
        if not present:
            continue
        lines += [f"## {title}", ""]
        for check in present:
            lines += _check(check)
            placed.add(check.name)
    others = [c for c in checks if c.name not in placed]
    if others:
        lines += ["## Other checks", ""]
        for check in others:
            lines += _check(check)
    defaults = AuditSettings()
    lines.append(
        _SETTINGS.format(
            unused_max_scans=defaults.unused_max_scans,
            missing_index_min_rows=f"{defaults.missing_index_min_rows:_}",
            missing_index_min_seq_scans=defaults.missing_index_min_seq_scans,
            bloat_min_ratio=defaults.bloat_min_ratio,
            bloat_min_bytes=f"{defaults.bloat_min_bytes:_} (10 MB)",
            sequence_max_used=defaults.sequence_max_used,
        )
    )
    text = "\n".join(lines)
    return text.rstrip() + "\n"
