"""The fix of a finding, as SQL a DBA can review and run: one builder per kind of fix.

A check names its kind in its header (`-- fix: drop_index`) and returns the
builder's inputs as `fix_*` columns: schema, table and object names, never
SQL, so every identifier is quoted here. Each fix is written in its online
form (`CONCURRENTLY`, `NOT VALID` then `VALIDATE`) where PostgreSQL has one,
and says in a comment what it still locks or rewrites. A builder returns None
when there is no safe statement to give; the finding's message says why.
"""

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from primedb.catalog.quote import ident, literal, qualified

__all__ = ["REQUIRED_COLUMNS", "FixKind", "build_fix", "index_name"]

_NAMEDATALEN = 63  # bytes PostgreSQL keeps of an identifier


class FixKind(enum.Enum):
    NONE = "none"
    DROP_INDEX = "drop_index"
    REINDEX_INDEX = "reindex_index"
    REBUILD_INDEX = "rebuild_index"
    CREATE_INDEX = "create_index"
    ALTER_COLUMN_TYPE = "alter_column_type"
    TIMESTAMP_TO_TIMESTAMPTZ = "timestamp_to_timestamptz"
    SERIAL_TO_IDENTITY = "serial_to_identity"
    VALIDATE_CONSTRAINT = "validate_constraint"
    DROP_CONSTRAINT = "drop_constraint"
    COMMENT = "comment"
    ADD_PRIMARY_KEY = "add_primary_key"
    NULLS_TOGETHER = "nulls_together"
    SEQUENCE_TO_BIGINT = "sequence_to_bigint"


def _name(base: str, suffix: str) -> str:
    """`base_suffix`, with `base` cut so the whole fits PostgreSQL's 63 bytes."""
    room = _NAMEDATALEN - len(suffix.encode()) - 1
    cut = base.encode()[:room].decode(errors="ignore")
    return f"{cut}_{suffix}"


def index_name(table: str, columns: Sequence[str]) -> str:
    """The name PostgreSQL would give `CREATE INDEX ON table (columns)`: `table_a_b_idx`."""
    return _name("_".join([table, *columns]), "idx")


def _table(row: Mapping[str, Any]) -> str:
    return qualified(row["fix_schema"], row["fix_table"])


def _drop_index(row: Mapping[str, Any]) -> str | None:
    if row.get("fix_blocked_by"):
        return None  # foreign keys depend on it: the message names them
    if row.get("fix_constraint"):
        return (
            f"ALTER TABLE {_table(row)} DROP CONSTRAINT {ident(row['fix_constraint'])};"
            "  -- takes ACCESS EXCLUSIVE briefly"
        )
    target = qualified(row["fix_schema"], row["fix_index"])
    if row.get("fix_partitioned"):
        return (
            "-- a partitioned index cannot be dropped CONCURRENTLY: this takes ACCESS EXCLUSIVE "
            "on the table and its partitions briefly\n"
            f"DROP INDEX {target};"
        )
    return f"DROP INDEX CONCURRENTLY {target};"


def _reindex_index(row: Mapping[str, Any]) -> str | None:
    target = qualified(row["fix_schema"], row["fix_index"])
    if row.get("fix_leftover"):
        return f"DROP INDEX CONCURRENTLY {target};  -- a leftover of REINDEX CONCURRENTLY"
    if row.get("fix_partitioned"):
        return None  # a partition lacks its index: the message names what to build
    return f"REINDEX INDEX CONCURRENTLY {target};"


def _rebuild_index(row: Mapping[str, Any]) -> str | None:
    """Build the new definition beside the old index, drop the old, take its name."""
    definition = row.get("fix_definition")
    if not definition or row.get("fix_partitioned"):
        return None
    name = row["fix_index"]
    for create in ("CREATE UNIQUE INDEX ", "CREATE INDEX "):
        prefix = f"{create}{ident(name)} ON "
        if definition.startswith(prefix):
            break
    else:
        return None  # not a definition pg_get_indexdef() wrote: give no fix rather than a wrong one
    new = _name(name, "new")
    return "\n".join(
        [
            f"{create}CONCURRENTLY {ident(new)} ON {definition[len(prefix) :]};",
            f"DROP INDEX CONCURRENTLY {qualified(row['fix_schema'], name)};",
            f"ALTER INDEX {qualified(row['fix_schema'], new)} RENAME TO {ident(name)};",
        ]
    )


