"""DDL of schemas, extensions, enum types, domains and sequences (see `ddl.py`).

Each function returns the statements (without the final semicolon) that
create or drop one object, comments included. Sequence numbers are written
only where they differ from PostgreSQL's defaults for the type and direction,
so a dump reads like hand-written DDL and still rebuilds exactly the same
sequence.
"""

from primedb.catalog.collations import Collation
from primedb.catalog.composites import CompositeType
from primedb.catalog.kinds import CollationProvider
from primedb.catalog.quote import ident, literal, qualified
from primedb.catalog.schemas import Domain, EnumType, Extension, Schema, Sequence, SequenceOptions

__all__ = [
    "attribute_sql",
    "create_collation",
    "create_composite",
    "create_domain",
    "create_enum",
    "create_extension",
    "create_schema",
    "create_sequence",
    "sequence_options_sql",
    "sequence_ownership",
]

_RANGES = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


def comment_on(what: str, comment: str | None) -> tuple[str, ...]:
    """`COMMENT ON <what> IS '...'`, or nothing."""
    return () if comment is None else (f"COMMENT ON {what} IS {literal(comment)}",)


def sequence_options_sql(data_type: str, options: SequenceOptions) -> str:
    """`START WITH 100 INCREMENT BY 5 CACHE 20`: the options that are not the defaults."""
    low, high = _RANGES.get(data_type, _RANGES["bigint"])
    ascending = options.increment > 0
    default_min, default_max = (1, high) if ascending else (low, -1)
    default_start = options.minimum if ascending else options.maximum
    parts: list[str] = []
    if options.start != default_start:
        parts.append(f"START WITH {options.start}")
    if options.increment != 1:
        parts.append(f"INCREMENT BY {options.increment}")
    if options.minimum != default_min:
        parts.append(f"MINVALUE {options.minimum}")
    if options.maximum != default_max:
        parts.append(f"MAXVALUE {options.maximum}")
    if options.cache != 1:
        parts.append(f"CACHE {options.cache}")
    if options.cycle:
        parts.append("CYCLE")
    return " ".join(parts)


def create_schema(schema: Schema) -> tuple[str, ...]:
    # IF NOT EXISTS: every database starts with `public`.
    name = ident(schema.name)
    return (f"CREATE SCHEMA IF NOT EXISTS {name}", *comment_on(f"SCHEMA {name}", schema.comment))


def create_extension(ext: Extension) -> tuple[str, ...]:
    # IF NOT EXISTS: the embedded cluster puts pg_stat_statements and hypopg
    # in template1, so they exist in every new database.
    name = ident(ext.name)
    create = (
        f"CREATE EXTENSION IF NOT EXISTS {name} WITH SCHEMA {ident(ext.schema)} "
        f"VERSION {literal(ext.version)}"
    )
    return (create, *comment_on(f"EXTENSION {name}", ext.comment))


def create_enum(enum: EnumType) -> tuple[str, ...]:
    name = qualified(enum.schema, enum.name)
    labels = ", ".join(literal(label) for label in enum.labels)
    return (f"CREATE TYPE {name} AS ENUM ({labels})", *comment_on(f"TYPE {name}", enum.comment))


def create_domain(domain: Domain) -> tuple[str, ...]:
    name = qualified(domain.schema, domain.name)
    parts = [f"CREATE DOMAIN {name} AS {domain.base_type}"]
    if domain.collation:
        parts.append(f"COLLATE {domain.collation}")
    if domain.default is not None:
        parts.append(f"DEFAULT {domain.default}")
    if domain.not_null:
        parts.append("NOT NULL")
    later: list[str] = []
    for check in domain.checks:
        if check.validated:
            parts.append(f"CONSTRAINT {ident(check.name)} {check.definition}")
        else:  # NOT VALID exists only in ALTER DOMAIN
            later.append(
                f"ALTER DOMAIN {name} ADD CONSTRAINT {ident(check.name)} {check.definition} "
                "NOT VALID"
            )
    comments = [
        stmt
        for check in domain.checks
        for stmt in comment_on(f"CONSTRAINT {ident(check.name)} ON DOMAIN {name}", check.comment)
    ]
    return (
        "\n    ".join(parts),
        *later,
        *comment_on(f"DOMAIN {name}", domain.comment),
        *comments,
    )


def create_sequence(seq: Sequence) -> tuple[str, ...]:
    """The sequence without its OWNED BY (see `sequence_ownership`)."""
    name = qualified(seq.schema, seq.name)
    unlogged = "UNLOGGED " if seq.persistence.value == "unlogged" else ""
    data_type = "" if seq.data_type == "bigint" else f" AS {seq.data_type}"
    options = sequence_options_sql(seq.data_type, seq.options)
    create = f"CREATE {unlogged}SEQUENCE {name}{data_type}" + (f" {options}" if options else "")
    return (create, *comment_on(f"SEQUENCE {name}", seq.comment))


def sequence_ownership(seq: Sequence) -> tuple[str, ...]:
    """`ALTER SEQUENCE ... OWNED BY t.c`: run once the owning table exists.

    Kept apart from the CREATE because a serial column's default calls the
    sequence (so the sequence comes first) while the ownership names the table.
    """
    if seq.owned_by is None:
        return ()
    schema, table, column = seq.owned_by
    return (
        f"ALTER SEQUENCE {qualified(seq.schema, seq.name)} OWNED BY "
        f"{qualified(schema, table)}.{ident(column)}",
    )


def create_collation(coll: Collation) -> tuple[str, ...]:
    name = coll.qualified_name
    options = [f"provider = {coll.provider.value}"]
    if coll.provider is CollationProvider.ICU or coll.lc_collate == coll.lc_ctype:
        options.append(f"locale = {literal(coll.locale or coll.lc_collate)}")
    else:
        options.append(f"lc_collate = {literal(coll.lc_collate)}")
        options.append(f"lc_ctype = {literal(coll.lc_ctype)}")
    if not coll.deterministic:
        options.append("deterministic = false")
    create = f"CREATE COLLATION {name} ({', '.join(options)})"
    return (create, *comment_on(f"COLLATION {name}", coll.comment))


def attribute_sql(name: str, type_name: str, collation: str | None) -> str:
    """`amount numeric(12,2)`, `label text COLLATE public.ci`."""
    collate = f" COLLATE {collation}" if collation else ""
    return f"{ident(name)} {type_name}{collate}"


def create_composite(composite: CompositeType) -> tuple[str, ...]:
    name = composite.qualified_name
    body = ",\n".join(
        f"    {attribute_sql(a.name, a.type, a.collation)}" for a in composite.attributes
    )
    create = f"CREATE TYPE {name} AS (\n{body}\n)" if body else f"CREATE TYPE {name} AS ()"
    comments = [
        stmt
        for a in composite.attributes
        for stmt in comment_on(f"COLUMN {name}.{ident(a.name)}", a.comment)
    ]
    return (create, *comment_on(f"TYPE {name}", composite.comment), *comments)
