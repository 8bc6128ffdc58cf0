"""Rule 5: lifecycle rules are a JSON array of valid S3-style rule objects."""

from typing import Any

from psycopg import errors
from psycopg.types.json import Jsonb

from ._helpers import connect, count, new_account, new_bucket, one, refused

RULE = "buckets_lifecycle_rules_valid"

FULL_RULE = {
    "ID": "archive-logs",
    "Status": "Enabled",
    "Filter": {"Prefix": "logs/"},
    "Expiration": {"Days": 365},
    "Transitions": [
        {"Days": 30, "StorageClass": "STANDARD_IA"},
        {"Days": 90, "StorageClass": "GLACIER"},
    ],
    "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
}


def rule(**changes: Any) -> dict[str, Any]:
    """A minimal valid rule, with changes (None removes a key)."""
    base: dict[str, Any] = {"ID": "r1", "Status": "Enabled", "Expiration": {"Days": 7}}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


VALID: list[Any] = [
    [],
    [FULL_RULE],
    [rule(Status="Disabled")],
    [rule(Filter={})],
    [rule(Filter={"Prefix": ""})],
    [rule(Expiration=None, NoncurrentVersionExpiration={"NoncurrentDays": 1})],
    [rule(Expiration=None, Transitions=[{"Days": 1, "StorageClass": "DEEP_ARCHIVE"}])],
    [rule(ID="a"), rule(ID="b")],
    [rule(ID="x" * 255)],
]

# (document, words of the reason the database gives)
INVALID: list[tuple[Any, str]] = [
    ({}, "must be a JSON array"),
    ("rules", "must be a JSON array"),
    (None, "must be a JSON array"),  # JSON null, not SQL NULL
    ([1], "rule [0] must be a JSON object"),
    ([rule(Foo=1)], "unknown key Foo"),
    ([rule(id="r1")], "unknown key id"),  # the spelling is S3's: ID
    ([rule(ID=None)], "ID is required"),
    ([rule(ID=7)], "ID is required and must be a string"),
    ([rule(ID="")], "ID must be 1 to 255 characters"),
    ([rule(ID="x" * 256)], "ID must be 1 to 255 characters"),
    ([rule(ID="a"), rule(ID="a")], "rule [1]: ID a is used by an earlier rule"),
    ([rule(Status=None)], "Status is required"),
    ([rule(Status="enabled")], 'must be "Enabled" or "Disabled"'),
    ([rule(Status=True)], 'must be "Enabled" or "Disabled"'),
    ([rule(Filter={"prefix": "a"})], "unknown key Filter.prefix"),
    ([rule(Filter={"Prefix": 3})], "Filter.Prefix must be a string"),
    ([rule(Filter={"Prefix": "p" * 1025})], "at most 1024 characters"),
    ([rule(Filter="logs/")], "Filter must be an object"),
    ([rule(Expiration=None)], "needs an action"),
    ([rule(Expiration={})], 'Expiration must be {"Days": n}'),
    ([rule(Expiration={"Days": 1, "Date": "2030-01-01"})], 'Expiration must be {"Days": n}'),
    ([rule(Expiration={"Days": 0})], "Expiration.Days must be a positive integer"),
    ([rule(Expiration={"Days": -1})], "Expiration.Days must be a positive integer"),
    ([rule(Expiration={"Days": 1.5})], "Expiration.Days must be a positive integer"),
    ([rule(Expiration={"Days": "30"})], "Expiration.Days must be a positive integer"),
    ([rule(Expiration={"Days": 10**9})], "Expiration.Days must be a positive integer"),
    ([rule(Transitions=[])], "Transitions must be a non-empty array"),
    ([rule(Transitions={"Days": 1})], "Transitions must be a non-empty array"),
    ([rule(Transitions=[{"Days": 30}])], "Transitions[0] must be"),
    # Exactly the two keys (checked with jsonb operators): no third, nor a non-object.
    (
        [rule(Transitions=[{"Days": 30, "StorageClass": "GLACIER", "Tier": "x"}])],
        "Transitions[0] must be",
    ),
    ([rule(Transitions=[{"Days": 30, "StorageClass": "GLACIER"}, 30])], "Transitions[1] must be"),
    ([rule(Expiration={"days": 1})], 'Expiration must be {"Days": n}'),
    ([[]], "rule [0] must be a JSON object"),  # not the empty document's fast path
    ([rule(Transitions=[{"Days": 0, "StorageClass": "GLACIER"}])], "Transitions[0].Days"),
    ([rule(Transitions=[{"Days": 1, "StorageClass": "COLD"}])], "Transitions[0].StorageClass"),
    ([rule(NoncurrentVersionExpiration={"Days": 1})], "NoncurrentVersionExpiration must be"),
    (
        [rule(NoncurrentVersionExpiration={"NoncurrentDays": 0})],
        "NoncurrentVersionExpiration.NoncurrentDays must be a positive integer",
    ),
    ([rule(ID=f"r{i}") for i in range(1001)], "at most 1000 lifecycle rules"),
]


