"""Each Python mirror of a schema rule answers as the database does, on the same samples.

The database's own functions (`cnpj_is_valid`, `bucket_name_is_valid`,
`lifecycle_rules_problem`, `account_status_transition_allowed`) and CHECKs are
asked about a table of samples, some hand-picked for each edge of a rule and
some drawn at random (a fixed seed), and the Python side must agree exactly.
"""

import json
import random
import re
from enum import StrEnum
from itertools import product
from typing import Any

import psycopg
import pytest

from primedb.storage import enums
from primedb.storage.errors import RuleViolation
from primedb.storage.validation import (
    ACCOUNT_TRANSITIONS,
    bucket_name_is_valid,
    check_versioning_transition,
    cnpj_check_digits,
    cnpj_is_valid,
    email_is_valid,
    lifecycle_rules_problem,
    normalize_cnpj,
)

RNG = random.Random(20260701)


def _ask(dsn: str, query: str, values: list[Any]) -> list[Any]:
    with psycopg.connect(dsn) as conn:
        return [conn.execute(query, (v,)).fetchone()[0] for v in values]  # type: ignore[index]


def _random_cnpjs() -> list[str]:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    found: list[str] = []
    for _ in range(300):
        base = "".join(
            RNG.choice(alphabet if RNG.random() < 0.3 else "0123456789") for _ in range(12)
        )
        digits = cnpj_check_digits(base) or "00"
        valid = base + digits
        wrong = base + f"{(int(digits) + RNG.randint(1, 99)) % 100:02d}"
        punctuated = f"{valid[:2]}.{valid[2:5]}.{valid[5:8]}/{valid[8:12]}-{valid[12:]}"
        found += [valid, wrong, punctuated.lower(), punctuated.replace(".", " ")]
    return found


CNPJ_SAMPLES = [
    "11222333000181",
    "11.222.333/0001-81",
    "11 222 333 0001 81",
    "11222333000182",
    "00000000000000",
    "11111111111111",
    "12ABC34501DE35",
    "12abc34501de35",
    "12ABC34501DEAB",
    "1122233300018",
    "112223330001811",
    "11222333000181\n",
    "\t11222333000181",
    # Valid once str.upper() turns the dotless i into an I; the database does not.
    "\u0131\u0131" + "2223330001" + (cnpj_check_digits("II2223330001") or ""),
    "",
    "./-",
    *_random_cnpjs(),
]


def test_cnpj_validity_and_normal_form_agree(schema_dsn: str) -> None:
    assert _ask(schema_dsn, "SELECT cnpj_is_valid(%s)", CNPJ_SAMPLES) == [
        cnpj_is_valid(v) for v in CNPJ_SAMPLES
    ]
    assert _ask(schema_dsn, "SELECT cnpj_normalize(%s)", CNPJ_SAMPLES) == [
        normalize_cnpj(v) for v in CNPJ_SAMPLES
    ]
    bases = [normalize_cnpj(v)[:12] for v in CNPJ_SAMPLES]
    assert _ask(schema_dsn, "SELECT cnpj_check_digits(%s)", bases) == [
        cnpj_check_digits(b) for b in bases
    ]


BUCKET_SAMPLES = [
    "abc",
    "a" * 63,
    "a" * 64,
    "ab",
    "my.bucket-1",
    "my..bucket",
    "-bucket",
    "bucket-",
    "Bucket",
    "192.168.5.4",
    "192.168.5",
    "999.1.1.1",
    "1.2.3.4a",
    "bucket_name",
    "bucket\n",
    "bücket",
    *("".join(RNG.choice("ab9.-_A") for _ in range(RNG.randint(1, 66))) for _ in range(400)),
]


def test_bucket_names_agree(schema_dsn: str) -> None:
    assert _ask(schema_dsn, "SELECT bucket_name_is_valid(%s)", BUCKET_SAMPLES) == [
        bucket_name_is_valid(n) for n in BUCKET_SAMPLES
    ]


EMAIL_SAMPLES = [
    "ana@acme.com.br",
    "ana@acme",
    "ana acme@x.com",
    "@acme.com",
    "ana@@acme.com",
    "a@b.c",
    "a@b.c\n",
    "x" * 250 + "@b.co",
    "x" * 240 + "@b.co",
    "ana@acme.com.",
]


def test_email_shapes_agree(schema_dsn: str) -> None:
    check = "SELECT %s ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' AND length(%s) <= 254"
    with psycopg.connect(schema_dsn) as conn:
        database = [conn.execute(check, (e, e)).fetchone()[0] for e in EMAIL_SAMPLES]  # type: ignore[index]
    assert database == [email_is_valid(e) for e in EMAIL_SAMPLES]


