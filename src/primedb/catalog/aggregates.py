"""Aggregates: `CREATE AGGREGATE`, with the functions and states that make them.

PostgreSQL has no function that prints an aggregate's definition, so the
model keeps its parts as `pg_aggregate` holds them (function references as
`regprocedure` text, qualified when not in `pg_catalog`), and the DDL writes
`CREATE AGGREGATE` from them. Its identity, like a function's, is its name
and argument types.
"""

from dataclasses import dataclass, field

from primedb.catalog.kinds import AggregateKind, FinalModify, Key, ObjectKind, Parallel
from primedb.catalog.quote import qualified

__all__ = ["Aggregate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate:
    schema: str
    name: str
    argument_types: str = ""  # the identity: `integer`, `text, integer`
    arguments: str = ""  # as CREATE AGGREGATE takes them: `integer`, `text ORDER BY integer`
    identity: str = ""  # as DROP and COMMENT name it: `integer`, `text ORDER BY integer`
    result: str = ""  # the result type
    kind: AggregateKind = AggregateKind.NORMAL
    state_function: str = ""  # SFUNC, as a function name
    state_type: str = ""  # STYPE
    state_space: int = 0  # SSPACE (0: the default estimate)
    final_function: str | None = None
    final_extra: bool = False
    final_modify: FinalModify | None = None  # with a final function
    combine_function: str | None = None
    serial_function: str | None = None
    deserial_function: str | None = None
    initial_condition: str | None = None
    moving_state_function: str | None = None  # MSFUNC (moving-aggregate mode)
    moving_inverse_function: str | None = None  # MINVFUNC
    moving_state_type: str | None = None
    moving_state_space: int = 0
    moving_final_function: str | None = None
    moving_final_extra: bool = False
    moving_final_modify: FinalModify | None = None
    moving_initial_condition: str | None = None
    sort_operator: str | None = None  # SORTOP: `OPERATOR(pg_catalog.>)`
    parallel: Parallel = Parallel.UNSAFE
    comment: str | None = None
    depends_on: tuple[Key, ...] = field(default=(), compare=False)

    @property
    def signature(self) -> str:
        return f"{self.name}({self.argument_types})"

    @property
    def qualified_signature(self) -> str:
        """`public.median(numeric)`, as GRANT ... ON FUNCTION takes it."""
        return f"{qualified(self.schema, self.name)}({self.argument_types})"

    @property
    def aggregate_signature(self) -> str:
        """`public.median(numeric)`, `public.cnt(*)`: as DROP and COMMENT ON AGGREGATE take it."""
        return f"{qualified(self.schema, self.name)}({self.identity or '*'})"

    @property
    def key(self) -> Key:
        return (ObjectKind.AGGREGATE, self.schema, self.signature)

    @property
    def label(self) -> str:
        return f"aggregate {self.aggregate_signature}"
