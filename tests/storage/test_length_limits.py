"""Every text the storage layer stores has one length limit, the same in Python and in the schema.

For each limit, the CHECK of the schema says `length(column) <= N` with the N of
`primedb.storage.arguments`, a text of N characters goes through the storage
layer, and one of N + 1 is refused in Python as a `ValidationError` naming the
field, before anything is written.
"""

from collections.abc import Callable

import psycopg
import pytest

from primedb.storage import DatabaseStorage, ValidationError
from primedb.storage.arguments import BODY_MAX, NAME_MAX, REASON_MAX, REGION_MAX

from ._helpers import World, fetch, refused

Call = Callable[[DatabaseStorage, World, str], object]

# constraint, limit, field, a call storing a text of the given length in that field
LIMITS: list[tuple[str, int, str, Callable[[int], str], Call]] = [
    (
        "users_name_length",
        NAME_MAX,
        "name",
        lambda n: "N" * n,
        lambda s, w, text: s.create_user(email="long@acme.com.br", name=text),
    ),
    (
        "accounts_name_length",
        NAME_MAX,
        "name",
        lambda n: "A" * n,
        lambda s, w, text: s.create_account(name=text, cnpj="11444777000161", owner=w.owner.id),
    ),
    (
        "buckets_region_length",
        REGION_MAX,
        "region",
        lambda n: "sa-" + "e" * (n - 3),
        lambda s, w, text: s.create_bucket(w.account.id, name="long-region", region=text),
    ),
    (
        "quota_requests_reason_length",
        REASON_MAX,
        "reason",
        lambda n: "r" * n,
        lambda s, w, text: s.request_quota_increase(
            w.account.id, resource="buckets", current_limit=1, requested_limit=2, reason=text
        ),
    ),
    (
        "notifications_body_length",
        BODY_MAX,
        "body",
        lambda n: "b" * n,
        lambda s, w, text: s.notify(w.owner.id, kind="system", title="t", body=text),
    ),
]


@pytest.mark.parametrize(
    ("constraint", "limit", "field", "text", "call"), LIMITS, ids=[c[0] for c in LIMITS]
)
def test_python_and_the_schema_share_each_limit(
    storage: DatabaseStorage,
    world: World,
    constraint: str,
    limit: int,
    field: str,
    text: Callable[[int], str],
    call: Call,
) -> None:
    ((definition,),) = fetch(
        world.dsn,
        "SELECT pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint "
        "WHERE conname = %s",
        (constraint,),
    )
    assert definition.endswith(f"<= {limit}))"), definition
    refused(world.dsn, ValidationError, lambda: call(storage, world, text(limit + 1)), field=field)
    call(storage, world, text(limit))


def test_the_schema_refuses_what_python_would(world: World) -> None:
    """The database holds the line on its own: a client that skips the storage layer."""
    with psycopg.connect(world.dsn) as conn, pytest.raises(psycopg.errors.CheckViolation) as info:
        conn.execute("UPDATE users SET name = repeat('x', %s)", (NAME_MAX + 1,))
    assert info.value.diag.constraint_name == "users_name_length"
