"""What a benchmark was measured on, and which differences make two runs incomparable.

A baseline records its conditions: the PostgreSQL major version, the data
(the seed's scale, seed and as-of month), the settings that change plans, and,
for context, the schema hash of the database (`primedb.migrations.schemahash`,
the hash `primedb migrate` checks) and its Alembic revision.

Two runs compare only under the same server major, data and settings: a plan
or a buffer count measured elsewhere says nothing about this change. The
schema is not among them on purpose: a change of schema (a revision that drops
an index) is what the gate exists to judge, so it is compared, and shown.
"""

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.bench.statements import bench_rows
from primedb.catalog import read_catalog
from primedb.errors import BadInput, PrimedbError
from primedb.migrations.schemahash import catalog_hash, short
from primedb.migrations.versions import current_revision

__all__ = ["PLAN_SETTINGS", "Conditions", "DataSpec", "differences", "read_conditions"]

log = logging.getLogger("primedb")

# Besides every enable_*: the planner's costs and limits, and the memory a plan may use.
PLAN_SETTINGS = (
    "constraint_exclusion",
    "cpu_index_tuple_cost",
    "cpu_operator_cost",
    "cpu_tuple_cost",
    "cursor_tuple_fraction",
    "default_statistics_target",
    "effective_cache_size",
    "from_collapse_limit",
    "geqo",
    "geqo_threshold",
    "hash_mem_multiplier",
    "jit",
    "join_collapse_limit",
    "max_parallel_workers_per_gather",
    "min_parallel_index_scan_size",
    "min_parallel_table_scan_size",
    "parallel_setup_cost",
    "parallel_tuple_cost",
    "plan_cache_mode",
    "random_page_cost",
    "recursive_worktable_factor",
    "seq_page_cost",
    "work_mem",
)


@dataclass(frozen=True, slots=True)
class DataSpec:
    """How the data was made: `primedb seed`'s scale, seed and as-of month (None: not known)."""

    scale: float | None = None
    seed: int | None = None
    as_of: dt.date | None = None  # the first day of the month the data ends before

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "seed": self.seed,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "DataSpec":
        as_of = data.get("as_of")
        return cls(
            scale=None if data.get("scale") is None else float(data["scale"]),
            seed=None if data.get("seed") is None else int(data["seed"]),
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Conditions:
    postgres_major: int
    postgres_version: str
    data: DataSpec
    settings: tuple[tuple[str, str], ...] = ()
    schema_hash: str | None = None
    revision: str | None = None

    @property
    def label(self) -> str:
        data = self.data
        words = [f"PostgreSQL {self.postgres_version}"]
        words.append(f"scale {data.scale:g}" if data.scale is not None else "scale not stated")
        words.append(f"seed {data.seed}" if data.seed is not None else "seed not stated")
        if data.as_of is not None:
            words.append(f"as of {data.as_of:%Y-%m}")
        words.append(f"schema {short(self.schema_hash)}")
        if self.revision:
            words.append(f"revision {self.revision}")
        return ", ".join(words)

    def as_dict(self) -> dict[str, Any]:
        return {
            "postgres_major": self.postgres_major,
            "postgres_version": self.postgres_version,
            "data": self.data.as_dict(),
            "settings": dict(self.settings),
            "schema_hash": self.schema_hash,
            "revision": self.revision,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str) -> "Conditions":
        try:
            settings = data.get("settings") or {}
            return cls(
                postgres_major=int(data["postgres_major"]),
                postgres_version=str(data.get("postgres_version") or data["postgres_major"]),
                data=DataSpec.from_dict(data.get("data") or {}),
                settings=tuple(sorted((str(k), str(v)) for k, v in settings.items())),
                schema_hash=data.get("schema_hash"),
                revision=data.get("revision"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BadInput(
                f"{where}: the conditions of the baseline are unreadable ({exc}); save it again "
                "with primedb bench --save"
            ) from exc


def read_conditions(conn: psycopg.Connection[Any], dsn: str, data: DataSpec) -> Conditions:
    """The conditions of the session of `conn` (settings as it sees them) on the data `data`."""
    (server,) = bench_rows(conn, "bench_server")
    settings = bench_rows(conn, "bench_plan_settings", names=list(PLAN_SETTINGS))
    return Conditions(
        postgres_major=int(server["version_num"]) // 10000,
        postgres_version=str(server["version"]).split()[0],
        data=data,
        settings=tuple((str(r["name"]), str(r["setting"])) for r in settings),
        schema_hash=_schema_hash(dsn),
        revision=_revision(dsn),
    )


def differences(baseline: Conditions, current: Conditions) -> tuple[str, ...]:
    """Each condition that differs, in words (`scale 0.01 -> 1`); empty when comparable."""
    found: list[str] = []
    if baseline.postgres_major != current.postgres_major:
        found.append(f"PostgreSQL {baseline.postgres_major} -> {current.postgres_major}")
    before, after = baseline.data.as_dict(), current.data.as_dict()
    for key, what in (("scale", "scale"), ("seed", "seed"), ("as_of", "data as of")):
        if before[key] != after[key]:
            found.append(f"{what} {_stated(before[key])} -> {_stated(after[key])}")
    old, new = dict(baseline.settings), dict(current.settings)
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) != new.get(name):
            found.append(f"{name} {old.get(name, '(absent)')} -> {new.get(name, '(absent)')}")
    return tuple(found)


def _stated(value: Any) -> str:
    return (
        "not stated" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    )


def _schema_hash(dsn: str) -> str | None:
    try:
        return catalog_hash(read_catalog(dsn))
    except PrimedbError as exc:
        log.warning("the schema hash is not recorded: %s", exc)
        return None


def _revision(dsn: str) -> str | None:
    try:
        return current_revision(dsn)
    except PrimedbError as exc:
        log.warning("the revision is not recorded: %s", exc)
        return None
