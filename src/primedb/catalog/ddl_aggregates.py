"""DDL of aggregates (see `aggregates.py` and `ddl.py`).

`CREATE AGGREGATE name (arguments) (SFUNC = ..., STYPE = ..., ...)`, every
part written that is not at its default. `CREATE OR REPLACE AGGREGATE`
(PostgreSQL 12 and later) changes one in place while its kind, arguments
and result stay.
"""

from primedb.catalog.aggregates import Aggregate
from primedb.catalog.ddl_types import comment_on
from primedb.catalog.kinds import AggregateKind, Parallel
from primedb.catalog.quote import literal, qualified

__all__ = ["aggregate_options", "create_aggregate", "drop_aggregate"]


def aggregate_options(agg: Aggregate) -> list[str]:
    """The options of CREATE AGGREGATE, in the order the documentation lists them."""
    parts = [f"SFUNC = {agg.state_function}", f"STYPE = {agg.state_type}"]
    if agg.state_space:
        parts.append(f"SSPACE = {agg.state_space}")
    if agg.final_function is not None:
        parts.append(f"FINALFUNC = {agg.final_function}")
        if agg.final_extra:
            parts.append("FINALFUNC_EXTRA")
        if agg.final_modify is not None:
            parts.append(f"FINALFUNC_MODIFY = {agg.final_modify.value}")
    if agg.combine_function is not None:
        parts.append(f"COMBINEFUNC = {agg.combine_function}")
    if agg.serial_function is not None:
        parts.append(f"SERIALFUNC = {agg.serial_function}")
    if agg.deserial_function is not None:
        parts.append(f"DESERIALFUNC = {agg.deserial_function}")
    if agg.initial_condition is not None:
        parts.append(f"INITCOND = {literal(agg.initial_condition)}")
    if agg.moving_state_function is not None:
        parts.append(f"MSFUNC = {agg.moving_state_function}")
        parts.append(f"MINVFUNC = {agg.moving_inverse_function}")
        parts.append(f"MSTYPE = {agg.moving_state_type}")
        if agg.moving_state_space:
            parts.append(f"MSSPACE = {agg.moving_state_space}")
        if agg.moving_final_function is not None:
            parts.append(f"MFINALFUNC = {agg.moving_final_function}")
            if agg.moving_final_extra:
                parts.append("MFINALFUNC_EXTRA")
            if agg.moving_final_modify is not None:
                parts.append(f"MFINALFUNC_MODIFY = {agg.moving_final_modify.value}")
        if agg.moving_initial_condition is not None:
            parts.append(f"MINITCOND = {literal(agg.moving_initial_condition)}")
    if agg.sort_operator is not None:
        parts.append(f"SORTOP = {agg.sort_operator}")
    if agg.kind is AggregateKind.HYPOTHETICAL:
        parts.append("HYPOTHETICAL")
    if agg.parallel is not Parallel.UNSAFE:
        parts.append(f"PARALLEL = {agg.parallel.value}")
    return parts


def create_aggregate(agg: Aggregate, *, replace: bool = False) -> tuple[str, ...]:
    head = "CREATE OR REPLACE AGGREGATE" if replace else "CREATE AGGREGATE"
    arguments = agg.arguments or "*"
    options = ",\n    ".join(aggregate_options(agg))
    create = f"{head} {qualified(agg.schema, agg.name)}({arguments}) (\n    {options}\n)"
    if replace:
        return (create,)
    return (create, *comment_on(f"AGGREGATE {agg.aggregate_signature}", agg.comment))


def drop_aggregate(agg: Aggregate) -> str:
    return f"DROP AGGREGATE {agg.aggregate_signature}"
