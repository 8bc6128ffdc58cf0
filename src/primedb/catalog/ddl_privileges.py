"""DDL of privileges, default privileges and owners (see `privileges.py`).

A privilege set changes by the statements that take one to the other:
`REVOKE` what goes, `REVOKE GRANT OPTION FOR` what keeps its privilege but
loses the option, `GRANT` (with `WITH GRANT OPTION` where it applies) what
comes. An object starts at PostgreSQL's defaults, so a `Grant` is created by
the change from the grantee's default set to its own, and dropped by the way
back.
"""

from primedb.catalog.kinds import Key, ObjectKind, PrivilegeTarget
from primedb.catalog.privileges import PUBLIC, DefaultPrivilege, Grant, Owner, role_sql
from primedb.catalog.quote import ident, qualified

__all__ = [
    "ALL_PRIVILEGES",
    "Privileges",
    "acl_change",
    "change_grant_statements",
    "create_default_privilege",
    "default_privilege_change",
    "default_set",
    "drop_default_privilege",
    "grant_statements",
    "object_sql",
    "owner_statements",
    "revoke_grant_statements",
]

Privileges = tuple[frozenset[str], frozenset[str]]  # (held, held with grant option)

ALL_PRIVILEGES: dict[PrivilegeTarget, frozenset[str]] = {
    PrivilegeTarget.TABLES: frozenset(
        {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}
    ),
    PrivilegeTarget.SEQUENCES: frozenset({"SELECT", "UPDATE", "USAGE"}),
    PrivilegeTarget.FUNCTIONS: frozenset({"EXECUTE"}),
    PrivilegeTarget.TYPES: frozenset({"USAGE"}),
    PrivilegeTarget.SCHEMAS: frozenset({"CREATE", "USAGE"}),
}

_ROUTINES = frozenset({ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE})
_TYPES = frozenset({ObjectKind.ENUM, ObjectKind.DOMAIN, ObjectKind.COMPOSITE_TYPE})
_NONE: Privileges = (frozenset(), frozenset())


def _routine(schema: str, signature: str) -> str:
    name, _, rest = signature.partition("(")
    return f"{qualified(schema, name)}({rest}"


def object_sql(target: Key) -> tuple[str, str]:
    """(what GRANT names the object by, the column list or "") for a grant's target."""
    kind = ObjectKind(target[0])
    if kind is ObjectKind.SCHEMA:
        return f"SCHEMA {ident(target[1])}", ""
    if kind is ObjectKind.COLUMN:
        return f"TABLE {qualified(target[1], target[2])}", ident(target[3])
    if kind is ObjectKind.SEQUENCE:
        return f"SEQUENCE {qualified(target[1], target[2])}", ""
    if kind is ObjectKind.PROCEDURE:
        return f"PROCEDURE {_routine(target[1], target[2])}", ""
    if kind in _ROUTINES:  # GRANT takes an aggregate as a FUNCTION
        return f"FUNCTION {_routine(target[1], target[2])}", ""
    if kind in _TYPES:
        return f"TYPE {qualified(target[1], target[2])}", ""
    return f"TABLE {qualified(target[1], target[2])}", ""  # tables, views, materialized views


def default_set(target: Key, grantee: str) -> Privileges:
    """What a role other than the owner holds on a new object: PUBLIC may run routines
    and use types; nobody else holds anything."""
    if grantee != PUBLIC:
        return _NONE
    kind = ObjectKind(target[0])
    if kind in _ROUTINES:
        return frozenset({"EXECUTE"}), frozenset()
    if kind in _TYPES:
        return frozenset({"USAGE"}), frozenset()
    return _NONE


def _listed(privileges: frozenset[str], columns: str) -> str:
    on = f" ({columns})" if columns else ""
    return ", ".join(f"{p}{on}" for p in sorted(privileges))


def acl_change(old: Privileges, new: Privileges) -> tuple[tuple[str, frozenset[str]], ...]:
    """The steps from `old` to `new`, each a verb and the privileges it takes: REVOKE,
    REVOKE GRANT OPTION FOR, GRANT, GRANT ... WITH GRANT OPTION (empty steps left out)."""
    held_old, option_old = old
    held_new, option_new = new
    steps: list[tuple[str, frozenset[str]]] = [
        ("REVOKE", held_old - held_new),
        ("REVOKE GRANT OPTION FOR", (option_old & held_new) - option_new),
        ("GRANT", (held_new - held_old) - option_new),
        ("GRANT WITH GRANT OPTION", option_new - option_old),
    ]
    return tuple((verb, p) for verb, p in steps if p)


