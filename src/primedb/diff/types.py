"""Schemas, extensions, enum types, domains, sequences and sequence ownership.

None of these takes a table lock of its own, except where a domain change
checks the columns that use it. An enum gains labels with `ALTER TYPE ... ADD
VALUE IF NOT EXISTS ... BEFORE/AFTER`, outside the transaction (a label
added in a transaction cannot be used before it commits, and IF NOT EXISTS
makes a re-run safe). Taking labels away or reordering them replaces the
type (see `replace.py`).
"""

from primedb.catalog import ddl
from primedb.catalog.quote import ident, literal, qualified
from primedb.catalog.schemas import (
    Domain,
    DomainCheck,
    EnumType,
    Extension,
    Schema,
    Sequence,
    SequenceOptions,
)
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.items import OwnerItem
from primedb.diff.plan import LockLevel, Statement

__all__ = [
    "alter_domain",
    "alter_enum_labels",
    "alter_extension",
    "alter_owner",
    "alter_schema",
    "alter_sequence",
    "create_owner",
    "drop_owner",
    "drop_type",
]

Statements = tuple[Statement, ...]
NONE = LockLevel.NONE


def plain_all(statements: tuple[str, ...], side: Side) -> Statements:
    return tuple(plain(s, side) for s in statements)


def alter_schema(a: Schema, b: Schema, side: Side) -> Statements:
    return comment(f"SCHEMA {ident(b.name)}", a.comment, b.comment, side)


def alter_extension(a: Extension, b: Extension, side: Side) -> Statements:
    name = ident(b.name)
    out: list[Statement] = []
    if a.schema != b.schema:
        out.append(plain(f"ALTER EXTENSION {name} SET SCHEMA {ident(b.schema)}", side))
    if a.version != b.version:
        out.append(_update_extension(a, b, side))
    out.extend(comment(f"EXTENSION {name}", a.comment, b.comment, side))
    return tuple(out)


_NO_WAY_BACK = """DO $primedb$
BEGIN
    RAISE EXCEPTION 'extension {name} cannot go back from {current} to {wanted}: '
                    'the server has no update path that way'
        USING ERRCODE = 'feature_not_supported',
              HINT = 'restore the database from before the migration, or drop and create '
                     'the extension at {wanted} by hand (its objects go with it)';
END
$primedb$"""


def _reachable(start: Extension, version: str) -> bool:
    """The server `start` was read on can update it to `version` (unknown: assume so)."""
    return start.update_targets is None or version in start.update_targets


def _update_extension(a: Extension, b: Extension, side: Side) -> Statement:
    """ALTER EXTENSION ... UPDATE TO, where the server has a path; else a refusal.

    An update whose way back has no path is flagged `irreversible`; that way
    back, the rollback, is then a statement that stops with the reason
    instead of one PostgreSQL would refuse half-way.
    """
    subject = f"extension {b.name}"
    if not _reachable(a, b.version):
        sql = _NO_WAY_BACK.format(
            name=b.name.replace("'", "''"),
            current=a.version.replace("'", "''"),
            wanted=b.version.replace("'", "''"),
        )
        why = f"no update path from {a.version} to {b.version}"
        return statement(sql, NONE, side, hazards=[hazard(K.IRREVERSIBLE, subject, why)])
    hazards = [hazard(K.BEHAVIOUR_CHANGE, subject, f"{a.version} to {b.version}")]
    if not _reachable(b, a.version):
        why = f"there is no update path back from {b.version} to {a.version}"
        hazards.append(hazard(K.IRREVERSIBLE, subject, why))
    sql = f"ALTER EXTENSION {ident(b.name)} UPDATE TO {literal(b.version)}"
    return statement(sql, NONE, side, hazards=hazards)


def drop_type(what: str, name: str, side: Side) -> Statements:
    return (plain(f"DROP {what} {name}", side),)


def alter_enum_labels(a: EnumType, b: EnumType, side: Side) -> Statements:
    """ADD VALUE for each label of `b` missing from `a` (b keeps a's labels in order)."""
    name = qualified(b.schema, b.name)
    present = set(a.labels)
    out: list[Statement] = []
    for i, label in enumerate(b.labels):
        if label in present:
            continue
        before = [x for x in b.labels[:i] if x in present]
        after = [x for x in b.labels[i + 1 :] if x in present]
        where = (
            f" AFTER {literal(before[-1])}"
            if before
            else f" BEFORE {literal(after[0])}"
            if after
            else ""
        )
        out.append(
            statement(
                f"ALTER TYPE {name} ADD VALUE IF NOT EXISTS {literal(label)}{where}",
                NONE,
                side,
                transactional=False,
                subject=f"enum {name}",
            )
        )
        present.add(label)
    out.extend(comment(f"TYPE {name}", a.comment, b.comment, side))
    return tuple(out)


