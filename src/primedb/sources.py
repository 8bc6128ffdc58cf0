"""Where a catalog comes from (a SOURCE), and the plan between two sources.

A SOURCE is one of:

- a DSN: that live database, read as it is (Alembic's `alembic_version`
  left out: it says where a database is, not what its schema is);
- `schema`: the schema files applied to a scratch database, read, dropped;
- `migrations`: the revisions upgraded to head on a scratch database.

The named sources are built on scratch databases of `server`, a DSN the
caller has already resolved (the CLI resolves it as every command does:
`--dsn`, `PRIMEDB_DSN`, `DATABASE_URL`, else a throwaway cluster); two DSNs
need no server at all (`needs_server`). `primedb revision`, `primedb check`
and the drift check build the same two states with the same functions
(`primedb.schema.build_schema` / `schema_catalog`, and the runner's
`upgrade` / `schema_at`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from primedb.catalog.model import Catalog
from primedb.diff.engine import diff
from primedb.diff.markers import schema_renames
from primedb.diff.plan import Plan, Timeouts
from primedb.diff.renames import Rename
from primedb.diff.rows import table_rows
from primedb.errors import UsageError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.runner import schema_at
from primedb.pg.dsn import check
from primedb.schema.build import schema_catalog
from primedb.schema.roles import ensure_roles

__all__ = [
    "Folders",
    "NamedSource",
    "catalog_from",
    "looks_like_dsn",
    "needs_server",
    "plan_between",
]


class NamedSource(Enum):
    """The sources given by name rather than by DSN."""

    SCHEMA = "schema"
    MIGRATIONS = "migrations"


@dataclass(frozen=True, slots=True)
class Folders:
    """Where the named sources come from."""

    schema_dir: Path
    migrations_dir: Path


def _named(source: str) -> NamedSource | None:
    try:
        return NamedSource(source)
    except ValueError:
        return None


def looks_like_dsn(source: str) -> bool:
    """A DSN rather than a name: `postgresql://...` or key=value."""
    return "://" in source or "=" in source


def needs_server(*sources: str) -> bool:
    """True when one of `sources` is built on a scratch database (a named source)."""
    return any(_named(s) is not None for s in sources)


def catalog_from(
    source: str,
    *,
    server: str | None,
    folders: Folders,
    include_managed_partitions: bool = False,
    with_owners: bool = False,
) -> Catalog:
    """The catalog of `source`; a named one is built on a scratch database of `server`.

    `with_owners` reads who owns each object too (`--with-owners`).
    """
    named = _named(source)
    if named is None:
        if not looks_like_dsn(source):
            known = ", ".join(n.value for n in NamedSource)
            raise UsageError(
                f"unknown source {source!r}: a source is a DSN (postgresql://... or key=value) "
                f"or one of {known}"
            )
        return read_schema(
            check(source),
            include_managed_partitions=include_managed_partitions,
            with_owners=with_owners,
        )
    if server is None:
        raise UsageError(f"the source {named.value!r} needs a server to build it on (--dsn)")
    if named is NamedSource.SCHEMA:
        return schema_catalog(
            server,
            folders.schema_dir,
            include_managed_partitions=include_managed_partitions,
            with_owners=with_owners,
        )
    ensure_roles(server, folders.schema_dir)  # the revisions grant to them
    return schema_at(
        server,
        folders.migrations_dir,
        "head",
        include_managed_partitions=include_managed_partitions,
        with_owners=with_owners,
    )


def plan_between(
    source: str,
    target: str,
    *,
    server: str | None,
    folders: Folders,
    renames: Iterable[Rename] = (),
    timeouts: Timeouts | None = None,
    with_owners: bool = False,
) -> Plan:
    """The plan from `source` to `target`.

    Rename hints are the given ones plus, when the plan ends at `schema`, the
    markers of the schema files. `with_owners` makes owners part of both sides
    (ALTER ... OWNER TO where they differ). Row estimates come from `source` when it is a
    DSN (a table without statistics is assumed to hold rows).
    """
    hints = list(renames)
    if _named(target) is NamedSource.SCHEMA:
        hints.extend(schema_renames(folders.schema_dir))
    current = catalog_from(source, server=server, folders=folders, with_owners=with_owners)
    desired = catalog_from(target, server=server, folders=folders, with_owners=with_owners)
    rows = table_rows(check(source)) if _named(source) is None else {}
    return diff(current, desired, renames=hints, timeouts=timeouts or Timeouts(), rows=rows)