def _statements(
    prefix: str, what: str, columns: str, grantee: str, old: Privileges, new: Privileges
) -> tuple[str, ...]:
    out: list[str] = []
    who = role_sql(grantee)
    for verb, names in acl_change(old, new):
        privileges = _listed(names, columns)
        if verb == "REVOKE":
            out.append(f"{prefix}REVOKE {privileges} ON {what} FROM {who}")
        elif verb == "REVOKE GRANT OPTION FOR":
            out.append(f"{prefix}REVOKE GRANT OPTION FOR {privileges} ON {what} FROM {who}")
        elif verb == "GRANT":
            out.append(f"{prefix}GRANT {privileges} ON {what} TO {who}")
        else:
            out.append(f"{prefix}GRANT {privileges} ON {what} TO {who} WITH GRANT OPTION")
    return tuple(out)


def _held(grant: Grant | DefaultPrivilege) -> Privileges:
    return frozenset(grant.privileges), frozenset(grant.grantable)


def grant_statements(grant: Grant) -> tuple[str, ...]:
    """From the grantee's default privileges on the object to the grant's."""
    what, columns = object_sql(grant.target)
    old = default_set(grant.target, grant.grantee)
    return _statements("", what, columns, grant.grantee, old, _held(grant))


def revoke_grant_statements(grant: Grant) -> tuple[str, ...]:
    """Back from the grant's privileges to the grantee's default ones."""
    what, columns = object_sql(grant.target)
    new = default_set(grant.target, grant.grantee)
    return _statements("", what, columns, grant.grantee, _held(grant), new)


def change_grant_statements(old: Grant, new: Grant) -> tuple[str, ...]:
    what, columns = object_sql(new.target)
    return _statements("", what, columns, new.grantee, _held(old), _held(new))


def _builtin(entry: DefaultPrivilege) -> Privileges:
    """What the role's future objects give `entry.grantee` with no default privileges set."""
    if entry.schema is not None:
        return _NONE  # a schema's entries add to the database-wide ones
    if entry.grantee == entry.role:
        return ALL_PRIVILEGES[entry.on], frozenset()
    if entry.grantee == PUBLIC and entry.on is PrivilegeTarget.FUNCTIONS:
        return frozenset({"EXECUTE"}), frozenset()
    if entry.grantee == PUBLIC and entry.on is PrivilegeTarget.TYPES:
        return frozenset({"USAGE"}), frozenset()
    return _NONE


def _default_prefix(entry: DefaultPrivilege) -> str:
    where = f" IN SCHEMA {ident(entry.schema)}" if entry.schema else ""
    return f"ALTER DEFAULT PRIVILEGES FOR ROLE {ident(entry.role)}{where} "


def default_privilege_change(
    entry: DefaultPrivilege, old: Privileges | None = None, new: Privileges | None = None
) -> tuple[str, ...]:
    """From `old` to `new` (each defaulting to the built-in privileges) for one entry."""
    start = _builtin(entry) if old is None else old
    end = _builtin(entry) if new is None else new
    return _statements(_default_prefix(entry), entry.on.value, "", entry.grantee, start, end)


def create_default_privilege(entry: DefaultPrivilege) -> tuple[str, ...]:
    return default_privilege_change(entry, new=_held(entry))


def drop_default_privilege(entry: DefaultPrivilege) -> tuple[str, ...]:
    return default_privilege_change(entry, old=_held(entry))


_OWNED = {
    ObjectKind.SCHEMA: "SCHEMA",
    ObjectKind.TABLE: "TABLE",
    ObjectKind.VIEW: "VIEW",
    ObjectKind.MATERIALIZED_VIEW: "MATERIALIZED VIEW",
    ObjectKind.SEQUENCE: "SEQUENCE",
    ObjectKind.FUNCTION: "FUNCTION",
    ObjectKind.PROCEDURE: "PROCEDURE",
    ObjectKind.AGGREGATE: "FUNCTION",
    ObjectKind.ENUM: "TYPE",
    ObjectKind.DOMAIN: "DOMAIN",
    ObjectKind.COMPOSITE_TYPE: "TYPE",
    ObjectKind.COLLATION: "COLLATION",
}


def owner_statements(owner: Owner) -> tuple[str, ...]:
    """`ALTER <kind> <name> OWNER TO <role>`."""
    kind = ObjectKind(owner.target[0])
    word = _OWNED[kind]
    if kind is ObjectKind.SCHEMA:
        name = ident(owner.target[1])
    elif kind in _ROUTINES:
        name = _routine(owner.target[1], owner.target[2])
    else:
        name = qualified(owner.target[1], owner.target[2])
    return (f"ALTER {word} {name} OWNER TO {ident(owner.role)}",)
