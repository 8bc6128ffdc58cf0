"""The rows a case returns, reduced to a count and a checksum that says whether they changed.

The query runs as the application runs it, without EXPLAIN, and the checksum
is taken over the values exactly as the server sent them in text form, row by
row in the order the query gives: no driver conversion in between, so two
runs agree exactly when the server returned the same text. The session's
time zone and output styles are fixed (`primedb.bench.session`), so a
timestamp reads the same on every machine. A query whose ORDER BY leaves ties
would show here as a changed checksum, which is the point: a page that is not
deterministic is a bug the gate should name.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

import psycopg

from primedb.bench.cases import Case
from primedb.errors import BadInput

__all__ = ["RowsDigest", "digest_rows"]

CHECKSUM_HEX = 16  # 64 bits: enough to tell two results apart, short enough to read


@dataclass(frozen=True, slots=True)
class RowsDigest:
    rows: int
    checksum: str  # "sha256:" and the first CHECKSUM_HEX hex digits


def digest_rows(conn: psycopg.Connection[Any], case: Case) -> RowsDigest:
    """Run the case's query once and digest the text of every value it returns."""
    params = {p: case.params[p] for p in case.query.params}
    with conn.cursor() as cur:
        try:
            cur.execute(case.query.sql, params, binary=False)
        except psycopg.Error as exc:
            raise BadInput(
                f"{case.query.source}: query {case.query.name!r} failed: "
                f"{(exc.diag.message_primary or str(exc)).strip()}"
            ) from exc
        result = cur.pgresult
        if result is None:
            raise BadInput(f"{case.query.source}: query {case.query.name!r} returned no result")
        hasher = hashlib.sha256()
        for row in range(result.ntuples):
            for column in range(result.nfields):
                value = result.get_value(row, column)
                # Length-prefixed, NULL distinct from any text: no two results hash alike.
                hasher.update(b"N" if value is None else b"%d:" % len(value) + value)
            hasher.update(b"\n")
        rows = result.ntuples
    return RowsDigest(rows=rows, checksum="sha256:" + hasher.hexdigest()[:CHECKSUM_HEX])
