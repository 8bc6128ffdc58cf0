"""The numpy encoder writes what PostgreSQL reads back: every kind, NULLs, ragged widths."""

import ipaddress
from datetime import UTC, date, datetime

import numpy as np
import psycopg
import pytest

from primedb.seed import binary_copy as bc

TABLE = """CREATE TABLE sample (
    i8 bigint, i4 integer, flag boolean, at timestamptz, day date, word text, doc jsonb,
    fixed text, raw bytea, ip inet)"""


def _columns() -> list[bc.Column]:
    at = [0, 1_700_000_000_123_456, -86_400_000_000]  # microseconds since the Unix epoch
    return [
        bc.int8("i8", [1, -2, 2**62], nulls=np.array([False, True, False])),
        bc.int4("i4", [7, -(2**31), 2**31 - 1]),
        bc.boolean("flag", [True, False, True]),
        bc.timestamptz("at", at),
        bc.date("day", [0, 19_000, -1]),
        bc.coded_text("word", [2, 0, 1], ["a", "ççç", ""], nulls=np.array([False, False, True])),
        bc.coded_jsonb("doc", [1, 0, 1], ["{}", '{"k": [1, 2]}']),
        bc.fixed_text("fixed", np.array([b"abc", b"def", b"ghi"])),
        bc.fixed_bytea("raw", np.frombuffer(b"\x00\x01\xff\x00\x00\x10", dtype="S2")),
        bc.inet4("ip", [0x0A000001, 0xC0A80001, 0xFFFFFFFF]),
    ]


EXPECTED = [
    (1, 7, True, datetime(1970, 1, 1, tzinfo=UTC), date(1970, 1, 1), "", {"k": [1, 2]},
     "abc", b"\x00\x01", ipaddress.ip_address("10.0.0.1")),
    (None, -(2**31), False, datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=UTC),
     date(2022, 1, 8), "a", {}, "def", b"\xff\x00", ipaddress.ip_address("192.168.0.1")),
    (2**62, 2**31 - 1, True, datetime(1969, 12, 31, tzinfo=UTC), date(1969, 12, 31), None,
     {"k": [1, 2]}, "ghi", b"\x00\x10", ipaddress.ip_address("255.255.255.255")),
]  # fmt: skip


def _load(dsn: str, chunks: list[bytes]) -> list[tuple[object, ...]]:
    columns = ", ".join(c.name for c in _columns())
    with psycopg.connect(dsn) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        conn.execute(TABLE)
        with conn.cursor() as cur:
            for chunk in chunks:
                with cur.copy(f"COPY sample ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(bc.HEADER + chunk + bc.TRAILER)
        return conn.execute(f"SELECT {columns} FROM sample ORDER BY ctid").fetchall()


def test_every_kind_round_trips(dsn: str) -> None:
    encoded = bc.encode(_columns())
    assert _load(dsn, [encoded.data]) == EXPECTED


def test_row_ends_split_a_block_between_two_copies(dsn: str) -> None:
    # The loader sends runs of a block to different partitions by these offsets.
    encoded = bc.encode(_columns())
    assert encoded.offset(3) == len(encoded.data)
    cut = encoded.offset(1)
    assert _load(dsn, [encoded.data[:cut], encoded.data[cut:]]) == EXPECTED


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same number of rows"):
        bc.encode([bc.int8("a", [1, 2]), bc.int8("b", [1])])


def test_fixed_text_of_different_lengths_is_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        bc.fixed_text("t", np.array([b"ab", b"abc"]))