def test_function_accepts_valid_and_explains_invalid_documents(schema_dsn: str) -> None:
    documents = VALID + [doc for doc, _ in INVALID]
    with connect(schema_dsn) as conn:
        problems = [
            one(conn, "SELECT lifecycle_rules_problem(%s)", [Jsonb(doc)]) for doc in documents
        ]
    assert problems[: len(VALID)] == [None] * len(VALID)
    for problem, (doc, reason) in zip(problems[len(VALID) :], INVALID, strict=True):
        assert problem is not None and reason in problem, (str(doc)[:80], problem)


def test_valid_documents_are_stored(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for n, doc in enumerate(VALID):
            bucket = new_bucket(conn, account, f"bucket-{n}", lifecycle_rules=Jsonb(doc))
            assert one(conn, "SELECT lifecycle_rules FROM buckets WHERE id = %s", [bucket]) == doc
        bucket = new_bucket(
            conn,
            account,
            "many-rules",
            lifecycle_rules=Jsonb([rule(ID=f"r{i}") for i in range(1000)]),
        )
        assert (
            one(
                conn,
                "SELECT jsonb_array_length(lifecycle_rules) FROM buckets WHERE id = %s",
                [bucket],
            )
            == 1000
        )


def test_invalid_documents_are_refused_with_the_reason(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for doc, reason in INVALID:
            with refused(errors.CheckViolation, RULE) as info:
                new_bucket(conn, account, "b-bucket", lifecycle_rules=Jsonb(doc))
            assert reason in (info.value.diag.message_primary or "")
            assert info.value.diag.table_name == "buckets"
        assert count(conn, "buckets") == 0


def test_update_to_an_invalid_document_leaves_the_old_one(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        bucket = new_bucket(conn, new_account(conn), lifecycle_rules=Jsonb([FULL_RULE]))
        with refused(errors.CheckViolation, RULE):
            conn.execute(
                "UPDATE buckets SET lifecycle_rules = %s WHERE id = %s",
                [Jsonb([rule(Status="On")]), bucket],
            )
        assert one(conn, "SELECT lifecycle_rules FROM buckets WHERE id = %s", [bucket]) == [
            FULL_RULE
        ]


def test_check_holds_without_the_explaining_trigger(schema_dsn: str) -> None:
    # The trigger only words the error; the CHECK is the guarantee.
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        conn.execute("ALTER TABLE buckets DISABLE TRIGGER buckets_lifecycle_rules_explain")
        with refused(errors.CheckViolation, RULE) as info:
            new_bucket(conn, account, lifecycle_rules=Jsonb([rule(Foo=1)]))
        assert f'violates check constraint "{RULE}"' in str(info.value)
        assert count(conn, "buckets") == 0


def test_sql_null_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        with refused(errors.NotNullViolation, None):
            new_bucket(conn, account, lifecycle_rules=None)
        assert count(conn, "buckets") == 0


def test_validation_functions_are_immutable(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        rows = conn.execute(
            "SELECT proname, provolatile FROM pg_proc"
            " WHERE proname IN ('lifecycle_rules_is_valid', 'lifecycle_rules_problem')"
        ).fetchall()
    assert dict(rows) == {"lifecycle_rules_is_valid": "i", "lifecycle_rules_problem": "i"}


def test_enabled_rules_index_finds_buckets_with_an_enabled_rule(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        new_bucket(conn, account, "no-rules")
        new_bucket(conn, account, "rules-off", lifecycle_rules=Jsonb([rule(Status="Disabled")]))
        on = new_bucket(
            conn, account, "rules-on", lifecycle_rules=Jsonb([rule(Status="Disabled"), FULL_RULE])
        )
        conn.execute("SET enable_seqscan = off")
        query = 'SELECT id FROM buckets WHERE lifecycle_rules @> \'[{"Status": "Enabled"}]\''
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + query))
        assert "buckets_lifecycle_enabled_idx" in plan
        assert [r[0] for r in conn.execute(query)] == [on]
