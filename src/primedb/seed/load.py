"""Stream encoded blocks into tables with binary COPY, straight into their partitions.

A producer thread builds and encodes block after block (numpy releases the
GIL for the heavy passes) while this thread sends the previous one, so the
client's work hides behind the server's. Tables partitioned by range on one
timestamptz column are routed here, not by the server: each block's rows
(sorted by time) are split at the partition bounds and every run goes to its
partition's own COPY. That skips tuple routing and allows `COPY ... FREEZE`
(PostgreSQL refuses FREEZE on a partitioned table, and accepts it on a table
truncated in the same transaction): rows are written frozen and all-visible,
so no later VACUUM or first read has to rewrite every page. The server still
checks each row against its partition's bounds.
"""

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import psycopg
from psycopg import sql

from primedb.errors import BadInput
from primedb.seed import binary_copy
from primedb.seed.binary_copy import Encoded
from primedb.seed.catalog import rows
from primedb.seed.tables import BLOCK_ROWS, Table

__all__ = ["Block", "Partition", "Target", "copy_tables", "resolve_target"]

COPY = "COPY {table} ({columns}) FROM STDIN (FORMAT BINARY{freeze})"
_QUEUED_BLOCKS = 3  # encoded blocks waiting to be sent (about 15 MB each at most)


@dataclass(frozen=True, slots=True)
class Partition:
    schema: str
    name: str
    lower: int | None  # microseconds since 2000-01-01 UTC; None: MINVALUE
    upper: int | None

    @property
    def identifier(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.name)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a table's rows go: the table itself, or its partitions by `key`."""

    table: str
    key: str | None = None
    partitions: tuple[Partition, ...] = ()
    default: Partition | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """Rows [start, stop) of a table, encoded; `keys` is the routing column."""

    table: Table
    start: int
    stop: int
    columns: tuple[str, ...]
    encoded: Encoded
    keys: np.ndarray[Any, np.dtype[np.int64]] | None


def resolve_target(conn: psycopg.Connection[Any], table: str) -> Target:
    """Route by partition when the table is range-partitioned on one timestamptz column."""
    key = rows(conn, "seed_partition_key", table=table)
    if not key:
        return Target(table)
    parts = rows(conn, "seed_partitions", table=table)
    if any(p["partitioned"] for p in parts):
        return Target(table)  # sub-partitioned: the server routes
    ranged = tuple(
        Partition(p["schema"], p["name"], p["lower_us"], p["upper_us"])
        for p in parts
        if not p["is_default"]
    )
    default = next(
        (Partition(p["schema"], p["name"], None, None) for p in parts if p["is_default"]), None
    )
    return Target(table, key=key[0]["key"], partitions=ranged, default=default)


def copy_tables(
    conn: psycopg.Connection[Any],
    work: Sequence[tuple[Table, Target]],
    on_block: Callable[[Block], None],
) -> dict[str, float]:
    """COPY every table of `work` in order; returns the seconds spent on each."""
    seconds: dict[str, float] = {}
    with _produced(work) as blocks, _Copier(conn) as copier:
        started = time.perf_counter()
        current: str | None = None
        for block in blocks:
            if block.table.name != current:
                copier.finish()
                if current is not None:
                    seconds[current] = time.perf_counter() - started
                    started = time.perf_counter()
                current = block.table.name
            target = next(t for tb, t in work if tb.name == block.table.name)
            for relation, freeze, lo, hi in _runs(target, block):
                data = memoryview(block.encoded.data)
                copier.write(relation, freeze, block.columns, data[lo:hi])
            on_block(block)
        copier.finish()
        if current is not None:
            seconds[current] = time.perf_counter() - started
    return seconds


def _runs(target: Target, block: Block) -> Iterator[tuple[sql.Identifier, bool, int, int]]:
    """(relation, freeze, first byte, end byte) of each run of rows bound for one relation."""
    encoded = block.encoded
    if target.key is None or block.keys is None:
        # A partitioned table the server routes cannot be frozen; a plain table can.
        partitioned = bool(target.partitions) or target.default is not None
        yield sql.Identifier(*target.table.split(".")), not partitioned, 0, len(encoded.data)
        return
    where = _partition_of(target, block.keys)
    cuts = np.flatnonzero(np.diff(where)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(where)]])
    for first, end in zip(starts.tolist(), ends.tolist(), strict=True):
        index = int(where[first])
        part = target.partitions[index] if index < len(target.partitions) else target.default
        assert part is not None  # _partition_of refused rows without a partition
        yield part.identifier, True, encoded.offset(first), encoded.offset(end)


