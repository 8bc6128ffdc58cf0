"""The closed sets of the catalog model: object kinds and the enum-like attributes.

Every object has a `key`, a tuple starting with its `ObjectKind`, e.g.
`(ObjectKind.TABLE, "public", "accounts")`; a column is named the same way
(`(ObjectKind.COLUMN, schema, table, name)`) where something depends on it.
`ObjectKind` is a str enum, so keys compare, sort, hash and serialise as the
plain strings they are (`("table", "public", "accounts")` is the same key), and
code tests a key's kind with the enum, never with a string. Keys never contain
OIDs, so the same schema read from two databases gives the same keys. The
order of `ObjectKind` is the order in which kinds are created when
dependencies do not decide (ties in the topological order are broken by kind,
then by key).
"""

from enum import Enum, StrEnum

__all__ = [
    "PARALLEL_CODES",
    "AggregateKind",
    "CollationProvider",
    "ConstraintKind",
    "FinalModify",
    "FkAction",
    "FkMatch",
    "FunctionKind",
    "IdentityKind",
    "Key",
    "ObjectKind",
    "Parallel",
    "Persistence",
    "PolicyCommand",
    "PrivilegeTarget",
    "RelationKind",
    "TriggerEnabled",
    "TriggerEvent",
    "TriggerTiming",
    "Volatility",
]

Key = tuple[str, ...]  # (ObjectKind, name parts...): see the module docstring


class ObjectKind(StrEnum):
    """The first element of every key; declaration order is the tie-break order."""

    SCHEMA = "schema"
    EXTENSION = "extension"
    COLLATION = "collation"
    ENUM = "enum"
    DOMAIN = "domain"
    COMPOSITE_TYPE = "composite_type"
    SEQUENCE = "sequence"
    FUNCTION = "function"
    PROCEDURE = "procedure"
    AGGREGATE = "aggregate"
    TABLE = "table"
    COLUMN = "column"
    CONSTRAINT = "constraint"
    INDEX = "index"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"
    TRIGGER = "trigger"
    POLICY = "policy"
    GRANT = "grant"  # the privileges of one role on one object
    DEFAULT_PRIVILEGE = "default_privilege"  # ALTER DEFAULT PRIVILEGES, per role and kind
    OWNER = "owner"  # who owns an object (only with owners: read_catalog(with_owners=True))

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

    @property
    def object_kind(self) -> ObjectKind:
        return ObjectKind(self.value)


class CollationProvider(Enum):
    ICU = "icu"
    LIBC = "libc"


class AggregateKind(Enum):
    """`pg_aggregate.aggkind`: a plain aggregate, or an ordered-set or hypothetical-set one."""

    NORMAL = "normal"
    ORDERED_SET = "ordered_set"
    HYPOTHETICAL = "hypothetical"


class FinalModify(Enum):
    """FINALFUNC_MODIFY: what the final function may do to the state."""

    READ_ONLY = "READ_ONLY"
    SHAREABLE = "SHAREABLE"
    READ_WRITE = "READ_WRITE"


class PrivilegeTarget(Enum):
    """What ALTER DEFAULT PRIVILEGES applies to (`pg_default_acl.defaclobjtype`)."""

    TABLES = "TABLES"
    SEQUENCES = "SEQUENCES"
    FUNCTIONS = "FUNCTIONS"
    TYPES = "TYPES"
    SCHEMAS = "SCHEMAS"


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

    @property
    def object_kind(self) -> ObjectKind:
        return ObjectKind(self.value)


class Volatility(Enum):
    IMMUTABLE = "IMMUTABLE"
    STABLE = "STABLE"
    VOLATILE = "VOLATILE"


class Parallel(Enum):
    SAFE = "SAFE"
    RESTRICTED = "RESTRICTED"
    UNSAFE = "UNSAFE"


# pg_proc.proparallel, for functions and aggregates alike.
PARALLEL_CODES = {"s": Parallel.SAFE, "r": Parallel.RESTRICTED, "u": Parallel.UNSAFE}


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
