"""The inbox: unread first, then newest; marking read; audit rows under the account concerned."""

from primedb.storage import (
    DatabaseStorage,
    NotFound,
    NotificationKind,
    ValidationError,
)

from ._helpers import World, audit_actions, fetch, refused


def test_inbox_is_unread_first_then_newest(storage: DatabaseStorage, world: World) -> None:
    user = world.admin.id
    first = storage.notify(user, kind="system", title="Welcome")
    second = storage.notify(
        user, kind=NotificationKind.BILLING, title="Invoice ready", account_id=world.account.id
    )
    third = storage.notify(user, kind="security", title="New key", body="PCPK...")
    assert storage.unread_notifications(user) == 3
    assert storage.mark_notifications_read(user, [second.id]) == 1
    assert storage.mark_notifications_read(user, [second.id]) == 0  # already read
    inbox = storage.notifications(user)
    assert [n.id for n in inbox] == [third.id, first.id, second.id]
    assert [n.read for n in inbox] == [False, False, True]
    assert [n.id for n in storage.notifications(user, page_size=2)] == [third.id, first.id]
    assert storage.unread_notifications(user) == 2
    assert storage.mark_notifications_read(user) == 2
    assert storage.unread_notifications(user) == 0


def test_only_notices_about_an_account_are_audited(storage: DatabaseStorage, world: World) -> None:
    before = len(audit_actions(world.dsn, world.account.id))
    storage.notify(world.admin.id, kind="system", title="Maintenance tonight")
    about = storage.notify(
        world.admin.id, kind="quota", title="Quota approved", account_id=world.account.id
    )
    storage.mark_notifications_read(world.admin.id)
    assert audit_actions(world.dsn, world.account.id)[before:] == [
        "notification.created",
        "notification.read",
    ]
    ((metadata,),) = fetch(
        world.dsn, "SELECT metadata FROM audit_logs WHERE action = 'notification.read'"
    )
    assert metadata == {"user_id": world.admin.id, "count": 1}
    assert about.account_id == world.account.id


def test_marking_read_touches_only_the_users_own_notifications(
    storage: DatabaseStorage, world: World
) -> None:
    theirs = storage.notify(world.owner.id, kind="system", title="For Ana")
    assert storage.mark_notifications_read(world.admin.id, [theirs.id]) == 0
    assert storage.unread_notifications(world.owner.id) == 1


def test_notification_refusals_write_nothing(storage: DatabaseStorage, world: World) -> None:
    user = world.admin.id
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.notify(user, kind="promo", title="Sale"),
        field="kind",
    )
    for title in ("   ", "x" * 201):
        refused(
            world.dsn,
            ValidationError,
            lambda title=title: storage.notify(user, kind="system", title=title),
            field="title",
        )
    refused(
        world.dsn,
        NotFound,
        lambda: storage.notify(999_999, kind="system", title="Hi"),
        field="user",
    )
    refused(
        world.dsn,
        NotFound,
        lambda: storage.notify(user, kind="system", title="Hi", account_id=999_999),
        field="account",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.mark_notifications_read(user, ["1"]),  # type: ignore[list-item]
        field="ids",
    )
    refused(
        world.dsn,
        ValidationError,
        lambda: storage.notifications(user, page_size=0),
        field="page_size",
    )