def _partition_of(target: Target, keys: np.ndarray[Any, np.dtype[np.int64]]) -> Any:
    """Index into target.partitions of each key; len(partitions) for the default."""
    low = np.iinfo(np.int64).min
    high = np.iinfo(np.int64).max
    lowers = np.array([low if p.lower is None else p.lower for p in target.partitions], np.int64)
    uppers = np.array([high if p.upper is None else p.upper for p in target.partitions], np.int64)
    order = np.argsort(lowers, kind="stable")
    at = np.searchsorted(lowers[order], keys, side="right") - 1
    candidate = order[np.clip(at, 0, None)] if len(order) else np.zeros(len(keys), np.intp)
    inside = (at >= 0) & (keys < uppers[candidate]) if len(order) else np.zeros(len(keys), bool)
    if not inside.all() and target.default is None:
        raise BadInput(
            f"table {target.table}: some rows fall in no partition and there is no default "
            "partition; create the partitions of the seeded months "
            "(ensure_monthly_partitions) or seed with another --as-of"
        )
    return np.where(inside, candidate, len(target.partitions))


class _Copier:
    """One COPY statement at a time, switched when the target relation changes."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn
        self._relation: sql.Identifier | None = None
        self._stack: contextlib.ExitStack | None = None
        self._copy: psycopg.Copy | None = None

    def __enter__(self) -> "_Copier":
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.finish()
        elif self._stack is not None:
            self._stack.__exit__(*exc)  # type: ignore[arg-type]

    def write(
        self, relation: sql.Identifier, freeze: bool, columns: Sequence[str], data: memoryview
    ) -> None:
        if relation != self._relation:
            self.finish()
            self._open(relation, freeze, columns)
        assert self._copy is not None
        self._copy.write(data)

    def _open(self, relation: sql.Identifier, freeze: bool, columns: Sequence[str]) -> None:
        statement = sql.SQL(COPY).format(
            table=relation,
            columns=sql.SQL(", ").join(sql.Identifier(c) for c in columns),
            freeze=sql.SQL(", FREEZE" if freeze else ""),
        )
        self._stack = contextlib.ExitStack()
        cursor = self._stack.enter_context(self._conn.cursor())
        self._copy = self._stack.enter_context(cursor.copy(statement))
        self._copy.write(binary_copy.HEADER)
        self._relation = relation

    def finish(self) -> None:
        """End the current COPY statement, if any (the server then reports its errors)."""
        if self._stack is None or self._copy is None:
            return
        self._copy.write(binary_copy.TRAILER)
        stack, self._stack, self._copy, self._relation = self._stack, None, None, None
        stack.close()


_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


@contextlib.contextmanager
def _produced(work: Sequence[tuple[Table, Target]]) -> Iterator[Iterator[Block]]:
    """Blocks of every table in order, built and encoded by a producer thread."""
    pending: queue.Queue[object] = queue.Queue(maxsize=_QUEUED_BLOCKS)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                pending.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for table, target in work:
                for start in range(0, table.rows, BLOCK_ROWS):
                    if not put(_block(table, target, start)):
                        return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(_Failed(exc))

    def consume() -> Iterator[Block]:
        while True:
            item = pending.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            assert isinstance(item, Block)
            yield item

    thread = threading.Thread(target=produce, name="primedb-seed-encoder", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:
        stop.set()
        thread.join()


def _block(table: Table, target: Target, start: int) -> Block:
    stop = min(start + BLOCK_ROWS, table.rows)
    columns = table.build(start, stop)
    keys = None
    if target.key is not None:
        key = next((c for c in columns if c.name == target.key), None)
        if key is None:
            raise BadInput(f"the seed of {table.name} has no column {target.key} to route by")
        keys = key.values.astype(np.int64)
    return Block(
        table=table,
        start=start,
        stop=stop,
        columns=tuple(c.name for c in columns),
        encoded=binary_copy.encode(columns),
        keys=keys,
    )
