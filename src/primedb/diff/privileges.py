"""Privileges, default privileges and owners: GRANT, REVOKE, ALTER DEFAULT PRIVILEGES, OWNER TO.

A `Grant` is the privileges of one grantee on one object where they differ
from PostgreSQL's defaults: created by the change from the defaults to it,
dropped by the way back (nothing to do when its object is dropped in the
same direction), altered by the difference. None takes a table lock worth
naming, but every one changes who may do what (`privilege_change`), on an
object that exists already (an owner too).

A new object starts at PostgreSQL's defaults, unless default privileges
(`ALTER DEFAULT PRIVILEGES`) give it more when it is created; which ones
apply depends on who runs the migration. So where either side has default
privileges for that kind of object, its creation is followed by the
statements that take back what they may have given (`reset_after_create`),
and its grants are then given exactly.
"""

from primedb.catalog import ddl_privileges as acl
from primedb.catalog.kinds import Key, ObjectKind, PrivilegeTarget
from primedb.catalog.model import Catalog
from primedb.catalog.privileges import DefaultPrivilege, Grant, Owner, role_sql
from primedb.diff.common import plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = [
    "alter_default_privilege",
    "alter_grant",
    "alter_owner",
    "create_default_privilege",
    "create_grant",
    "create_owner",
    "drop_default_privilege",
    "drop_grant",
    "reset_after_create",
]

Statements = tuple[Statement, ...]

_TARGETS = {
    ObjectKind.TABLE: PrivilegeTarget.TABLES,
    ObjectKind.VIEW: PrivilegeTarget.TABLES,
    ObjectKind.MATERIALIZED_VIEW: PrivilegeTarget.TABLES,
    ObjectKind.SEQUENCE: PrivilegeTarget.SEQUENCES,
    ObjectKind.FUNCTION: PrivilegeTarget.FUNCTIONS,
    ObjectKind.PROCEDURE: PrivilegeTarget.FUNCTIONS,
    ObjectKind.AGGREGATE: PrivilegeTarget.FUNCTIONS,
    ObjectKind.ENUM: PrivilegeTarget.TYPES,
    ObjectKind.DOMAIN: PrivilegeTarget.TYPES,
    ObjectKind.COMPOSITE_TYPE: PrivilegeTarget.TYPES,
    ObjectKind.SCHEMA: PrivilegeTarget.SCHEMAS,
}


def _changed(sqls: tuple[str, ...], subject: str, side: Side) -> Statements:
    change = hazard(K.PRIVILEGE_CHANGE, subject)
    return tuple(statement(s, LockLevel.NONE, side, hazards=[change]) for s in sqls)


def create_grant(grant: Grant, side: Side) -> Statements:
    if side.makes(_relation_of(grant.target)) or side.makes(grant.target):
        # On an object made in this direction nobody can have relied on it yet.
        return tuple(plain(s, side) for s in acl.grant_statements(grant))
    return _changed(acl.grant_statements(grant), grant.label, side)


def drop_grant(grant: Grant, side: Side) -> Statements:
    if side.removes(grant.target) or side.removes(_relation_of(grant.target)):
        return ()  # its object goes, and its privileges with it
    return _changed(acl.revoke_grant_statements(grant), grant.label, side)


def alter_grant(a: Grant, b: Grant, side: Side) -> Statements:
    return _changed(acl.change_grant_statements(a, b), b.label, side)


def create_default_privilege(entry: DefaultPrivilege, side: Side) -> Statements:
    return _changed(acl.create_default_privilege(entry), entry.label, side)


def drop_default_privilege(entry: DefaultPrivilege, side: Side) -> Statements:
    if entry.schema is not None and side.removes((ObjectKind.SCHEMA, entry.schema)):
        return ()  # they go with their schema
    return _changed(acl.drop_default_privilege(entry), entry.label, side)


def alter_default_privilege(a: DefaultPrivilege, b: DefaultPrivilege, side: Side) -> Statements:
    sqls = acl.default_privilege_change(
        b,
        (frozenset(a.privileges), frozenset(a.grantable)),
        (frozenset(b.privileges), frozenset(b.grantable)),
    )
    return _changed(sqls, b.label, side)


def create_owner(owner: Owner, side: Side) -> Statements:
    return tuple(plain(s, side) for s in acl.owner_statements(owner))


def alter_owner(a: Owner, b: Owner, side: Side) -> Statements:
    del a
    return _changed(acl.owner_statements(b), b.label, side)


def _relation_of(target: Key) -> Key:
    """A column's table (as a table key); any other target itself."""
    if target[0] == ObjectKind.COLUMN:
        return (ObjectKind.TABLE, target[1], target[2])
    return target


def _applying(
    catalog: Catalog, target: PrivilegeTarget, schema: str | None
) -> list[DefaultPrivilege]:
    return [
        d
        for d in catalog.default_privileges
        if d.on is target and (d.schema is None or d.schema == schema)
    ]


def reset_after_create(key: Key, schema: str | None, side: Side) -> Statements:
    """What default privileges may have given a new object, taken back (see the module doc)."""
    target = _TARGETS.get(key[0])  # type: ignore[call-overload]
    if target is None:
        return ()
    entries = _applying(side.start, target, schema) + _applying(side.end, target, schema)
    grantees = sorted(
        {d.grantee for d in entries} - {d.role for d in entries if d.grantee == d.role}
    )
    out: list[str] = []
    for grantee in grantees:
        given = frozenset(p for d in entries if d.grantee == grantee for p in d.privileges)
        builtin = acl.default_set(key, grantee)
        missing = builtin[0]  # PUBLIC's EXECUTE or USAGE, if an entry took it away
        probe = Grant(target=key, grantee=grantee)
        what, _ = acl.object_sql(probe.target)
        who = role_sql(grantee)
        extra = sorted(given - builtin[0])
        if extra:
            out.append(f"REVOKE {', '.join(extra)} ON {what} FROM {who}")
        if missing:
            out.append(f"GRANT {', '.join(sorted(missing))} ON {what} TO {who}")
    return tuple(plain(s, side) for s in out)
