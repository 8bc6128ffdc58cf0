"""The stairway: every revision up, then down and up and down again, holding rows.

`walk_up` applies the revisions one at a time from base on an empty scratch
database and keeps the catalog after each: the schema each revision really
produces. Each is held to the hashes its file records (`expects_schema`,
`produces_schema`), so a revision edited by hand after `primedb revision`
wrote it is caught.

Then the rows are loaded at head, and `walk_down` goes back one revision at
a time; at each, downgrade, upgrade and downgrade again, and after every
step the catalog must equal the one recorded on the way up, and the tables
the revision does not touch must hold the same rows as before the step.
So every revision runs upgrade -> downgrade -> upgrade, the last two over rows.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from primedb.catalog.kinds import ObjectKind
from primedb.catalog.model import Catalog
from primedb.catalog.tables import Table
from primedb.errors import PrimedbError
from primedb.migrations.bookkeeping import read_schema
from primedb.migrations.check.findings import Check, Finding
from primedb.migrations.check.rows import Fingerprint, fingerprints
from primedb.migrations.differences import catalog_differences, describe
from primedb.migrations.history import History, RevisionInfo
from primedb.migrations.runner import downgrade, upgrade
from primedb.migrations.schemahash import catalog_hash, short

__all__ = ["Climb", "touched_tables", "walk_down", "walk_up"]

TableName = tuple[str, str]


@dataclass(slots=True)
class Climb:
    """What the walk up saw: the schema at base and after each revision reached."""

    catalogs: dict[str | None, Catalog] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    reached: str | None = None  # the last revision applied
    complete: bool = False  # every revision applied


def walk_up(dsn: str, history: History) -> Climb:
    """Apply every revision from base, one at a time; record and hold each to its hashes."""
    climb = Climb()
    climb.catalogs[None] = read_schema(dsn)
    for revision in history.revisions:
        before = climb.catalogs[revision.down_revision]
        _expects(climb, revision, before)
        try:
            upgrade(dsn, history.folder, revision.revision)
        except PrimedbError as exc:
            climb.findings.append(_finding(revision, f"upgrade from an empty database: {exc}"))
            return climb
        after = read_schema(dsn)
        climb.catalogs[revision.revision] = after
        climb.reached = revision.revision
        if revision.produces_schema is not None and catalog_hash(after) != (
            revision.produces_schema
        ):
            climb.findings.append(
                Finding(
                    check=Check.HASHES,
                    revision=revision.revision,
                    message=(
                        f"its upgrade gives schema {short(catalog_hash(after))}, not the "
                        f"{short(revision.produces_schema)} its file records (produces_schema): "
                        "was the file edited by hand? regenerate it with primedb revision"
                    ),
                )
            )
    climb.complete = True
    return climb


def _expects(climb: Climb, revision: RevisionInfo, before: Catalog) -> None:
    if revision.expects_schema is None or catalog_hash(before) == revision.expects_schema:
        return
    start = f"revision {revision.down_revision}" if revision.down_revision else "base"
    climb.findings.append(
        Finding(
            check=Check.HASHES,
            revision=revision.revision,
            message=(
                f"it expects schema {short(revision.expects_schema)} (expects_schema), but "
                f"{start} leaves {short(catalog_hash(before))}: a revision before it was "
                "edited, or it was generated on another line of revisions"
            ),
        )
    )


def walk_down(dsn: str, history: History, climb: Climb) -> list[Finding]:
    """From head (with rows), each revision down, up and down again; stop at the first failure."""
    findings: list[Finding] = []
    for revision in reversed(history.revisions):
        above = climb.catalogs[revision.revision]
        below = climb.catalogs[revision.down_revision]
        step = _Step(dsn, history, revision, touched_tables(above, below), findings)
        rows = fingerprints(dsn)
        if not step.run("downgrade", revision.down_revision, below, rows):
            break
        if not step.run("upgrade after its downgrade", revision.revision, above, rows):
            break
        if not step.run("second downgrade", revision.down_revision, below, None):
            break
    return findings


@dataclass(slots=True)
class _Step:
    dsn: str
    history: History
    revision: RevisionInfo
    touched: frozenset[TableName]
    findings: list[Finding]

    def run(
        self,
        what: str,
        to: str | None,
        wanted: Catalog,
        rows: Mapping[TableName, Fingerprint] | None,
    ) -> bool:
        """One step, its schema and the untouched rows checked; False stops the walk."""
        try:
            if to == self.revision.revision:
                upgrade(self.dsn, self.history.folder, to)
            else:
                downgrade(self.dsn, self.history.folder, to)
        except PrimedbError as exc:
            self._add(f"{what} fails on a database holding rows: {exc}")
            return False
        found = read_schema(self.dsn)
        if found != wanted:
            target = f"revision {to}" if to else "base"
            text = describe(
                catalog_differences(found, wanted), actual="the result", expected=target
            )
            self._add(f"{what} does not give the schema of {target} exactly: {text}")
            return False
        if rows is not None:
            self._rows_kept(what, rows, fingerprints(self.dsn))
        return True

    def _rows_kept(
        self,
        what: str,
        before: Mapping[TableName, Fingerprint],
        after: Mapping[TableName, Fingerprint],
    ) -> None:
        for table in sorted(set(before) & set(after) - self.touched):
            was, now = before[table], after[table]
            if was != now:
                change = (
                    f"{was.rows:,} rows before, {now.rows:,} after"
                    if was.rows != now.rows
                    else f"the same {now.rows:,} rows in number, not in content"
                )
                self._add(
                    f"{what} changed the rows of {table[0]}.{table[1]}, a table it does not "
                    f"touch ({change})"
                )

    def _add(self, message: str) -> None:
        self.findings.append(_finding(self.revision, message))


def _finding(revision: RevisionInfo, message: str) -> Finding:
    return Finding(check=Check.STAIRWAY, revision=revision.revision, message=message)


def touched_tables(above: Catalog, below: Catalog) -> frozenset[TableName]:
    """The top-level tables whose definition, columns, constraints, indexes, triggers or
    policies differ between the two catalogs (a partition counts for its root table)."""
    objects = {**below.by_key(), **above.by_key()}
    roots = _roots((*above.tables, *below.tables))
    found: set[TableName] = set()
    for difference in catalog_differences(above, below):
        key = difference.key
        if key[0] == ObjectKind.COLUMN:
            table: TableName | None = (key[1], key[2])
        else:
            table = _table_of(objects.get(key))
        if table is not None:
            found.add(roots.get(table, table))
    return frozenset(found)


def _table_of(obj: object) -> TableName | None:
    if isinstance(obj, Table):
        return (obj.schema, obj.name)
    schema, table = getattr(obj, "schema", None), getattr(obj, "table", None)
    if isinstance(schema, str) and isinstance(table, str):
        return (schema, table)
    return None


def _roots(tables: Iterable[Table]) -> dict[TableName, TableName]:
    parents = {(t.schema, t.name): t.parent for t in tables}

    def root(name: TableName) -> TableName:
        seen = {name}
        while (parent := parents.get(name)) is not None and parent not in seen:
            seen.add(parent)
            name = parent
        return name

    return {name: root(name) for name in parents}
