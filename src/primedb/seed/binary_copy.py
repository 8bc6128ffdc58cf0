"""Encode whole columns into PostgreSQL's binary COPY format with numpy.

A row-by-row encoder spends microseconds per value in Python; seeding
millions of rows needs the encoding to be vectorised. Rows are laid out in a
numpy structured array whose fields sit at fixed offsets (the field count,
then per column an int32 length and a payload slot as wide as the column's
widest value), so every column is written in one typed, byte-swapping pass.
When a column's values differ in width (a small vocabulary, a NULL), one
boolean mask drops the padding of all of them at once.

Binary COPY layout: a header, then per row an int16 field count and, per
field, an int32 length (-1 for NULL) followed by that many bytes; a trailer
of int16 -1. All integers are big-endian.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "HEADER",
    "TRAILER",
    "Column",
    "Encoded",
    "Kind",
    "boolean",
    "coded_jsonb",
    "coded_text",
    "date",
    "encode",
    "fixed_bytea",
    "fixed_text",
    "inet4",
    "int4",
    "int8",
    "timestamptz",
]

HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)

# Microseconds and days between the Unix epoch and PostgreSQL's (2000-01-01 UTC).
PG_EPOCH_OFFSET_US = 946_684_800_000_000
PG_EPOCH_OFFSET_DAYS = 10_957

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class Kind(enum.Enum):
    """How a column's values become payload bytes."""

    INT8 = "int8"
    INT4 = "int4"
    BOOL = "bool"
    TIMESTAMPTZ = "timestamptz"  # microseconds since 2000-01-01 UTC
    DATE = "date"  # days since 2000-01-01
    INET = "inet"  # family, bits, is_cidr, length, 4 address bytes
    BYTES = "bytes"  # text, bytea or jsonb payloads given as bytes


