"""Constraints: added in the online-safe form on existing tables.

- CHECK and FOREIGN KEY: `ADD CONSTRAINT ... NOT VALID` (an instant: only new
  rows are checked), then `VALIDATE CONSTRAINT` outside the transaction (a
  scan under SHARE UPDATE EXCLUSIVE, so reads and writes go on). Two
  statements, two lock levels, and the plan commits between them so the
  first lock is gone before the scan. A re-run first drops what a failed run
  left (`DROP CONSTRAINT IF EXISTS`: the constraint does not exist in the
  state the plan starts from). A partitioned table takes no NOT VALID
  foreign key: there it is the plain form, with its hazards.
- PRIMARY KEY and UNIQUE: `CREATE UNIQUE INDEX CONCURRENTLY` (after dropping
  an INVALID leftover), then `ADD CONSTRAINT ... USING INDEX`, an instant.
  Not on partitioned tables, where PostgreSQL builds the index under the lock.
- EXCLUDE: always built under the lock.
- On a table created in the same direction: plain, the table is empty.
"""

from primedb.catalog import ddl
from primedb.catalog.kinds import ConstraintKind
from primedb.catalog.quote import ident, qualified
from primedb.catalog.tables import Constraint, Index
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, guard, hazard, statement
from primedb.diff.hazards import Hazard
from primedb.diff.hazards import HazardKind as K
from primedb.diff.indexes import concurrently
from primedb.diff.plan import LockLevel, Statement

__all__ = ["alter_constraint", "create_constraint", "drop_constraint"]

Statements = tuple[Statement, ...]
AX = LockLevel.ACCESS_EXCLUSIVE
SRE = LockLevel.SHARE_ROW_EXCLUSIVE
SUE = LockLevel.SHARE_UPDATE_EXCLUSIVE


def _on(con: Constraint) -> str:
    return qualified(con.schema, con.table)


def _subject(con: Constraint) -> str:
    return f"{_on(con)}.{ident(con.name)}"


def _comment(con: Constraint, old: str | None, side: Side) -> Statements:
    return comment(f"CONSTRAINT {ident(con.name)} ON {_on(con)}", old, con.comment, side)


def _add(con: Constraint, not_valid: bool) -> str:
    tail = " NOT VALID" if not_valid else ""
    return f"ALTER TABLE {_on(con)} ADD CONSTRAINT {ident(con.name)} {con.definition}{tail}"


def _validate(con: Constraint, side: Side) -> Statement:
    why = "checks every row, without blocking reads or writes"
    return statement(
        f"ALTER TABLE {_on(con)} VALIDATE CONSTRAINT {ident(con.name)}",
        SUE,
        side,
        hazards=[
            hazard(K.VALIDATION_SCAN, _subject(con), why),
            hazard(K.MAY_FAIL_ON_DATA, _subject(con), "fails while a row breaks it"),
        ],
        table=con.table_key,
        transactional=False,
        subject=_subject(con),
    )


def _owned_index(con: Constraint, side: Side) -> Index | None:
    for index in side.end.indexes:
        if (index.schema, index.name) == (con.schema, con.index):
            return index
    return None


def _deferral(con: Constraint) -> str:
    if not con.deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if con.initially_deferred else " DEFERRABLE"


def _key_using_index(con: Constraint, index: Index, side: Side) -> Statements:
    name = qualified(index.schema, index.name)
    word = "PRIMARY KEY" if con.kind is ConstraintKind.PRIMARY_KEY else "UNIQUE"
    hazards = [
        hazard(K.INDEX_BUILD, _subject(con), "built CONCURRENTLY, without blocking writes"),
        hazard(K.MAY_FAIL_ON_DATA, _subject(con), "fails if rows repeat the key"),
    ]
    out = [
        guard(f"DROP INDEX CONCURRENTLY IF EXISTS {name}", transactional=False, lock=SUE),
        statement(
            concurrently(index.definition),
            SUE,
            side,
            hazards=hazards,
            table=con.table_key,
            transactional=False,
            subject=_subject(con),
        ),
        plain(
            f"ALTER TABLE {_on(con)} ADD CONSTRAINT {ident(con.name)} {word} "
            f"USING INDEX {ident(index.name)}{_deferral(con)}",
            side,
            AX,
        ),
    ]
    if index.name != con.name:  # USING INDEX renames the index after the constraint
        renamed = qualified(con.schema, con.name)
        out.append(plain(f"ALTER INDEX {renamed} RENAME TO {ident(index.name)}", side, AX))
    return tuple(out)


