"""Turn the rows of the newer catalog queries into model objects (see `build.py`).

Collations (`collations.sql`), composite types (`composites.sql`),
aggregates (`aggregates.sql`), privileges, default privileges and owners
(`privileges.sql`): the single-letter codes of `pg_catalog` become the enums
of `kinds.py` here.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from primedb.catalog.aggregates import Aggregate
from primedb.catalog.collations import Collation
from primedb.catalog.composites import Attribute, CompositeType
from primedb.catalog.kinds import (
    PARALLEL_CODES,
    AggregateKind,
    CollationProvider,
    FinalModify,
    ObjectKind,
    PrivilegeTarget,
)
from primedb.catalog.privileges import DefaultPrivilege, Grant, Owner

Row = Mapping[str, Any]

_PROVIDER = {"i": CollationProvider.ICU, "c": CollationProvider.LIBC}
_AGGREGATE = {
    "n": AggregateKind.NORMAL,
    "o": AggregateKind.ORDERED_SET,
    "h": AggregateKind.HYPOTHETICAL,
}
_MODIFY = {"r": FinalModify.READ_ONLY, "s": FinalModify.SHAREABLE, "w": FinalModify.READ_WRITE}
_TARGET = {
    "r": PrivilegeTarget.TABLES,
    "S": PrivilegeTarget.SEQUENCES,
    "f": PrivilegeTarget.FUNCTIONS,
    "T": PrivilegeTarget.TYPES,
    "n": PrivilegeTarget.SCHEMAS,
}


def _key(parts: Iterable[str]) -> tuple[str, ...]:
    items = list(parts)
    return (ObjectKind(items[0]), *items[1:])


def collations(rows: Iterable[Row]) -> list[Collation]:
    return [
        Collation(
            schema=r["schema"],
            name=r["name"],
            provider=_PROVIDER[r["provider"]],
            locale=r["locale"],
            lc_collate=r["lc_collate"],
            lc_ctype=r["lc_ctype"],
            deterministic=r["deterministic"],
            comment=r["comment"],
        )
        for r in rows
    ]


def composites(rows: Iterable[Row]) -> list[CompositeType]:
    return [
        CompositeType(
            schema=r["schema"],
            name=r["name"],
            attributes=tuple(
                Attribute(
                    name=a["name"], type=a["type"], collation=a["collation"], comment=a["comment"]
                )
                for a in r["attributes"]
            ),
            comment=r["comment"],
        )
        for r in rows
    ]


def _modify(code: str, function: str | None) -> FinalModify | None:
    return _MODIFY[code] if function is not None else None


def aggregates(rows: Iterable[Row]) -> list[Aggregate]:
    return [
        Aggregate(
            schema=r["schema"],
            name=r["name"],
            argument_types=r["argument_types"],
            arguments=r["arguments"],
            identity=r["identity"],
            result=r["result"],
            kind=_AGGREGATE[r["kind"]],
            state_function=r["state_function"],
            state_type=r["state_type"],
            state_space=r["state_space"],
            final_function=r["final_function"],
            final_extra=r["final_extra"],
            final_modify=_modify(r["final_modify"], r["final_function"]),
            combine_function=r["combine_function"],
            serial_function=r["serial_function"],
            deserial_function=r["deserial_function"],
            initial_condition=r["initial_condition"],
            moving_state_function=r["moving_state_function"],
            moving_inverse_function=r["moving_inverse_function"],
            moving_state_type=r["moving_state_type"],
            moving_state_space=r["moving_state_space"],
            moving_final_function=r["moving_final_function"],
            moving_final_extra=r["moving_final_extra"],
            moving_final_modify=_modify(r["moving_final_modify"], r["moving_final_function"]),
            moving_initial_condition=r["moving_initial_condition"],
            sort_operator=r["sort_operator"],
            parallel=PARALLEL_CODES[r["parallel"]],
            comment=r["comment"],
        )
        for r in rows
    ]


def grants(rows: Iterable[Row]) -> list[Grant]:
    return [
        Grant(
            target=_key(r["target"]),
            grantee=r["grantee"],
            privileges=tuple(r["privileges"]),
            grantable=tuple(r["grantable"]),
        )
        for r in rows
    ]


def default_privileges(rows: Iterable[Row]) -> list[DefaultPrivilege]:
    return [
        DefaultPrivilege(
            role=r["role"],
            schema=r["schema"],
            on=_TARGET[r["objtype"]],
            grantee=r["grantee"],
            privileges=tuple(r["privileges"]),
            grantable=tuple(r["grantable"]),
        )
        for r in rows
    ]


def owners(rows: Iterable[Row]) -> list[Owner]:
    return [Owner(target=_key(r["target"]), role=r["role"]) for r in rows]
