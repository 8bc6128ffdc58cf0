"""Privileges and owners: who may do what with an object, and who owns it.

`Grant`: the privileges one role (or `public`) holds on one object, where
they differ from what PostgreSQL gives by default (an object's ACL read
through `aclexplode(coalesce(acl, acldefault(...)))`): a role granted
something, or `public` deprived of the EXECUTE or USAGE it has by default
(then `privileges` is empty or smaller). The owner's own entry is left out:
who owns an object depends on who ran the DDL, and owners are opt-in
(`Owner`). Grantors are not modelled (PostgreSQL records who granted each
privilege; the model records that it is held). Column privileges name the
column (`("column", schema, table, name)`).

`DefaultPrivilege`: what `ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s]`
gives one grantee on the objects `r` creates later: database-wide entries
replace PostgreSQL's built-in defaults (so they differ from them), entries of
a schema add to them.

`Owner`: who owns an object; only read with `read_catalog(...,
with_owners=True)` (`--with-owners`), since owners belong to the database's
roles, not to its schema.

Roles themselves are cluster objects, outside the model: a plan that names a
role checks that it exists before it runs (see `primedb.diff.roles`).
"""

from dataclasses import dataclass, field

from primedb.catalog.kinds import Key, ObjectKind, PrivilegeTarget
from primedb.catalog.quote import ident, qualified

__all__ = ["PUBLIC", "DefaultPrivilege", "Grant", "Owner", "role_sql"]

PUBLIC = "public"  # the grantee that stands for every role


def role_sql(role: str) -> str:
    """A grantee as SQL: `PUBLIC`, or the role's name quoted as needed."""
    return "PUBLIC" if role == PUBLIC else ident(role)


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    target: Key  # the key of the object (a column's: ("column", schema, table, name))
    grantee: str  # a role name, or `public`
    privileges: tuple[str, ...] = ()  # SELECT, INSERT, ...: sorted; may be empty (revoked)
    grantable: tuple[str, ...] = ()  # those held WITH GRANT OPTION, sorted
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.GRANT, self.grantee, *self.target)

    @property
    def schema(self) -> str:
        return self.target[1]

    @property
    def label(self) -> str:
        return f"privileges of {self.grantee} on {_target_words(self.target)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DefaultPrivilege:
    role: str  # whose future objects
    schema: str | None  # None: database-wide
    on: PrivilegeTarget
    grantee: str
    privileges: tuple[str, ...] = ()
    grantable: tuple[str, ...] = ()
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (
            ObjectKind.DEFAULT_PRIVILEGE,
            self.role,
            self.schema or "",
            self.on.value,
            self.grantee,
        )

    @property
    def label(self) -> str:
        where = f" in schema {ident(self.schema)}" if self.schema else ""
        return (
            f"default privileges of {self.grantee} on {self.on.value.lower()} of {self.role}{where}"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Owner:
    target: Key
    role: str
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.OWNER, *self.target)

    @property
    def schema(self) -> str:
        return self.target[1]

    @property
    def label(self) -> str:
        return f"owner of {_target_words(self.target)}"


def _target_words(target: Key) -> str:
    kind = ObjectKind(target[0])
    if kind is ObjectKind.SCHEMA:
        return f"schema {ident(target[1])}"
    if kind is ObjectKind.COLUMN:
        return f"column {qualified(target[1], target[2])}.{ident(target[3])}"
    if kind in (ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE):
        return f"{kind.words} {ident(target[1])}.{target[2]}"
    return f"{kind.words} {qualified(target[1], target[2])}"
