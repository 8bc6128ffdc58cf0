"""Put a database back as it was before a seed that failed half-way.

On several connections a seed commits as it goes: the indexes and foreign
keys it sets aside are dropped in one transaction, each table is loaded and
each index rebuilt in its own. So a failure cannot simply roll back; `undo`
is the one transaction that puts everything back. It ends the seed's other
sessions (their open transactions roll back), locks the tables, drops what was
already re-created of the set-aside objects, empties the tables (they were
empty), re-creates every set-aside object from its captured definition (on
empty tables: milliseconds), resumes autovacuum and puts the identity
sequences back. Run on a database the seed never changed, it leaves the same
catalog.

Tables of kept records refuse a TRUNCATE once they have rows (a BEFORE
TRUNCATE guard); the rows the undo removes are the seed's own, loaded into
tables it found empty under lock, so it disables those guards for its TRUNCATE
and enables them again, as they were, in the same transaction.

Statistics are not touched: a seed analyzes only after everything committed.
"""

import json
from dataclasses import asdict, dataclass
from typing import Any

import psycopg
from psycopg import sql

from primedb.pg.connect import connect
from primedb.seed.catalog import query, rows
from primedb.seed.rebuild import rebuild_all
from primedb.seed.setaside import SetAside

__all__ = ["SequenceState", "UndoPlan", "capture_sequences", "restore_sequences", "undo", "undo_at"]

# Sessions of the seed still running (a process killed outright leaves them
# busy until their statement ends); the wait is in milliseconds.
END_SESSIONS = """
SELECT pg_catalog.pg_terminate_backend(pid, 10000)
FROM pg_catalog.pg_stat_activity
WHERE application_name = %(name)s AND pid <> pg_catalog.pg_backend_pid()
"""
LOCK_TIMEOUT = "SET LOCAL lock_timeout = '60s'"
LOCK = "LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"
TRUNCATE = "TRUNCATE {tables}"
DISABLE_TRIGGER = "ALTER TABLE {table} DISABLE TRIGGER {trigger}"
ENABLE_TRIGGER = {  # pg_trigger.tgenabled -> the statement that puts it back
    "O": "ALTER TABLE {table} ENABLE TRIGGER {trigger}",
    "R": "ALTER TABLE {table} ENABLE REPLICA TRIGGER {trigger}",
    "A": "ALTER TABLE {table} ENABLE ALWAYS TRIGGER {trigger}",
}
SEQUENCE_STATE = "SELECT last_value, is_called FROM {sequence}"


@dataclass(frozen=True, slots=True)
class SequenceState:
    schema: str
    name: str
    last_value: int
    is_called: bool


@dataclass(frozen=True, slots=True)
class UndoPlan:
    """Everything `undo` needs, as plain data (it travels as JSON)."""

    tables: tuple[str, ...]
    aside: SetAside
    sequences: tuple[SequenceState, ...]
    application_name: str  # the seed's sessions, ended first

    def to_json(self) -> str:
        return json.dumps(
            {
                "tables": self.tables,
                "aside": json.loads(self.aside.to_json()),
                "sequences": [asdict(s) for s in self.sequences],
                "application_name": self.application_name,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "UndoPlan":
        data = json.loads(text)
        return cls(
            tables=tuple(data["tables"]),
            aside=SetAside.from_json(json.dumps(data["aside"])),
            sequences=tuple(SequenceState(**s) for s in data["sequences"]),
            application_name=data["application_name"],
        )


def capture_sequences(conn: psycopg.Connection[Any], aside: SetAside) -> tuple[SequenceState, ...]:
    """The identity sequences of the set-aside's relations, as they are now."""
    found = rows(conn, "seed_identity_sequences", relations=[r.oid for r in aside.relations])
    states = []
    for seq in found:
        name = sql.Identifier(seq["schema"], seq["name"])
        state = conn.execute(sql.SQL(SEQUENCE_STATE).format(sequence=name)).fetchone()
        assert state is not None
        states.append(SequenceState(seq["schema"], seq["name"], int(state[0]), bool(state[1])))
    return tuple(states)


def undo(conn: psycopg.Connection[Any], plan: UndoPlan) -> None:
    """Put everything back, in one transaction on `conn` (an autocommit connection)."""
    conn.execute(END_SESSIONS, {"name": plan.application_name})
    tables = sql.SQL(", ").join(sql.Identifier(*t.split(".")) for t in plan.tables)
    with conn.transaction():
        conn.execute(LOCK_TIMEOUT)
        conn.execute(sql.SQL(LOCK).format(tables=tables))
        plan.aside.drop_what_exists(conn)
        _truncate(conn, plan, tables)
        rebuild_all(conn, plan.aside)
        plan.aside.resume_autovacuum(conn)
        restore_sequences(conn, plan)


def _truncate(conn: psycopg.Connection[Any], plan: UndoPlan, tables: sql.Composable) -> None:
    """TRUNCATE the tables, their TRUNCATE guards off for this statement only."""
    relations = [r.oid for r in plan.aside.relations]
    guards = [
        (sql.Identifier(g["schema"], g["table_name"]), sql.Identifier(g["name"]), g["enabled"])
        for g in rows(conn, "seed_truncate_triggers", relations=relations)
    ]
    for table, trigger, _ in guards:
        conn.execute(sql.SQL(DISABLE_TRIGGER).format(table=table, trigger=trigger))
    conn.execute(sql.SQL(TRUNCATE).format(tables=tables))
    for table, trigger, enabled in guards:
        conn.execute(sql.SQL(ENABLE_TRIGGER[enabled]).format(table=table, trigger=trigger))


def restore_sequences(conn: psycopg.Connection[Any], plan: UndoPlan) -> None:
    """Put the identity sequences back where they were (a rollback does not)."""
    for seq in plan.sequences:
        conn.execute(query("seed_set_sequence"), asdict(seq))


def undo_at(dsn: str, plan: UndoPlan) -> None:
    """`undo` on a connection of its own."""
    with connect(dsn, autocommit=True, application_name="primedb-seed-undo") as conn:
        undo(conn, plan)