# The big-endian payload of each fixed-width kind.
_SLOT = {
    Kind.INT8: ">i8",
    Kind.INT4: ">i4",
    Kind.BOOL: "u1",
    Kind.TIMESTAMPTZ: ">i8",
    Kind.DATE: ">i4",
    Kind.INET: ">u8",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a block: payloads, their widths, and which rows are NULL.

    `values` holds integers for the numeric kinds, fixed-width byte strings
    (`S<n>`) for BYTES; with `vocab`, it holds codes and row i's payload is
    `vocab[values[i]]`.
    """

    name: str
    kind: Kind
    values: npt.NDArray[np.generic]
    vocab: tuple[bytes, ...] | None = None
    nulls: Bools | None = None

    def __len__(self) -> int:
        return len(self.values)

    def slot(self) -> np.dtype[np.generic]:
        """The dtype of this column's payload slot in the row layout."""
        if self.kind is not Kind.BYTES:
            return np.dtype(_SLOT[self.kind])
        if self.vocab is not None:
            return np.dtype(f"S{max((len(v) for v in self.vocab), default=0) or 1}")
        return self.values.dtype

    def lengths(self) -> Ints | int:
        """Each row's payload length, or one int when every row has the same."""
        if self.vocab is not None:
            sizes = np.array([len(v) for v in self.vocab], dtype=np.int64)
            width: Ints | int = sizes[self.values.astype(np.intp)]
        else:
            width = self.slot().itemsize
        if self.nulls is None:
            return width
        return np.where(self.nulls, -1, width).astype(np.int64)

    def payload(self) -> npt.NDArray[np.generic]:
        if self.vocab is not None:
            table = np.array(self.vocab, dtype=self.slot())
            return table[self.values.astype(np.intp)]
        return self.values


@dataclass(frozen=True, slots=True)
class Encoded:
    """Rows in binary COPY form (no header or trailer) and where each row ends."""

    data: bytes
    row_ends: Ints  # byte offset just past each row

    def offset(self, row: int) -> int:
        """Byte offset of the start of `row` (0 <= row <= number of rows)."""
        return int(self.row_ends[row - 1]) if row else 0


# -- constructors -----------------------------------------------------------------


def int8(name: str, values: npt.ArrayLike, nulls: Bools | None = None) -> Column:
    return Column(name, Kind.INT8, np.asarray(values, dtype=np.int64), nulls=nulls)


def int4(name: str, values: npt.ArrayLike, nulls: Bools | None = None) -> Column:
    return Column(name, Kind.INT4, np.asarray(values, dtype=np.int64), nulls=nulls)


def boolean(name: str, values: npt.ArrayLike) -> Column:
    return Column(name, Kind.BOOL, np.asarray(values, dtype=np.int64))


def timestamptz(name: str, unix_us: npt.ArrayLike, nulls: Bools | None = None) -> Column:
    """Timestamps given as microseconds since the Unix epoch."""
    pg = np.asarray(unix_us, dtype=np.int64) - PG_EPOCH_OFFSET_US
    return Column(name, Kind.TIMESTAMPTZ, pg, nulls=nulls)


def date(name: str, unix_days: npt.ArrayLike) -> Column:
    days = np.asarray(unix_days, dtype=np.int64) - PG_EPOCH_OFFSET_DAYS
    return Column(name, Kind.DATE, days)


def coded_text(
    name: str, codes: npt.ArrayLike, vocab: Sequence[str], nulls: Bools | None = None
) -> Column:
    """Text drawn from a small vocabulary: row i holds vocab[codes[i]]."""
    encoded = tuple(v.encode() for v in vocab)
    return Column(name, Kind.BYTES, np.asarray(codes, dtype=np.int64), vocab=encoded, nulls=nulls)


def coded_jsonb(name: str, codes: npt.ArrayLike, documents: Sequence[str]) -> Column:
    """jsonb drawn from a small set of documents (binary jsonb is version 1, then text)."""
    encoded = tuple(b"\x01" + d.encode() for d in documents)
    return Column(name, Kind.BYTES, np.asarray(codes, dtype=np.int64), vocab=encoded)


def fixed_text(name: str, values: npt.NDArray[np.bytes_], nulls: Bools | None = None) -> Column:
    """Text whose values all have the same length (numpy `S<n>`, no NUL bytes)."""
    lengths = np.char.str_len(values)
    width = int(lengths.max()) if len(values) else 1
    if len(values) and int(lengths.min()) != width:
        raise ValueError(f"column {name}: fixed_text values differ in length")
    return Column(name, Kind.BYTES, values.astype(f"S{width}"), nulls=nulls)


def fixed_bytea(name: str, values: npt.NDArray[np.bytes_]) -> Column:
    """bytea values of one length: every byte of the `S<n>` items counts, NULs too."""
    return Column(name, Kind.BYTES, values)


def inet4(name: str, addresses: npt.ArrayLike) -> Column:
    """IPv4 host addresses given as unsigned 32-bit integers."""
    # inet's binary form: family AF_INET (2), 32 bits, not cidr, 4 address bytes.
    prefix = np.uint64((2 << 56) | (32 << 48) | (0 << 40) | (4 << 32))
    return Column(name, Kind.INET, np.asarray(addresses, dtype=np.uint64) | prefix)


# -- encoding ---------------------------------------------------------------------


def encode(columns: Sequence[Column]) -> Encoded:
    """The rows of `columns` (all of one length) in binary COPY form."""
    rows = len(columns[0])
    if any(len(c) != rows for c in columns):
        raise ValueError("all columns must have the same number of rows")
    slots = [c.slot() for c in columns]
    layout = np.dtype(
        [("count", ">i2")]
        + [field for i, s in enumerate(slots) for field in ((f"l{i}", ">i4"), (f"v{i}", s))]
    )
    record = np.empty(rows, dtype=layout)
    record["count"] = len(columns)
    row_length = np.full(rows, layout.itemsize, dtype=np.int64)
    keep: Bools | None = None
    raw = record.view(np.uint8).reshape(rows, layout.itemsize)
    for i, (column, slot) in enumerate(zip(columns, slots, strict=True)):
        lengths = column.lengths()
        record[f"l{i}"] = lengths
        record[f"v{i}"] = column.payload()
        if isinstance(lengths, int):
            continue
        # Short or NULL values: their padding is cut out below.
        used = np.maximum(lengths, 0)
        row_length -= slot.itemsize - used
        if keep is None:
            keep = np.ones((rows, layout.itemsize), dtype=np.bool_)
        start = layout.fields[f"v{i}"][1]  # type: ignore[index]
        keep[:, start : start + slot.itemsize] = np.arange(slot.itemsize) < used[:, None]
    data = raw.tobytes() if keep is None else raw[keep].tobytes()
    return Encoded(data, np.cumsum(row_length))