def _check_sql(name: str, check: DomainCheck) -> str:
    return f"ALTER DOMAIN {name} ADD CONSTRAINT {ident(check.name)} {check.definition}"


def alter_domain(a: Domain, b: Domain, side: Side) -> Statements:
    """Default, NOT NULL and checks of a domain whose base type stays."""
    name = qualified(b.schema, b.name)
    subject = f"domain {name}"
    out: list[Statement] = []
    if a.default != b.default:
        sql = f"ALTER DOMAIN {name} " + (
            f"SET DEFAULT {b.default}" if b.default is not None else "DROP DEFAULT"
        )
        out.append(statement(sql, NONE, side, hazards=[hazard(K.BEHAVIOUR_CHANGE, subject)]))
    if a.not_null != b.not_null:
        if b.not_null:
            scan = [
                hazard(K.VALIDATION_SCAN, subject, "every column of the domain is checked"),
                hazard(K.MAY_FAIL_ON_DATA, subject),
            ]
            out.append(statement(f"ALTER DOMAIN {name} SET NOT NULL", NONE, side, hazards=scan))
        else:
            out.append(plain(f"ALTER DOMAIN {name} DROP NOT NULL", side))
    old = {c.name: c for c in a.checks}
    new = {c.name: c for c in b.checks}
    for check_name in sorted(old):
        gone = check_name not in new or new[check_name].definition != old[check_name].definition
        if gone:
            out.append(plain(f"ALTER DOMAIN {name} DROP CONSTRAINT {ident(check_name)}", side))
    for check_name in sorted(new):
        check = new[check_name]
        before = old.get(check_name)
        old_comment: str | None = None
        if before is None or before.definition != check.definition:
            out.append(plain(_check_sql(name, check) + " NOT VALID", side))
            if check.validated:
                out.append(_validate_domain(name, check.name, side))
        elif check.validated and not before.validated:
            out.append(_validate_domain(name, check.name, side))
            old_comment = before.comment
        elif before.validated and not check.validated:
            out.append(plain(f"ALTER DOMAIN {name} DROP CONSTRAINT {ident(check_name)}", side))
            out.append(plain(_check_sql(name, check) + " NOT VALID", side))
        else:
            old_comment = before.comment
        where = f"CONSTRAINT {ident(check.name)} ON DOMAIN {name}"
        out.extend(comment(where, old_comment, check.comment, side))
    out.extend(comment(f"DOMAIN {name}", a.comment, b.comment, side))
    return tuple(out)


def _validate_domain(name: str, check: str, side: Side) -> Statement:
    subject = f"domain {name}"
    return statement(
        f"ALTER DOMAIN {name} VALIDATE CONSTRAINT {ident(check)}",
        NONE,
        side,
        hazards=[
            hazard(K.VALIDATION_SCAN, subject, "every column of the domain is checked"),
            hazard(K.MAY_FAIL_ON_DATA, subject),
        ],
    )


def _sequence_options(seq: Sequence) -> str:
    o = seq.options
    cycle = "CYCLE" if o.cycle else "NO CYCLE"
    return (
        f"AS {seq.data_type} INCREMENT BY {o.increment} MINVALUE {o.minimum} "
        f"MAXVALUE {o.maximum} START WITH {o.start} CACHE {o.cache} {cycle}"
    )


def alter_sequence(a: Sequence, b: Sequence, side: Side) -> Statements:
    name = qualified(b.schema, b.name)
    out: list[Statement] = []
    if (a.data_type, a.options) != (b.data_type, b.options):
        out.append(plain(f"ALTER SEQUENCE {name} {_sequence_options(b)}", side))
    if a.persistence != b.persistence:
        word = "UNLOGGED" if b.persistence.value == "unlogged" else "LOGGED"
        out.append(plain(f"ALTER SEQUENCE {name} SET {word}", side))
    out.extend(comment(f"SEQUENCE {name}", a.comment, b.comment, side))
    return tuple(out)


def create_owner(item: OwnerItem, side: Side) -> Statements:
    seq = Sequence(
        schema=item.schema,
        name=item.sequence,
        data_type="bigint",
        options=_NO_OPTIONS,
        owned_by=item.owned_by,
    )
    return plain_all(ddl.sequence_ownership(seq), side)


def drop_owner(item: OwnerItem, side: Side) -> Statements:
    name = qualified(item.schema, item.sequence)
    return (plain(f"ALTER SEQUENCE {name} OWNED BY NONE", side),)


def alter_owner(a: OwnerItem, b: OwnerItem, side: Side) -> Statements:
    return create_owner(b, side)


_NO_OPTIONS = SequenceOptions(start=1, increment=1, minimum=1, maximum=1, cache=1, cycle=False)