def create_constraint(con: Constraint, side: Side) -> Statements:
    if side.is_new(con.table_key):
        lock = SRE if con.kind is ConstraintKind.FOREIGN_KEY else LockLevel.NONE
        return tuple(plain(s, side, lock) for s in ddl.create_statements(con))
    table = side.end.table(con.schema, con.table)
    partitioned = table.partition_key is not None
    subject = _subject(con)
    out: list[Statement] = []
    if con.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE) and not partitioned:
        index = _owned_index(con, side)
        if index is not None:
            return (*_key_using_index(con, index, side), *_comment(con, None, side))
    if con.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE, ConstraintKind.EXCLUSION):
        why = "the index is built under the lock"
        hazards = [
            hazard(K.INDEX_BUILD, subject, why),
            hazard(K.ACCESS_EXCLUSIVE_LOCK, subject, why),
            hazard(K.MAY_FAIL_ON_DATA, subject, "fails if rows break it"),
        ]
        out.append(statement(_add(con, False), AX, side, hazards=hazards, table=con.table_key))
        return (*out, *_comment(con, None, side))
    foreign = con.kind is ConstraintKind.FOREIGN_KEY
    lock = SRE if foreign else AX
    if foreign and partitioned:
        why = "a partitioned table takes no NOT VALID foreign key: checked under the lock"
        scan: list[Hazard] = [
            hazard(K.VALIDATION_SCAN, subject, why),
            hazard(K.BLOCKS_WRITES, subject, why),
            hazard(K.MAY_FAIL_ON_DATA, subject, "fails while a row breaks it"),
        ]
        out.append(statement(_add(con, False), lock, side, hazards=scan, table=con.table_key))
        return (*out, *_comment(con, None, side))
    out.append(
        guard(
            f"ALTER TABLE {_on(con)} DROP CONSTRAINT IF EXISTS {ident(con.name)}",
            transactional=True,
            lock=AX,
        )
    )
    out.append(plain(_add(con, True), side, lock))
    if con.validated:
        out.append(_validate(con, side))
    return (*out, *_comment(con, None, side))


def drop_constraint(con: Constraint, side: Side) -> Statements:
    if side.goes_with(con.key, con.table_key):
        return ()
    hazards = []
    if con.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE, ConstraintKind.EXCLUSION):
        hazards.append(hazard(K.INDEX_DROPPED, _subject(con), f"its index {con.index}"))
    sql = f"ALTER TABLE {_on(con)} DROP CONSTRAINT {ident(con.name)}"
    return (statement(sql, AX, side, hazards=hazards, table=con.table_key),)


def alter_constraint(a: Constraint, b: Constraint, side: Side) -> Statements:
    """Validation, a foreign key's deferral, the comment (see `compare.py`)."""
    out: list[Statement] = []
    old_comment = a.comment
    if a.validated != b.validated:
        if b.validated:
            out.append(_validate(b, side))
        else:  # there is no way to un-validate: add it again, NOT VALID
            out.append(plain(f"ALTER TABLE {_on(b)} DROP CONSTRAINT {ident(b.name)}", side, AX))
            out.append(plain(_add(b, True), side, SRE))
            old_comment = None
    if (a.deferrable, a.initially_deferred) != (b.deferrable, b.initially_deferred):
        how = (
            "NOT DEFERRABLE"
            if not b.deferrable
            else "DEFERRABLE INITIALLY DEFERRED"
            if b.initially_deferred
            else "DEFERRABLE INITIALLY IMMEDIATE"
        )
        change = hazard(K.BEHAVIOUR_CHANGE, _subject(b), "when the check runs in a transaction")
        out.append(
            statement(
                f"ALTER TABLE {_on(b)} ALTER CONSTRAINT {ident(b.name)} {how}",
                AX,
                side,
                hazards=[change],
            )
        )
    out.extend(_comment(b, old_comment, side))
    return tuple(out)
