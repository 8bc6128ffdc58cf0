"""Aggregates: created, dropped, replaced in place.

`CREATE OR REPLACE AGGREGATE` changes an aggregate's functions, state and
options while its kind, arguments and result stay; anything else drops and
creates it, with what depends on it (a view that calls it). Either way it
changes what its callers get (`behaviour_change`).
"""

from dataclasses import replace

from primedb.catalog import ddl
from primedb.catalog.aggregates import Aggregate
from primedb.catalog.ddl_aggregates import create_aggregate
from primedb.catalog.ddl_aggregates import drop_aggregate as drop_sql
from primedb.diff.common import comment, plain
from primedb.diff.context import Side, hazard, statement
from primedb.diff.hazards import HazardKind as K
from primedb.diff.plan import LockLevel, Statement

__all__ = ["alter_aggregate", "create", "drop_aggregate"]

Statements = tuple[Statement, ...]


def create(agg: Aggregate, side: Side) -> Statements:
    return tuple(plain(s, side) for s in ddl.create_statements(agg))


def drop_aggregate(agg: Aggregate, side: Side) -> Statements:
    change = hazard(K.BEHAVIOUR_CHANGE, agg.aggregate_signature, "its callers fail")
    return (statement(drop_sql(agg), LockLevel.NONE, side, hazards=[change]),)


def alter_aggregate(a: Aggregate, b: Aggregate, side: Side) -> Statements:
    out: list[Statement] = []
    if _replace_free(a) != _replace_free(b):
        change = hazard(K.BEHAVIOUR_CHANGE, b.aggregate_signature, "its callers get the new one")
        out.extend(
            statement(s, LockLevel.NONE, side, hazards=[change])
            for s in create_aggregate(b, replace=True)
        )
    out.extend(comment(f"AGGREGATE {b.aggregate_signature}", a.comment, b.comment, side))
    return tuple(out)


def _replace_free(agg: Aggregate) -> Aggregate:
    """The aggregate without what CREATE OR REPLACE does not set (its comment)."""
    return replace(agg, comment=None, depends_on=())