def _create_index(row: Mapping[str, Any]) -> str:
    columns: list[str] = list(row["fix_columns"])
    name = index_name(row["fix_table"], columns)
    keys = ", ".join(ident(c) for c in columns)
    if row.get("fix_partitioned"):
        return (
            "-- a partitioned table's index cannot be built CONCURRENTLY: this blocks writes "
            "while it builds; to stay online, create it ON ONLY the table, build each "
            "partition's index CONCURRENTLY and ATTACH it\n"
            f"CREATE INDEX {ident(name)} ON {_table(row)} ({keys});"
        )
    return f"CREATE INDEX CONCURRENTLY {ident(name)} ON {_table(row)} ({keys});"


def _alter_column_type(row: Mapping[str, Any]) -> str:
    column = ident(row["fix_column"])
    using = row.get("fix_using")
    clause = f" USING {using.replace('{column}', column)}" if using else ""
    lines = [
        f"-- {row.get('fix_note') or 'rewrites the table under an ACCESS EXCLUSIVE lock'}",
        f"ALTER TABLE {_table(row)} ALTER COLUMN {column} TYPE {row['fix_type']}{clause};",
    ]
    if (limit := row.get("fix_max_length")) is not None:
        check = ident(_name(f"{row['fix_table']}_{row['fix_column']}", "length"))
        lines += [
            f"ALTER TABLE {_table(row)} ADD CONSTRAINT {check} "
            f"CHECK (length({column}) <= {int(limit)}) NOT VALID;",
            f"ALTER TABLE {_table(row)} VALIDATE CONSTRAINT {check};",
        ]
    return "\n".join(lines)


def _timestamp_to_timestamptz(row: Mapping[str, Any]) -> str | None:
    if row.get("fix_from") != "timestamp without time zone":
        return None  # timetz has no date to give an instant: the message says what to use
    return "\n".join(
        [
            "-- reads the stored values as UTC; with TimeZone UTC, PostgreSQL 12+ changes the "
            "type without rewriting the table",
            "SET TimeZone = 'UTC';",
            f"ALTER TABLE {_table(row)} ALTER COLUMN {ident(row['fix_column'])} TYPE timestamptz;",
            "RESET TimeZone;",
        ]
    )


def _serial_to_identity(row: Mapping[str, Any]) -> str:
    table = _table(row)
    column = ident(row["fix_column"])
    sequence = qualified(row["fix_sequence_schema"], row["fix_sequence"])
    restart = (
        f"SELECT setval(pg_get_serial_sequence({literal(table)}, {literal(row['fix_column'])}), "
        f"coalesce(max({column}), 0) + 1, false) FROM {table};"
    )
    return "\n".join(
        [
            "BEGIN;",
            f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT;",
            f"DROP SEQUENCE {sequence};",
            f"ALTER TABLE {table} ALTER COLUMN {column} ADD GENERATED BY DEFAULT AS IDENTITY;",
            restart,
            "COMMIT;",
        ]
    )


def _validate_constraint(row: Mapping[str, Any]) -> str:
    return (
        f"ALTER TABLE {_table(row)} VALIDATE CONSTRAINT {ident(row['fix_constraint'])};"
        "  -- scans the table; reads and writes go on"
    )


def _drop_constraint(row: Mapping[str, Any]) -> str:
    return f"ALTER TABLE {_table(row)} DROP CONSTRAINT {ident(row['fix_constraint'])};"


def _comment(row: Mapping[str, Any]) -> str:
    kind = row["fix_object"]
    if kind == "COLUMN":
        target = f"{_table(row)}.{ident(row['fix_column'])}"
    elif kind == "FUNCTION":
        # The identity arguments come from pg_get_function_identity_arguments(): SQL already.
        target = f"{qualified(row['fix_schema'], row['fix_function'])}({row['fix_arguments']})"
    else:
        target = _table(row)
    return f"COMMENT ON {kind} {target} IS '...';  -- describe it"


def _add_primary_key(row: Mapping[str, Any]) -> str | None:
    if not row.get("fix_index"):
        return None
    name = ident(_name(row["fix_table"], "pkey"))
    return (
        f"ALTER TABLE {_table(row)} ADD CONSTRAINT {name} PRIMARY KEY "
        f"USING INDEX {ident(row['fix_index'])};  -- takes ACCESS EXCLUSIVE briefly"
    )


def _nulls_together(row: Mapping[str, Any]) -> str:
    columns: list[str] = list(row["fix_columns"])
    check = ident(_name(row["fix_constraint"], "nulls"))
    listed = ", ".join(ident(c) for c in columns)
    return "\n".join(
        [
            f"ALTER TABLE {_table(row)} ADD CONSTRAINT {check} "
            f"CHECK (num_nulls({listed}) IN (0, {len(columns)})) NOT VALID;",
            f"ALTER TABLE {_table(row)} VALIDATE CONSTRAINT {check};",
        ]
    )


