"""Unnamed SQL folds into a handful of operations, whatever its text."""

import pytest

from primedb.exporters import Operation, operation_of


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT 1", Operation.SELECT),
        ("  -- a comment\n/* another */ select * from t", Operation.SELECT),
        ("(SELECT 1) UNION (SELECT 2)", Operation.SELECT),
        ("VALUES (1)", Operation.SELECT),
        ("WITH x AS (SELECT 1) SELECT * FROM x", Operation.SELECT),
        (
            "WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved",
            Operation.DELETE,
        ),
        ("insert into t values (1)", Operation.INSERT),
        ("UPDATE t SET a = 1", Operation.UPDATE),
        ("DELETE FROM t", Operation.DELETE),
        ("MERGE INTO t USING s ON true WHEN MATCHED THEN DO NOTHING", Operation.MERGE),
        ("COPY t FROM STDIN", Operation.COPY),
        ("CREATE INDEX ON t (a)", Operation.DDL),
        ("BEGIN", Operation.TRANSACTION),
        ("SET statement_timeout = 0", Operation.SETTING),
        ("CALL p()", Operation.CALL),
        ("VACUUM t", Operation.OTHER),
        ("", Operation.OTHER),
        ("audit_logs_page_v2", Operation.OTHER),  # a name nobody declared
    ],
)
def test_operation_of(statement: str, expected: Operation) -> None:
    assert operation_of(statement) is expected
