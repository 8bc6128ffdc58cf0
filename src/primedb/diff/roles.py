"""Roles a plan names, checked before it runs.

Roles are cluster objects: the schema model holds privileges, owners and
policies that name them, never the roles themselves, and a plan does not
create them. A plan whose statements name roles (a GRANT's grantee, ALTER
DEFAULT PRIVILEGES' role, an owner, a policy's roles) starts with one check
that they exist, so it stops before changing anything, saying which are
missing and how to go on, instead of failing half-way on the first GRANT.
The rollback gets its own check, for the roles it names.
"""

from collections.abc import Iterable

from primedb.catalog.privileges import PUBLIC, DefaultPrivilege, Grant, Owner
from primedb.catalog.quote import literal
from primedb.catalog.routines import Policy
from primedb.diff.plan import LockLevel, Statement

__all__ = ["ROLE_CHECK_WORDS", "named_roles", "role_check"]

ROLE_CHECK_WORDS = "check that the roles it names exist"

_CHECK = """DO $primedb$
DECLARE
    missing text;
BEGIN
    SELECT pg_catalog.string_agg(r.name, ', ' ORDER BY r.name) INTO missing
    FROM pg_catalog.unnest(ARRAY[{roles}]::text[]) AS r(name)
    WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles AS x WHERE x.rolname = r.name);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the migration needs roles that do not exist: %', missing
            USING ERRCODE = 'undefined_object',
                  HINT = 'roles are cluster objects outside the schema: create them first '
                         '(CREATE ROLE name NOLOGIN), then run the migration again';
    END IF;
END
$primedb$"""


def named_roles(items: Iterable[object]) -> frozenset[str]:
    """The roles the statements of these items name (`public` is not a role)."""
    found: set[str] = set()
    for item in items:
        match item:
            case Grant():
                found.add(item.grantee)
            case DefaultPrivilege():
                found.update((item.role, item.grantee))
            case Owner():
                found.add(item.role)
            case Policy():
                found.update(item.roles)
    return frozenset(found - {PUBLIC})


def role_check(roles: Iterable[str]) -> Statement:
    """A statement that fails, naming them, when any of `roles` does not exist."""
    listed = ", ".join(literal(r) for r in sorted(roles))
    return Statement(sql=_CHECK.format(roles=listed), lock=LockLevel.NONE)