def _sequence_to_bigint(row: Mapping[str, Any]) -> str | None:
    lines: list[str] = []
    if row.get("fix_widen_column") and row.get("fix_table"):
        lines += [
            "-- rewrites the table under an ACCESS EXCLUSIVE lock",
            f"ALTER TABLE {_table(row)} ALTER COLUMN {ident(row['fix_column'])} TYPE bigint;",
        ]
    if row.get("fix_widen_sequence"):
        sequence = qualified(row["fix_schema"], row["fix_sequence"])
        bound = "NO MINVALUE" if row.get("fix_descending") else "NO MAXVALUE"
        lines.append(f"ALTER SEQUENCE {sequence} AS bigint {bound};")
    return "\n".join(lines) or None


_BUILDERS: dict[FixKind, Callable[[Mapping[str, Any]], str | None]] = {
    FixKind.NONE: lambda row: None,
    FixKind.DROP_INDEX: _drop_index,
    FixKind.REINDEX_INDEX: _reindex_index,
    FixKind.REBUILD_INDEX: _rebuild_index,
    FixKind.CREATE_INDEX: _create_index,
    FixKind.ALTER_COLUMN_TYPE: _alter_column_type,
    FixKind.TIMESTAMP_TO_TIMESTAMPTZ: _timestamp_to_timestamptz,
    FixKind.SERIAL_TO_IDENTITY: _serial_to_identity,
    FixKind.VALIDATE_CONSTRAINT: _validate_constraint,
    FixKind.DROP_CONSTRAINT: _drop_constraint,
    FixKind.COMMENT: _comment,
    FixKind.ADD_PRIMARY_KEY: _add_primary_key,
    FixKind.NULLS_TOGETHER: _nulls_together,
    FixKind.SEQUENCE_TO_BIGINT: _sequence_to_bigint,
}


# The `fix_*` columns each kind reads: a check of that kind must return them.
REQUIRED_COLUMNS: dict[FixKind, frozenset[str]] = {
    FixKind.NONE: frozenset(),
    FixKind.DROP_INDEX: frozenset(
        {
            "fix_schema",
            "fix_table",
            "fix_index",
            "fix_constraint",
            "fix_partitioned",
            "fix_blocked_by",
        }
    ),
    FixKind.REINDEX_INDEX: frozenset(
        {"fix_schema", "fix_index", "fix_partitioned", "fix_leftover"}
    ),
    FixKind.REBUILD_INDEX: frozenset(
        {"fix_schema", "fix_index", "fix_partitioned", "fix_definition"}
    ),
    FixKind.CREATE_INDEX: frozenset({"fix_schema", "fix_table", "fix_columns", "fix_partitioned"}),
    FixKind.ALTER_COLUMN_TYPE: frozenset(
        {"fix_schema", "fix_table", "fix_column", "fix_type", "fix_using", "fix_max_length"}
    ),
    FixKind.TIMESTAMP_TO_TIMESTAMPTZ: frozenset(
        {"fix_schema", "fix_table", "fix_column", "fix_from"}
    ),
    FixKind.SERIAL_TO_IDENTITY: frozenset(
        {"fix_schema", "fix_table", "fix_column", "fix_sequence_schema", "fix_sequence"}
    ),
    FixKind.VALIDATE_CONSTRAINT: frozenset({"fix_schema", "fix_table", "fix_constraint"}),
    FixKind.DROP_CONSTRAINT: frozenset({"fix_schema", "fix_table", "fix_constraint"}),
    FixKind.COMMENT: frozenset({"fix_object", "fix_schema"}),
    FixKind.ADD_PRIMARY_KEY: frozenset({"fix_schema", "fix_table", "fix_index"}),
    FixKind.NULLS_TOGETHER: frozenset({"fix_schema", "fix_table", "fix_constraint", "fix_columns"}),
    FixKind.SEQUENCE_TO_BIGINT: frozenset(
        {
            "fix_schema",
            "fix_sequence",
            "fix_table",
            "fix_column",
            "fix_widen_column",
            "fix_widen_sequence",
            "fix_descending",
        }
    ),
}


def build_fix(kind: FixKind, row: Mapping[str, Any]) -> str | None:
    """The SQL that fixes the finding of `row`, or None when there is none to give."""
    return _BUILDERS[kind](row)
