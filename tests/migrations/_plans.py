"""Plans built by hand, as the diff will build them: what the renderer is tested on."""

from primedb.diff.hazards import Hazard, HazardKind
from primedb.diff.plan import Change, LockLevel, Plan, Statement, Timeouts

# Whitespace at line ends, both quotes, a backslash, non-ASCII: all must survive as written.
TOUCH_BODY = (
    "\nBEGIN   \n"
    "  NEW.updated_at := now();  -- \"quoted\" and 'single' \\ back slash, ação\n"
    "  RETURN NEW;\n"
    "END\n"
)
TOUCH = (
    "CREATE FUNCTION bucket_touch() RETURNS trigger LANGUAGE plpgsql AS $body$"
    + TOUCH_BODY
    + "$body$"
)
LONG_CHECK = (
    "ALTER TABLE buckets ADD CONSTRAINT buckets_name_shape CHECK (name ~ '^[a-z0-9][a-z0-9.-]{1,61}"
    "[a-z0-9]$' AND name NOT LIKE '%..%' AND name !~ '^\\d+\\.\\d+\\.\\d+\\.\\d+$') NOT VALID"
)


def _s(sql: str, lock: LockLevel, *hazards: Hazard, transactional: bool = True) -> Statement:
    return Statement(sql=sql, lock=lock, hazards=hazards, transactional=transactional)


def create_buckets() -> Plan:
    """From nothing: a table, a function and the trigger that calls it."""
    table = Change(
        description="create table buckets",
        up=(
            _s(
                "CREATE TABLE buckets (\n"
                "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                "    name text NOT NULL,\n"
                '    "Region" text,\n'
                "    updated_at timestamptz NOT NULL DEFAULT now()\n"
                ")",
                LockLevel.NONE,
            ),
        ),
        down=(
            _s(
                "DROP TABLE buckets",
                LockLevel.ACCESS_EXCLUSIVE,
                Hazard(kind=HazardKind.DELETES_DATA, subject="buckets"),
            ),
        ),
    )
    function = Change(
        description="create function bucket_touch",
        up=(_s(TOUCH, LockLevel.NONE),),
        down=(_s("DROP FUNCTION bucket_touch()", LockLevel.NONE),),
    )
    trigger = Change(
        description="create trigger buckets_touch",
        up=(
            _s(
                "CREATE TRIGGER buckets_touch BEFORE UPDATE ON buckets "
                "FOR EACH ROW EXECUTE FUNCTION bucket_touch()",
                LockLevel.SHARE_ROW_EXCLUSIVE,
            ),
        ),
        down=(_s("DROP TRIGGER buckets_touch ON buckets", LockLevel.ACCESS_EXCLUSIVE),),
    )
    return Plan(changes=(table, function, trigger))


def tag_buckets() -> Plan:
    """On a table with rows: a column, an index built CONCURRENTLY, a check added NOT VALID."""
    column = Change(
        description="add column buckets.tags",
        up=(_s("ALTER TABLE buckets ADD COLUMN tags text[]", LockLevel.ACCESS_EXCLUSIVE),),
        down=(
            _s(
                "ALTER TABLE buckets DROP COLUMN tags",
                LockLevel.ACCESS_EXCLUSIVE,
                Hazard(kind=HazardKind.DELETES_DATA, subject="buckets.tags"),
            ),
        ),
    )
    index = Change(
        description="create index buckets_tags_idx",
        up=(
            _s(
                "CREATE INDEX CONCURRENTLY buckets_tags_idx ON buckets USING gin (tags)",
                LockLevel.SHARE_UPDATE_EXCLUSIVE,
                Hazard(kind=HazardKind.INDEX_BUILD, subject="buckets_tags_idx"),
                transactional=False,
            ),
        ),
        down=(
            _s(
                "DROP INDEX CONCURRENTLY buckets_tags_idx",
                LockLevel.SHARE_UPDATE_EXCLUSIVE,
                Hazard(kind=HazardKind.INDEX_DROPPED, subject="buckets_tags_idx"),
                transactional=False,
            ),
        ),
    )
    check = Change(
        description="add check buckets_name_shape",
        up=(
            _s(LONG_CHECK, LockLevel.ACCESS_EXCLUSIVE),
            _s(
                "ALTER TABLE buckets VALIDATE CONSTRAINT buckets_name_shape",
                LockLevel.SHARE_UPDATE_EXCLUSIVE,
                Hazard(kind=HazardKind.VALIDATION_SCAN, subject="buckets.buckets_name_shape"),
                # After the ADD has committed: validating in its transaction would keep
                # the ADD's ACCESS EXCLUSIVE lock for the whole scan.
                transactional=False,
            ),
        ),
        down=(
            _s(
                "ALTER TABLE buckets DROP CONSTRAINT buckets_name_shape",
                LockLevel.ACCESS_EXCLUSIVE,
            ),
        ),
    )
    return Plan(
        changes=(column, index, check),
        timeouts=Timeouts(lock_timeout_ms=2_000, statement_timeout_ms=1_800_000),
    )
