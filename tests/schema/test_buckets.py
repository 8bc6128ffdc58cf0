"""Rule 4: bucket names follow S3's rules and are unique within an account."""

from psycopg import errors

from ._helpers import connect, count, new_account, new_bucket, one, refused

VALID = [
    "abc",
    "my-bucket",
    "logs.example.com",
    "1bucket",
    "bucket-1.archive",
    "a" * 63,
    "192.168.5",  # three numbers are not an address
    "1.2.3.4a",
]
INVALID = [
    "ab",  # too short
    "a" * 64,  # too long
    "My-Bucket",  # upper case
    "my_bucket",  # underscore
    "my bucket",
    "-bucket",
    "bucket-",
    ".bucket",
    "bucket.",
    "a..b",  # adjacent dots
    "192.168.5.4",  # shaped like an IP address
    "1.2.3.4",
    "bücket",
]


def test_name_rules_as_a_function(schema_dsn: str) -> None:
    names = VALID + INVALID
    with connect(schema_dsn) as conn:
        rows = conn.execute(
            "SELECT n, bucket_name_is_valid(n) FROM unnest(%s::text[]) AS n", [names]
        ).fetchall()
    assert dict(rows) == {n: n in VALID for n in names}


def test_valid_names_are_accepted(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for name in VALID:
            new_bucket(conn, account, name)
        assert count(conn, "buckets") == len(VALID)


def test_invalid_names_are_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        for name in INVALID:
            with refused(errors.CheckViolation, "buckets_name_valid"):
                new_bucket(conn, account, name)
        assert count(conn, "buckets") == 0


def test_rename_to_an_invalid_name_is_refused(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        bucket = new_bucket(conn, new_account(conn), "photos")
        with refused(errors.CheckViolation, "buckets_name_valid"):
            conn.execute("UPDATE buckets SET name = 'Photos' WHERE id = %s", [bucket])
        assert one(conn, "SELECT name FROM buckets WHERE id = %s", [bucket]) == "photos"


def test_names_are_unique_within_an_account_only(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        first, second = new_account(conn), new_account(conn)
        kept = new_bucket(conn, first, "backups")
        with refused(errors.UniqueViolation, "buckets_account_id_name_key"):
            new_bucket(conn, first, "backups")
        new_bucket(conn, second, "backups")  # another tenant may use the name
        rows = conn.execute("SELECT id, account_id FROM buckets ORDER BY id").fetchall()
        assert rows[0] == (kept, first)
        assert [r[1] for r in rows] == [first, second]


def test_region_has_a_region_shape(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        new_bucket(conn, account, "a-bucket", region="sa-east-1")
        with refused(errors.CheckViolation, "buckets_region_shape"):
            new_bucket(conn, account, "b-bucket", region="São Paulo")
        assert count(conn, "buckets") == 1
