"""Turn the rows of the catalog queries (`sql/*.sql`) into model objects.

One function per query, each taking the rows as dicts. The single-letter codes
of `pg_catalog` (`relpersistence`, `contype`, `confdeltype`, `tgtype` bits, ...)
become the enums of `kinds.py` here, and nowhere else.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from primedb.catalog.canonical import canonical, canonical_or_none
from primedb.catalog.kinds import (
    PARALLEL_CODES,
    ConstraintKind,
    FkAction,
    FkMatch,
    FunctionKind,
    IdentityKind,
    Persistence,
    PolicyCommand,
    RelationKind,
    TriggerEnabled,
    TriggerEvent,
    TriggerTiming,
    Volatility,
)
from primedb.catalog.quote import qualified
from primedb.catalog.routines import Function, Policy, Trigger
from primedb.catalog.schemas import (
    Domain,
    DomainCheck,
    EnumType,
    Extension,
    Schema,
    Sequence,
    SequenceOptions,
)
from primedb.catalog.tables import Column, Constraint, Identity, Index, IndexColumn, Table, View

Row = Mapping[str, Any]

_PERSISTENCE = {"p": Persistence.PERMANENT, "u": Persistence.UNLOGGED}
_RELATION = {
    "r": RelationKind.TABLE,
    "p": RelationKind.TABLE,
    "v": RelationKind.VIEW,
    "m": RelationKind.MATERIALIZED_VIEW,
}
_CONSTRAINT = {
    "p": ConstraintKind.PRIMARY_KEY,
    "u": ConstraintKind.UNIQUE,
    "c": ConstraintKind.CHECK,
    "f": ConstraintKind.FOREIGN_KEY,
    "x": ConstraintKind.EXCLUSION,
}
_FK_ACTION = {
    "a": FkAction.NO_ACTION,
    "r": FkAction.RESTRICT,
    "c": FkAction.CASCADE,
    "n": FkAction.SET_NULL,
    "d": FkAction.SET_DEFAULT,
}
_FK_MATCH = {"s": FkMatch.SIMPLE, "f": FkMatch.FULL, "p": FkMatch.PARTIAL}
_VOLATILITY = {"i": Volatility.IMMUTABLE, "s": Volatility.STABLE, "v": Volatility.VOLATILE}
_ENABLED = {
    "O": TriggerEnabled.ORIGIN,
    "R": TriggerEnabled.REPLICA,
    "A": TriggerEnabled.ALWAYS,
    "D": TriggerEnabled.DISABLED,
}
_POLICY = {
    "*": PolicyCommand.ALL,
    "r": PolicyCommand.SELECT,
    "a": PolicyCommand.INSERT,
    "w": PolicyCommand.UPDATE,
    "d": PolicyCommand.DELETE,
}
# pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
_ROW, _BEFORE, _INSTEAD = 1, 2, 64
_EVENT_BITS = (
    (4, TriggerEvent.INSERT),
    (16, TriggerEvent.UPDATE),
    (8, TriggerEvent.DELETE),
    (32, TriggerEvent.TRUNCATE),
)
_NOT_VALID = " NOT VALID"


def _without_not_valid(definition: str, validated: bool) -> str:
    """pg_get_constraintdef appends NOT VALID; the model keeps that in `validated`."""
    if not validated and definition.endswith(_NOT_VALID):
        return definition[: -len(_NOT_VALID)]
    return definition


def schemas(rows: Iterable[Row]) -> list[Schema]:
    return [Schema(name=r["name"], comment=r["comment"]) for r in rows]


def extensions(rows: Iterable[Row]) -> list[Extension]:
    return [
        Extension(
            name=r["name"],
            schema=r["schema"],
            version=r["version"],
            comment=r["comment"],
            update_targets=tuple(r["update_targets"]),
        )
        for r in rows
    ]


def enums(rows: Iterable[Row]) -> list[EnumType]:
    return [
        EnumType(
            schema=r["schema"], name=r["name"], labels=tuple(r["labels"]), comment=r["comment"]
        )
        for r in rows
    ]


def domains(rows: Iterable[Row]) -> list[Domain]:
    return [
        Domain(
            schema=r["schema"],
            name=r["name"],
            base_type=r["base_type"],
            default=canonical_or_none(r["default_value"]),
            not_null=r["not_null"],
            collation=r["collation"],
            checks=tuple(
                DomainCheck(
                    name=c["name"],
                    definition=canonical(_without_not_valid(c["definition"], c["validated"])),
                    validated=c["validated"],
                    comment=c["comment"],
                )
                for c in r["checks"]
            ),
            comment=r["comment"],
        )
        for r in rows
    ]


def _options(r: Row) -> SequenceOptions:
    return SequenceOptions(
        start=r["start"],
        increment=r["increment"],
        minimum=r["minimum"],
        maximum=r["maximum"],
        cache=r["cache"],
        cycle=r["cycle"],
    )


def sequences(rows: Iterable[Row]) -> list[Sequence]:
    return [
        Sequence(
            schema=r["schema"],
            name=r["name"],
            data_type=r["data_type"],
            options=_options(r),
            persistence=_PERSISTENCE[r["persistence"]],
            owned_by=tuple(r["owned_by"]) if r["owned_by"] else None,
            comment=r["comment"],
        )
        for r in rows
    ]


def column(r: Row) -> Column:
    identity = None
    if r["identity"]:
        identity = Identity(
            kind=IdentityKind.ALWAYS if r["identity"] == "a" else IdentityKind.BY_DEFAULT,
            options=_options(r),
            sequence=r["identity_sequence"] or "",
        )
    return Column(
        name=r["name"],
        type=r["type"],
        position=r["position"],
        not_null=r["not_null"],
        default=canonical_or_none(r["default_value"]),
        identity=identity,
        generated=canonical_or_none(r["generated"]),
        collation=r["collation"],
        statistics=r["statistics"],
        comment=r["comment"],
    )


def table(r: Row, columns: Iterable[Column]) -> Table:
    return Table(
        schema=r["schema"],
        name=r["name"],
        columns=tuple(sorted(columns, key=lambda c: c.name)),
        persistence=_PERSISTENCE[r["persistence"]],
        options=tuple(sorted(r["options"])),
        partition_key=r["partition_key"],
        parent=tuple(r["parent"]) if r["parent"] else None,
        partition_bound=r["partition_bound"],
        inherits=tuple((schema, name) for schema, name in r["inherits"]),
        rls_enabled=r["rls_enabled"],
        rls_forced=r["rls_forced"],
        comment=r["comment"],
    )


def constraints(rows: Iterable[Row]) -> list[Constraint]:
    found: list[Constraint] = []
    for r in rows:
        foreign = r["kind"] == "f"
        found.append(
            Constraint(
                schema=r["schema"],
                table=r["relation"],
                name=r["name"],
                kind=_CONSTRAINT[r["kind"]],
                definition=canonical(_without_not_valid(r["definition"], r["validated"])),
                columns=tuple(r["columns"]),
                validated=r["validated"],
                deferrable=r["deferrable"],
                initially_deferred=r["initially_deferred"],
                no_inherit=r["no_inherit"],
                references=tuple(r["references_table"]) if foreign else None,
                referenced_columns=tuple(r["referenced_columns"]),
                on_update=_FK_ACTION[r["on_update"]] if foreign else None,
                on_delete=_FK_ACTION[r["on_delete"]] if foreign else None,
                on_delete_columns=tuple(r["on_delete_columns"]),
                match=_FK_MATCH[r["match_type"]] if foreign else None,
                index=r["index_name"],
                comment=r["comment"],
            )
        )
    return found


def indexes(rows: Iterable[Row]) -> list[Index]:
    found: list[Index] = []
    for r in rows:
        definition = canonical(r["definition"])
        on = qualified(r["schema"], r["relation"])
        # An index of a partitioned table reads `ON ONLY t`; created that way it
        # would cover no partition. `ON t` creates it on every partition too.
        definition = definition.replace(f" ON ONLY {on} ", f" ON {on} ", 1)
        found.append(
            Index(
                schema=r["schema"],
                name=r["name"],
                table=r["relation"],
                table_kind=_RELATION[r["relkind"]],
                method=r["method"],
                unique=r["is_unique"],
                nulls_not_distinct=r["nulls_not_distinct"],
                columns=tuple(
                    IndexColumn(
                        expression=canonical(c["expression"]),
                        is_expression=c["is_expression"],
                        opclass=c["opclass"],
                        collation=c["collation"],
                        descending=bool(c["option"] & 1),
                        nulls_first=bool(c["option"] & 2),
                    )
                    for c in r["key_columns"] or ()
                ),
                include=tuple(r["include"]),
                predicate=canonical_or_none(r["predicate"]),
                options=tuple(sorted(r["options"])),
                constraint=r["constraint_name"],
                clustered=r["clustered"],
                valid=r["valid"],
                partitions=tuple((s, t, n) for s, t, n in r["partitions"]),
                definition=definition,
                comment=r["comment"],
            )
        )
    return found


def view(r: Row, columns: Iterable[Column]) -> View:
    cols = sorted(columns, key=lambda c: c.position)
    return View(
        schema=r["schema"],
        name=r["name"],
        materialized=r["materialized"],
        # pg_get_viewdef ends the SELECT with a semicolon; DDL adds its own.
        definition=canonical(r["definition"].rstrip().removesuffix(";")),
        columns=tuple(c.name for c in cols),
        column_types=tuple(c.type for c in cols),
        options=tuple(sorted(r["options"])),
        populated=r["populated"],
        column_comments=tuple(sorted((c.name, c.comment) for c in cols if c.comment is not None)),
        comment=r["comment"],
    )


def functions(rows: Iterable[Row]) -> list[Function]:
    return [
        Function(
            schema=r["schema"],
            name=r["name"],
            kind=FunctionKind.PROCEDURE if r["kind"] == "p" else FunctionKind.FUNCTION,
            argument_types=r["argument_types"],
            arguments=canonical(r["arguments"]),
            result=r["result"],
            language=r["language"],
            volatility=_VOLATILITY[r["volatility"]],
            strict=r["strict"],
            security_definer=r["security_definer"],
            leakproof=r["leakproof"],
            parallel=PARALLEL_CODES[r["parallel"]],
            cost=float(r["cost"]),
            rows=float(r["result_rows"]),
            config=tuple(r["config"]),
            definition=canonical(r["definition"]),
            comment=r["comment"],
        )
        for r in rows
    ]


def triggers(rows: Iterable[Row]) -> list[Trigger]:
    found: list[Trigger] = []
    for r in rows:
        bits: int = r["type_bits"]
        timing = (
            TriggerTiming.INSTEAD_OF
            if bits & _INSTEAD
            else TriggerTiming.BEFORE
            if bits & _BEFORE
            else TriggerTiming.AFTER
        )
        found.append(
            Trigger(
                schema=r["schema"],
                table=r["relation"],
                name=r["name"],
                function=tuple(r["function_key"]),
                table_kind=_RELATION[r["relkind"]],
                timing=timing,
                events=tuple(event for bit, event in _EVENT_BITS if bits & bit),
                columns=tuple(r["columns"]),
                for_each_row=bool(bits & _ROW),
                constraint=r["is_constraint"],
                deferrable=r["deferrable"],
                initially_deferred=r["initially_deferred"],
                enabled=_ENABLED[r["enabled"]],
                definition=canonical(r["definition"]),
                comment=r["comment"],
            )
        )
    return found


def policies(rows: Iterable[Row]) -> list[Policy]:
    return [
        Policy(
            schema=r["schema"],
            table=r["relation"],
            name=r["name"],
            command=_POLICY[r["command"]],
            permissive=r["permissive"],
            roles=tuple(r["roles"]),
            using=canonical_or_none(r["using_expression"]),
            with_check=canonical_or_none(r["check_expression"]),
            comment=r["comment"],
        )
        for r in rows
    ]
