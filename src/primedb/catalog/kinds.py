"""The closed sets of the catalog model: object kinds and the enum-like attributes.

Every object has a `key`, a tuple of strings starting with its `ObjectKind`
value, e.g. `("table", "public", "accounts")`. Keys never contain OIDs, so the
same schema read from two databases gives the same keys. The order of
`ObjectKind` is the order in which kinds are created when dependencies do not
decide (ties in the topological order are broken by kind, then by key).
"""

from enum import Enum

__all__ = [
    "ConstraintKind",
    "FkAction",
    "FkMatch",
    "FunctionKind",
    "IdentityKind",
    "Key",
    "ObjectKind",
    "Parallel",
    "Persistence",
    "PolicyCommand",
    "RelationKind",
    "TriggerEnabled",
    "TriggerEvent",
    "TriggerTiming",
    "Volatility",
]

Key = tuple[str, ...]


class ObjectKind(Enum):
    """The first element of every key; declaration order is the tie-break order."""

    SCHEMA = "schema"
    EXTENSION = "extension"
    ENUM = "enum"
    DOMAIN = "domain"
    SEQUENCE = "sequence"
    FUNCTION = "function"
    PROCEDURE = "procedure"
    TABLE = "table"
    CONSTRAINT = "constraint"
    INDEX = "index"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"
    TRIGGER = "trigger"
    POLICY = "policy"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def words(self) -> str:
        """How the kind reads in a message: `materialized view`."""
        return self.value.replace("_", " ")


_RANK = {kind: i for i, kind in enumerate(ObjectKind)}


class RelationKind(Enum):
    """What an index, a trigger or a column comment hangs on (values are key kinds)."""

    TABLE = "table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"


class Persistence(Enum):
    PERMANENT = "permanent"
    UNLOGGED = "unlogged"


class IdentityKind(Enum):
    ALWAYS = "ALWAYS"
    BY_DEFAULT = "BY DEFAULT"


class ConstraintKind(Enum):
    PRIMARY_KEY = "primary_key"
    UNIQUE = "unique"
    CHECK = "check"
    FOREIGN_KEY = "foreign_key"
    EXCLUSION = "exclusion"


class FkAction(Enum):
    """ON DELETE / ON UPDATE of a foreign key (values are the SQL words)."""

    NO_ACTION = "NO ACTION"
    RESTRICT = "RESTRICT"
    CASCADE = "CASCADE"
    SET_NULL = "SET NULL"
    SET_DEFAULT = "SET DEFAULT"


class FkMatch(Enum):
    SIMPLE = "SIMPLE"
    FULL = "FULL"
    PARTIAL = "PARTIAL"


class FunctionKind(Enum):
    FUNCTION = "function"
    PROCEDURE = "procedure"


class Volatility(Enum):
    IMMUTABLE = "IMMUTABLE"
    STABLE = "STABLE"
    VOLATILE = "VOLATILE"


class Parallel(Enum):
    SAFE = "SAFE"
    RESTRICTED = "RESTRICTED"
    UNSAFE = "UNSAFE"


class TriggerTiming(Enum):
    BEFORE = "BEFORE"
    AFTER = "AFTER"
    INSTEAD_OF = "INSTEAD OF"


class TriggerEvent(Enum):
    INSERT = "INSERT"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    TRUNCATE = "TRUNCATE"


class TriggerEnabled(Enum):
    """`pg_trigger.tgenabled`: when the trigger fires (session_replication_role)."""

    ORIGIN = "ORIGIN"  # the default: fires unless the session is a replica
    REPLICA = "REPLICA"  # fires only in replica sessions
    ALWAYS = "ALWAYS"
    DISABLED = "DISABLED"


class PolicyCommand(Enum):
    ALL = "ALL"
    SELECT = "SELECT"
    INSERT = "INSERT"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
