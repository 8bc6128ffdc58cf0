"""Where a change of owner goes among the grants on the same object.

`ALTER ... OWNER TO` rewrites the object's ACL: the old owner's entries
become the new owner's (as grantee and as grantor), merged with what the new
owner held. The model leaves the owner's own entry out, so on an object whose
owner changes from A to B the plan can only revoke from B (who is not the
owner yet, on the current side) and grant to A (who no longer is, on the
desired side). Run the other way round, a GRANT to A is lost in A's owner
entry and handed to B, and a REVOKE from B takes B's own privileges as owner.
So grants to B go before the owner change, grants to A after; the rollback
runs the changes backwards, which is again that order for its own owners.

A table's owner change carries its columns' ACLs and the sequences it owns
(serial and identity), so their grants are placed the same way.
"""

from collections.abc import Iterable

from primedb.catalog.kinds import Key, ObjectKind
from primedb.catalog.model import Catalog
from primedb.catalog.privileges import Grant, Owner
from primedb.diff.items import State
from primedb.diff.ops import Op

__all__ = ["owner_edges"]

_RELATIONS = frozenset({ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})


def _owned_sequences(catalog: Catalog, schema: str, table: str) -> set[Key]:
    found: set[Key] = {
        s.key
        for s in catalog.sequences
        if s.owned_by is not None and s.owned_by[:2] == (schema, table)
    }
    for t in catalog.tables:
        if (t.schema, t.name) == (schema, table):
            found.update(
                (ObjectKind.SEQUENCE, schema, c.identity.sequence)
                for c in t.columns
                if c.identity is not None
            )
    return found


def _carried(target: Key, catalogs: Iterable[Catalog]) -> set[Key]:
    """The keys whose ACL an owner change of `target` rewrites (columns apart)."""
    found = {target}
    if target[0] == ObjectKind.TABLE:
        for catalog in catalogs:
            found |= _owned_sequences(catalog, target[1], target[2])
    return found


def _on(grant: Grant, target: Key, carried: set[Key]) -> bool:
    if grant.target in carried:
        return True
    return (
        grant.target[0] == ObjectKind.COLUMN
        and target[0] in _RELATIONS
        and grant.target[1:3] == target[1:3]
    )


def owner_edges(ops: Iterable[Op], current: State, desired: State) -> None:
    """Order the grants around each owner change (see the module docstring)."""
    ops = list(ops)
    catalogs = (current.catalog, desired.catalog)
    for owner_op in ops:
        if owner_op.key[0] != ObjectKind.OWNER or owner_op.tag != "alter":
            continue
        old, new = current.items[owner_op.key], desired.items[owner_op.key]
        assert isinstance(old, Owner) and isinstance(new, Owner)
        carried = _carried(old.target, catalogs)
        for op in ops:
            grant = desired.items.get(op.key) or current.items.get(op.key)
            if not isinstance(grant, Grant) or not _on(grant, old.target, carried):
                continue
            if grant.grantee == new.role:
                owner_op.after.append(op.id)
            elif grant.grantee == old.role:
                op.after.append(owner_op.id)
