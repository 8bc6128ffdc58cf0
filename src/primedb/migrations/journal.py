"""Which statements of a revision already took effect, so that an interrupted run resumes.

A revision with autocommit blocks commits in parts: its transactional runs,
and each statement that cannot run in a transaction (`CREATE INDEX
CONCURRENTLY`, `VALIDATE CONSTRAINT`, `ADD VALUE`). A run killed between two
parts leaves the revision half-applied while `alembic_version` still names
the revision before it.

So the runner journals each revision it runs, in the bookkeeping table
`primedb_migration_journal`: position 0 when it starts, then each statement
as it takes effect, in the same transaction as the statement (or at once
after one that runs outside a transaction); the rows go when the revision is
done, and the table with them, so a database at rest holds no trace of it.
The next run of an interrupted revision replays none of the statements
recorded (after checking they are the same statements: a revision edited
since is refused) and goes on from the first one not recorded. That one may
have taken effect without being recorded (the process died in between), or
died half-way: running it again is harmless for every statement primedb
generates except an index build, so a `CREATE INDEX CONCURRENTLY` whose index
exists is skipped when the index is valid, and built again after dropping the
INVALID leftover of a killed build.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, event

from primedb.migrations.engine import is_housekeeping
from primedb.migrations.errors import MigrationFailed
from primedb.migrations.reporter import Step
from primedb.sqlfiles import package_queries
from primedb.sqllex import TokenKind, lex, significant

__all__ = ["Journal", "Progress"]

NOOP = "SELECT 1 /* primedb: took effect in an interrupted run */"
_NAMES = (TokenKind.WORD, TokenKind.QUOTED)


@cache
def _sql() -> dict[str, str]:
    return {n: q.sql for n, q in package_queries("primedb.migrations", check=False).items()}


@dataclass(frozen=True, slots=True)
class Progress:
    """What an earlier run of a revision left: whether it started, the statements recorded."""

    started: bool
    digests: tuple[str, ...]  # md5 of each statement that took effect, in order

    @property
    def interrupted(self) -> bool:
        return self.started


def _digest(statement: str) -> str:
    return hashlib.md5(statement.encode(), usedforsecurity=False).hexdigest()


def _key(step: Step) -> dict[str, str]:
    return {"revision": step.revision.revision, "direction": step.direction.value}


class Journal:
    """Numbers the statements of the running revision, records them, skips those recorded."""

    def __init__(self, engine: Engine) -> None:
        self._step: Step | None = None
        self._done: tuple[str, ...] = ()
        self._position = 0
        event.listen(engine, "before_cursor_execute", self._before, retval=True)
        event.listen(engine, "after_cursor_execute", self._after)

    def progress(self, conn: Connection, step: Step) -> Progress:
        """What an interrupted run of `step` recorded (nothing when none was interrupted)."""
        if not conn.exec_driver_sql(_sql()["journal_exists"]).scalar():
            conn.commit()
            return Progress(started=False, digests=())
        rows = conn.exec_driver_sql(_sql()["journal_read"], _key(step)).all()
        conn.commit()
        return Progress(
            started=any(position == 0 for position, _ in rows),
            digests=tuple(digest for position, digest in rows if position > 0),
        )

    def begin(self, conn: Connection, step: Step) -> Progress:
        """Mark `step` as started (committed at once) and number its statements from here."""
        found = self.progress(conn, step)
        conn.exec_driver_sql(_sql()["journal_create"])
        conn.exec_driver_sql(_sql()["journal_record"], {**_key(step), "position": 0, "digest": ""})
        conn.commit()
        self._step, self._done, self._position = step, found.digests, 0
        return found

    def finish(self, conn: Connection, step: Step) -> None:
        """The revision is done (its version row committed): forget its journal."""
        self._step = None
        conn.exec_driver_sql(_sql()["journal_clear"], _key(step))
        if conn.exec_driver_sql(_sql()["journal_empty"]).scalar():
            conn.exec_driver_sql(_sql()["journal_drop"])
        conn.commit()

    def pause(self) -> None:
        """The revision failed: keep what it recorded, number nothing more."""
        self._step = None

    def _before(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> tuple[str, Any]:
        if self._step is None or is_housekeeping(statement):
            return statement, parameters
        self._position += 1
        if self._position <= len(self._done):
            if self._done[self._position - 1] != _digest(statement):
                raise MigrationFailed(
                    f"revision {self._step.revision.label} changed since a run of it was "
                    f"interrupted after statement {len(self._done)}: statement "
                    f"{self._position} is not the one that took effect; restore the file, "
                    "or finish the revision by hand and run primedb stamp"
                )
            return NOOP, {} if isinstance(parameters, dict) else ()
        if self._position == len(self._done) + 1 and self._index_built(cursor, statement):
            return NOOP, {} if isinstance(parameters, dict) else ()
        return statement, parameters

    def _after(
        self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if self._step is None or is_housekeeping(statement) or statement == NOOP:
            return
        record = {**_key(self._step), "position": self._position, "digest": _digest(statement)}
        # On the same DBAPI connection: in the statement's transaction, or at once in autocommit.
        with cursor.connection.cursor() as own:
            own.execute(_sql()["journal_record"], record)

    def _index_built(self, cursor: Any, statement: str) -> bool:
        """For `CREATE INDEX CONCURRENTLY name ON table`: True when a valid index already
        exists (the build took effect); an INVALID leftover is dropped first."""
        target = _concurrent_index(statement)
        if target is None:
            return False
        name, table = target
        with cursor.connection.cursor() as own:
            row = own.execute(_sql()["index_validity"], {"name": name, "table": table}).fetchone()
            if row is None:
                return False
            if row[0]:
                return True
            schema = table.rpartition(".")[0]
            leftover = f"{schema}.{_quoted(name)}" if schema else _quoted(name)
            own.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {leftover}")
        return False


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _concurrent_index(statement: str) -> tuple[str, str] | None:
    """(index name, table as written) of `CREATE [UNIQUE] INDEX CONCURRENTLY name ON table`."""
    toks = significant(lex(statement))
    words = [t.upper for t in toks]
    at = 2 if words[:2] == ["CREATE", "UNIQUE"] else 1
    if words[:1] != ["CREATE"] or words[at : at + 2] != ["INDEX", "CONCURRENTLY"]:
        return None
    at += 2
    if words[at : at + 3] == ["IF", "NOT", "EXISTS"]:
        return None  # idempotent already
    if at + 1 >= len(toks) or toks[at].kind not in _NAMES or words[at + 1] != "ON":
        return None
    name = toks[at].name
    at += 3 if words[at + 2 : at + 3] == ["ONLY"] else 2
    if at >= len(toks) or toks[at].kind not in _NAMES:
        return None
    parts = [toks[at].text]
    if at + 2 < len(toks) and toks[at + 1].text == "." and toks[at + 2].kind in _NAMES:
        parts.append(toks[at + 2].text)
    return name, ".".join(parts)
