"""Property: any values through any public operation give a result or a documented typed error,
and a refused call writes nothing.

Hypothesis draws each argument of each operation of `_probe.OPERATIONS` from the
good value or from anything at all (None, bools, huge and negative integers,
floats, NaN, any text, bytes, lists, dicts, durations, naive and aware moments,
actors with any user id and address). A call that raises must raise a
`StorageError` (ValidationError, NotFound, Conflict, RuleViolation, Forbidden,
AccountUnavailable), and leave every table's row count and the newest audit row
as they were. Derandomized, so CI runs the same examples every time.
"""

from datetime import UTC
from typing import Any

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from primedb.storage import Actor, DatabaseStorage, StorageError

from . import _probe

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=5),  # NUL, lone surrogates
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.timedeltas(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
)

ACTORS = st.one_of(
    ANYTHING,
    st.builds(lambda uid, ip: (uid, ip), ANYTHING, st.one_of(st.none(), st.text(max_size=8))),
)


def _value(arg: _probe.Arg, ground: _probe.Ground, drawn: Any, use_good: bool) -> Any:
    if use_good:
        return _probe._good(arg, ground)
    if arg.kind == "actor" and isinstance(drawn, tuple):
        uid, ip = drawn
        return Actor(user_id=uid, ip=ip)  # may itself be refused: inside the call
    return drawn


def test_any_values_give_a_result_or_a_typed_error_and_no_partial_write(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    # One database for every operation: its setup costs more than the calls.
    with psycopg.connect(schema_dsn, autocommit=True) as conn:
        for n, name in enumerate(_probe.OPERATIONS, start=1):
            _check_operation(storage, conn, _probe.build(storage, n), name)


def _check_operation(
    storage: DatabaseStorage, conn: psycopg.Connection[Any], ground: _probe.Ground, name: str
) -> None:
    args = _probe.OPERATIONS[name]

    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        drawn = {
            a.name: (
                data.draw(st.booleans(), label=f"{a.name} good"),
                data.draw(ACTORS if a.kind == "actor" else ANYTHING, label=a.name),
            )
            for a in args
        }
        before = _probe.snapshot(conn)
        try:
            kwargs = {
                a.name: _value(a, ground, drawn[a.name][1], use_good=drawn[a.name][0]) for a in args
            }
            getattr(storage, name)(**kwargs)
        except StorageError:
            assert _probe.snapshot(conn) == before, f"{name} refused after writing"

    run()
