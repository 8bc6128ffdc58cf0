"""Audit logs are append-only: UPDATE and DELETE are refused naming the rule.

The one update allowed is the foreign key's SET NULL of actor_user_id when the
actor (a user) is deleted; a client setting it to NULL by hand is refused.
"""

from typing import Any

from psycopg import errors
from psycopg.types.json import Jsonb

from ._helpers import (
    Conn,
    connect,
    count,
    new_account,
    new_audit_log,
    new_user,
    one,
    owner_of,
    partition_of,
    refused,
)

RULE = "audit_logs_append_only"


def _event(conn: Conn) -> tuple[int, int]:
    account = new_account(conn)
    actor = owner_of(conn, account)
    event = new_audit_log(
        conn,
        account,
        actor_user_id=actor,
        action="bucket.created",
        resource_type="bucket",
        resource_id="42",
        metadata=Jsonb({"name": "photos"}),
        ip="203.0.113.7",
    )
    return event, actor


def _snapshot(conn: Conn, event: int) -> Any:
    return one(conn, "SELECT to_jsonb(a) FROM audit_logs a WHERE id = %s", [event])


UPDATES = [
    "UPDATE audit_logs SET action = 'bucket.deleted' WHERE id = %(id)s",
    "UPDATE audit_logs SET metadata = '{}' WHERE id = %(id)s",
    "UPDATE audit_logs SET account_id = account_id + 1 WHERE id = %(id)s",
    # A move to another month's partition is an UPDATE too.
    "UPDATE audit_logs SET created_at = created_at - interval '40 days' WHERE id = %(id)s",
    "UPDATE audit_logs SET action = action WHERE id = %(id)s",  # even a no-op
    "UPDATE audit_logs SET actor_user_id = %(other)s WHERE id = %(id)s",
    # Erasing the actor by hand while the user exists: only deleting the user may.
    "UPDATE audit_logs SET actor_user_id = NULL WHERE id = %(id)s",
]


def test_updates_are_refused_naming_the_rule(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        event, _ = _event(conn)
        other = new_user(conn)
        before = _snapshot(conn, event)
        for update in UPDATES:
            with refused(errors.RestrictViolation, RULE) as info:
                conn.execute(update, {"id": event, "other": other})
            assert info.value.diag.message_primary == "audit log rows cannot be updated", update
            assert info.value.diag.table_name == "audit_logs"  # the parent, not the partition
            assert _snapshot(conn, event) == before, update


def test_deletes_are_refused_through_the_parent_and_the_partition(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        event, _ = _event(conn)
        partition = partition_of(conn, "audit_logs", event)
        for table in ("audit_logs", partition):
            with refused(errors.RestrictViolation, RULE) as info:
                conn.execute(f"DELETE FROM {table} WHERE id = %s", [event])
            assert info.value.diag.message_primary == "audit log rows cannot be deleted"
            assert info.value.diag.message_hint == (
                "old events go away with their partition: drop_partitions_older_than()"
            )
        assert count(conn, "audit_logs") == 1


def test_deleting_the_actor_keeps_the_event_with_a_null_actor(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        event, actor = _event(conn)
        account = one(conn, "SELECT account_id FROM audit_logs WHERE id = %s", [event])
        conn.execute(
            "INSERT INTO account_members (account_id, user_id, role) VALUES (%s, %s, 'owner')",
            [account, new_user(conn)],
        )  # so the actor, the first owner, may go
        before = _snapshot(conn, event)
        conn.execute("DELETE FROM users WHERE id = %s", [actor])
        after = _snapshot(conn, event)
        assert after == {**before, "actor_user_id": None}


def test_new_events_are_appended(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        event, actor = _event(conn)
        system = new_audit_log(conn, new_account(conn), actor_user_id=None)  # no actor
        assert count(conn, "audit_logs") == 2
        assert _snapshot(conn, event)["actor_user_id"] == actor
        assert _snapshot(conn, system)["metadata"] == {}


def test_event_shape_is_checked(schema_dsn: str) -> None:
    with connect(schema_dsn) as conn:
        account = new_account(conn)
        cases: list[tuple[dict[str, Any], str]] = [
            ({"metadata": Jsonb([1, 2])}, "audit_logs_metadata_object"),
            ({"metadata": Jsonb("text")}, "audit_logs_metadata_object"),
            ({"resource_id": ""}, "audit_logs_resource_id_length"),
            ({"resource_id": "x" * 1025}, "audit_logs_resource_id_length"),
        ]
        for columns, check in cases:
            with refused(errors.CheckViolation, check):
                new_audit_log(conn, account, **columns)
        with refused(errors.ForeignKeyViolation, "audit_logs_actor_user_id_fkey"):
            new_audit_log(conn, account, actor_user_id=424242)
        new_audit_log(conn, account, resource_id="x" * 1024, metadata=Jsonb({"a": [1]}))
        assert count(conn, "audit_logs") == 1
