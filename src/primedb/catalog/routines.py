"""Code that runs in the database: functions, procedures, triggers, row-level security policies."""

from dataclasses import dataclass, field

from primedb.catalog.kinds import (
    FunctionKind,
    Key,
    ObjectKind,
    Parallel,
    PolicyCommand,
    RelationKind,
    TriggerEnabled,
    TriggerEvent,
    TriggerTiming,
    Volatility,
)
from primedb.catalog.quote import ident, qualified

__all__ = ["Function", "Policy", "Trigger"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Function:
    """A function or a procedure; its identity is its name and its argument types."""

    schema: str
    name: str
    kind: FunctionKind = FunctionKind.FUNCTION
    argument_types: str = ""  # the identity: `text, integer` (types only, no names)
    arguments: str = ""  # pg_get_function_arguments: names, modes and defaults
    result: str | None = None  # pg_get_function_result; None for procedures
    language: str = "sql"
    volatility: Volatility = Volatility.VOLATILE
    strict: bool = False
    security_definer: bool = False
    leakproof: bool = False
    parallel: Parallel = Parallel.UNSAFE
    cost: float = 100.0
    rows: float = 0.0
    config: tuple[str, ...] = ()  # SET clauses: `search_path=pg_catalog, shop`
    definition: str = ""  # pg_get_functiondef: the whole CREATE OR REPLACE statement
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def signature(self) -> str:
        """`cnpj_is_valid(text)`: the name PostgreSQL knows it by, unqualified."""
        return f"{self.name}({self.argument_types})"

    @property
    def qualified_signature(self) -> str:
        """`public.cnpj_is_valid(text)`, quoted as needed, as DROP and COMMENT take it."""
        return f"{qualified(self.schema, self.name)}({self.argument_types})"

    @property
    def key(self) -> Key:
        return (self.kind.object_kind, self.schema, self.signature)

    @property
    def label(self) -> str:
        return f"{self.kind.value} {self.qualified_signature}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger:
    schema: str
    table: str
    name: str
    function: Key  # the key of the function it executes
    table_kind: RelationKind = RelationKind.TABLE
    timing: TriggerTiming = TriggerTiming.AFTER
    events: tuple[TriggerEvent, ...] = ()  # in INSERT, UPDATE, DELETE, TRUNCATE order
    columns: tuple[str, ...] = ()  # UPDATE OF ...
    for_each_row: bool = False
    constraint: bool = False  # CREATE CONSTRAINT TRIGGER
    deferrable: bool = False
    initially_deferred: bool = False
    enabled: TriggerEnabled = TriggerEnabled.ORIGIN
    definition: str = ""  # pg_get_triggerdef: the whole CREATE [CONSTRAINT] TRIGGER
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.TRIGGER, self.schema, self.table, self.name)

    @property
    def table_key(self) -> Key:
        return (self.table_kind.object_kind, self.schema, self.table)

    @property
    def label(self) -> str:
        return f"trigger {ident(self.name)} on {qualified(self.schema, self.table)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    schema: str
    table: str
    name: str
    command: PolicyCommand = PolicyCommand.ALL
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)  # sorted; `public` is every role
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return (ObjectKind.POLICY, self.schema, self.table, self.name)

    @property
    def table_key(self) -> Key:
        return (ObjectKind.TABLE, self.schema, self.table)

    @property
    def label(self) -> str:
        return f"policy {ident(self.name)} on {qualified(self.schema, self.table)}"
