"""The hostile-input probe (`_probe`): no untyped exception, no bad value accepted, no
partial write, no tenant crossed. The figures are in the failure message."""

from primedb.storage import DatabaseStorage

from . import _probe


def test_every_operation_refuses_bad_values_with_a_typed_error_and_writes_nothing(
    storage: DatabaseStorage, schema_dsn: str
) -> None:
    figures = _probe.run(storage, schema_dsn)
    summary = figures.as_text()
    assert figures.untyped == 0, summary
    assert figures.partial_writes == 0, summary
    assert figures.accepted == 0, summary + "; accepted: " + ", ".join(figures.accepted_calls)
    assert figures.crossed == 0, summary + "; crossed: " + ", ".join(figures.crossed_calls)