def _rule(**overrides: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {"ID": "r", "Status": "Enabled", "Expiration": {"Days": 30}}
    rule.update(overrides)
    return {k: v for k, v in rule.items() if v is not None}


LIFECYCLE_SAMPLES: list[Any] = [
    [],
    [_rule()],
    {"rules": []},
    "rules",
    [_rule()] * 2,
    [_rule(ID=f"r{i}") for i in range(1001)],
    [1],
    [_rule(Foo=1)],
    [_rule(ID=None)],
    [_rule(ID=7)],
    [_rule(ID="")],
    [_rule(ID="x" * 256)],
    [_rule(Status="enabled")],
    [_rule(Status=None)],
    [_rule(Filter="logs/")],
    [_rule(Filter={"Prefix": "logs/", "Tag": "x"})],
    [_rule(Filter={"Prefix": 5})],
    [_rule(Filter={"Prefix": "p" * 1025})],
    [_rule(Filter={})],
    [_rule(Expiration=None)],
    [_rule(Expiration={"Days": 0})],
    [_rule(Expiration={"Days": 1.5})],
    [_rule(Expiration={"Days": 30.0})],
    [_rule(Expiration={"Days": "30"})],
    [_rule(Expiration={"Days": True})],
    [_rule(Expiration={"Days": 999_999_999})],
    [_rule(Expiration={"Days": 1_000_000_000})],
    [_rule(Expiration={"Days": 3, "Date": "2026-01-01"})],
    [_rule(Expiration=None, NoncurrentVersionExpiration={"NoncurrentDays": 90})],
    [_rule(Expiration=None, NoncurrentVersionExpiration={"Days": 90})],
    [_rule(Expiration=None, NoncurrentVersionExpiration={"NoncurrentDays": -1})],
    [_rule(Transitions=[])],
    [_rule(Transitions={"Days": 1})],
    [_rule(Transitions=[{"Days": 30, "StorageClass": "GLACIER"}])],
    [_rule(Transitions=[{"Days": 30, "StorageClass": "GLACIER"}, {"Days": 30}])],
    [_rule(Transitions=[{"Days": 0, "StorageClass": "GLACIER"}])],
    [_rule(Transitions=[{"Days": 30, "StorageClass": "TAPE"}])],
    [_rule(Transitions=[{"Days": 30, "StorageClass": 3}])],
    [_rule(), _rule(ID="b", Status="Disabled", Foo=2)],
]


def test_lifecycle_problems_agree_word_for_word(schema_dsn: str) -> None:
    database = _ask(
        schema_dsn,
        "SELECT lifecycle_rules_problem(%s::jsonb)",
        [json.dumps(d) for d in LIFECYCLE_SAMPLES],
    )
    assert database == [lifecycle_rules_problem(d) for d in LIFECYCLE_SAMPLES]
    assert database.count(None) == 6  # the valid ones, so the table also tests acceptance


def test_account_transitions_agree(schema_dsn: str) -> None:
    pairs = list(product(enums.AccountStatus, repeat=2))
    with psycopg.connect(schema_dsn) as conn:
        database = [
            conn.execute("SELECT account_status_transition_allowed(%s, %s)", p).fetchone()[0]  # type: ignore[index]
            for p in pairs
        ]
    assert database == [a == b or b in ACCOUNT_TRANSITIONS[a] for a, b in pairs]


def test_versioning_transitions_agree(schema_dsn: str) -> None:
    """The trigger is asked by real UPDATEs, each in a savepoint rolled back."""
    with psycopg.connect(schema_dsn) as conn:
        conn.execute("INSERT INTO users (id, email, name) VALUES (1, 'a@b.co', 'A')")
        conn.execute("INSERT INTO accounts (id, name, cnpj) VALUES (1, 'A', '11222333000181')")
        conn.execute("INSERT INTO account_members VALUES (1, 1, 'owner')")
        for current, target in product(enums.Versioning, repeat=2):
            try:
                check_versioning_transition(current, target)
                python_allows = True
            except RuleViolation:
                python_allows = False
            try:
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO buckets (id, account_id, name, region, versioning) "
                        "VALUES (1, 1, 'b-1', 'sa-east-1', %s)",
                        (current,),
                    )
                    conn.execute("UPDATE buckets SET versioning = %s WHERE id = 1", (target,))
                    raise _Rollback
            except _Rollback:
                database_allows = True
            except psycopg.errors.CheckViolation:
                database_allows = False
            assert python_allows == database_allows, (current, target)


class _Rollback(Exception):
    pass


# The closed sets: each enum holds exactly the values its CHECK lists.
ENUM_CHECKS = [
    (enums.AccountStatus, "accounts_status_valid"),
    (enums.MemberRole, "account_members_role_valid"),
    (enums.MemberRole, "invitations_role_valid"),
    (enums.InvitationStatus, "invitations_status_valid"),
    (enums.Versioning, "buckets_versioning_valid"),
    (enums.AccessKeyStatus, "access_keys_status_valid"),
    (enums.UsageMetric, "usage_records_metric_valid"),
    (enums.QuotaResource, "quota_requests_resource_valid"),
    (enums.QuotaStatus, "quota_requests_status_valid"),
    (enums.NotificationKind, "notifications_kind_valid"),
]


@pytest.mark.parametrize(("enum", "constraint"), ENUM_CHECKS, ids=[c for _, c in ENUM_CHECKS])
def test_enums_match_their_checks(schema_dsn: str, enum: type[StrEnum], constraint: str) -> None:
    (definition,) = _ask(
        schema_dsn,
        "SELECT pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint "
        "WHERE conname = %s LIMIT 1",
        [constraint],
    )
    assert set(re.findall(r"'([a-z_]+)'::text", definition)) == {m.value for m in enum}
