"""Python mirrors of the rules the schema enforces, checked before a statement runs.

Each mirror follows one database rule of `schema/*.sql` exactly (the function
or CHECK is named beside it), so a refusal is explained in words before any
round trip, and the database remains the guarantee. `tests/storage/
test_validation_mirrors.py` asks the database about a table of samples and
holds the two sides to the same answer. A refusal is a `ValidationError`
(or `RuleViolation` for a transition) naming the field and the reason.
"""

import re
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from primedb.storage.arguments import BIGINT_MAX, require_datetime, shown, text_problem
from primedb.storage.enums import AccountStatus, Versioning
from primedb.storage.errors import RuleViolation, ValidationError

__all__ = [
    "ACCOUNT_TRANSITIONS",
    "BIGINT_MAX",
    "MAX_PAGE_SIZE",
    "bucket_name_is_valid",
    "check_account_transition",
    "check_versioning_transition",
    "cnpj_check_digits",
    "cnpj_is_valid",
    "email_is_valid",
    "lifecycle_rules_problem",
    "normalize_cnpj",
    "require_aware",
    "require_choice",
    "require_not_blank",
    "require_page_size",
    "require_quantity",
    "validate_bucket_name",
    "validate_cnpj",
    "validate_email",
    "validate_lifecycle_rules",
    "validate_region",
]

# CNPJ: cnpj_normalize(), cnpj_check_digits(), cnpj_is_valid() ---------------------

_CNPJ_PUNCTUATION = re.compile(r"[ \t\n\r\f\v./-]")  # [[:space:]./-]
_CNPJ_SHAPE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_CNPJ_BASE = re.compile(r"[0-9A-Z]{12}")
_CNPJ_REPEATED = re.compile(r"([0-9])\1{13}")  # 00000000000000 passes the arithmetic
_W1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_W2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


# ASCII only: str.upper() maps some other letters onto ASCII ones (U+0131 -> 'I'),
# which would let a string the database refuses pass here.
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def normalize_cnpj(value: str) -> str:
    """The stored form: no dots, slash, hyphen or spaces; upper case."""
    return _CNPJ_PUNCTUATION.sub("", value).translate(_ASCII_UPPER)


def _check_digit(values: list[int], weights: tuple[int, ...]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def cnpj_check_digits(base: str) -> str | None:
    """The two check digits of a normalised 12-character base (digits or A-Z)."""
    if not _CNPJ_BASE.fullmatch(base):
        return None
    values = [ord(c) - 48 for c in base]  # '0'..'9' -> 0..9, 'A'..'Z' -> 17..42
    first = _check_digit(values, _W1)
    second = _check_digit([*values, first], _W2)
    return f"{first}{second}"


def cnpj_is_valid(value: str) -> bool:
    """True for a CNPJ (punctuated or not, numeric or 2026 alphanumeric) with right digits."""
    v = normalize_cnpj(value)
    return (
        bool(_CNPJ_SHAPE.fullmatch(v))
        and not _CNPJ_REPEATED.fullmatch(v)
        and v[12:] == cnpj_check_digits(v[:12])
    )


def validate_cnpj(value: str, field: str = "cnpj") -> str:
    """The normalised CNPJ, or `ValidationError` saying what is wrong with it."""
    v = normalize_cnpj(value)
    if not _CNPJ_SHAPE.fullmatch(v):
        raise ValidationError(
            field, f"{value!r} is not 12 letters or digits followed by 2 check digits"
        )
    if _CNPJ_REPEATED.fullmatch(v):
        raise ValidationError(field, f"{value!r} repeats one digit")
    if v[12:] != cnpj_check_digits(v[:12]):
        raise ValidationError(field, f"{value!r} has wrong check digits")
    return v


# E-mail: users_email_shape, invitations_email_shape -------------------------------

# Python's \s is a superset of [[:space:]], so this side is never laxer.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EMAIL_MAX = 254


def email_is_valid(value: str) -> bool:
    return len(value) <= _EMAIL_MAX and bool(_EMAIL.fullmatch(value))


def validate_email(value: str, field: str = "email") -> str:
    if len(value) > _EMAIL_MAX:
        raise ValidationError(field, f"longer than {_EMAIL_MAX} characters")
    if not _EMAIL.fullmatch(value):
        raise ValidationError(field, f"{value!r} is not an e-mail address")
    return value


# Bucket names: bucket_name_is_valid() ----------------------------------------------

_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_IPV4_SHAPE = re.compile(r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}")


def bucket_name_is_valid(name: str) -> bool:
    return bool(_BUCKET.fullmatch(name)) and ".." not in name and not _IPV4_SHAPE.fullmatch(name)


def validate_bucket_name(name: str, field: str = "name") -> str:
    if not 3 <= len(name) <= 63:
        raise ValidationError(field, f"bucket names have 3 to 63 characters, got {len(name)}")
    if not _BUCKET.fullmatch(name):
        raise ValidationError(
            field,
            f"{name!r}: use lower-case letters, digits, dots and hyphens, "
            "starting and ending with a letter or digit",
        )
    if ".." in name:
        raise ValidationError(field, f"{name!r} has two adjacent dots")
    if _IPV4_SHAPE.fullmatch(name):
        raise ValidationError(field, f"{name!r} is shaped like an IP address")
    return name


_REGION = re.compile(r"[a-z]{2}(-[a-z0-9]+)+")  # buckets_region_shape


def validate_region(region: str, field: str = "region") -> str:
    if not _REGION.fullmatch(region):
        raise ValidationError(field, f"{region!r} is not a region such as 'sa-east-1'")
    return region


# Lifecycle rules: lifecycle_rules_problem() -----------------------------------------
#
# Same checks, same order and same words as the SQL function, so the reason a
# caller reads does not depend on which side refused.

_RULE_KEYS = frozenset(
    {"ID", "Status", "Filter", "Expiration", "Transitions", "NoncurrentVersionExpiration"}
)
_ACTIONS = ("Expiration", "Transitions", "NoncurrentVersionExpiration")
_STORAGE_CLASSES = (
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
)
_MAX_RULES = 1000
_MAX_DAYS = 999_999_999


def _days_ok(value: object) -> bool:
    # lifecycle_days_is_valid(): a JSON integer 1..999999999; bool is an int in Python.
    return type(value) is int and 1 <= value <= _MAX_DAYS


def _has_keys(value: object, keys: set[str]) -> bool:
    return isinstance(value, Mapping) and set(value) == keys


def _rule_problem(rule: object, at: str, seen: set[str]) -> str | None:
    if not isinstance(rule, Mapping):
        return f"{at} must be a JSON object"
    unknown = sorted(str(k) for k in rule if k not in _RULE_KEYS)
    if unknown:
        return f"{at}: unknown key {unknown[0]}"
    rule_id = rule.get("ID")
    if not isinstance(rule_id, str):
        return f"{at}: ID is required and must be a string"
    if not 1 <= len(rule_id) <= 255:
        return f"{at}: ID must be 1 to 255 characters"
    if problem := text_problem(rule_id):
        return f"{at}: ID {problem}"
    if rule_id in seen:
        return f"{at}: ID {rule_id} is used by an earlier rule"
    seen.add(rule_id)
    if not isinstance(rule.get("Status"), str) or rule["Status"] not in ("Enabled", "Disabled"):
        return f'{at}: Status is required and must be "Enabled" or "Disabled"'
    if "Filter" in rule:
        part = rule["Filter"]
        if not isinstance(part, Mapping):
            return f"{at}: Filter must be an object"
        bad = sorted(str(k) for k in part if k != "Prefix")
        if bad:
            return f"{at}: unknown key Filter.{bad[0]}"
        if "Prefix" in part and (not isinstance(part["Prefix"], str) or len(part["Prefix"]) > 1024):
            return f"{at}: Filter.Prefix must be a string of at most 1024 characters"
        if "Prefix" in part and (problem := text_problem(part["Prefix"])):
            return f"{at}: Filter.Prefix {problem}"
    if not any(action in rule for action in _ACTIONS):
        return f"{at}: needs an action: Expiration, Transitions or NoncurrentVersionExpiration"
    if "Expiration" in rule:
        if not _has_keys(rule["Expiration"], {"Days"}):
            return f'{at}: Expiration must be {{"Days": n}}'
        if not _days_ok(rule["Expiration"]["Days"]):
            return f"{at}: Expiration.Days must be a positive integer"
    if "NoncurrentVersionExpiration" in rule:
        part = rule["NoncurrentVersionExpiration"]
        if not _has_keys(part, {"NoncurrentDays"}):
            return f'{at}: NoncurrentVersionExpiration must be {{"NoncurrentDays": n}}'
        if not _days_ok(part["NoncurrentDays"]):
            return f"{at}: NoncurrentVersionExpiration.NoncurrentDays must be a positive integer"
    if "Transitions" in rule:
        return _transitions_problem(rule["Transitions"], at)
    return None


def _transitions_problem(part: object, at: str) -> str | None:
    if not isinstance(part, list) or not part:
        return f"{at}: Transitions must be a non-empty array"
    for pos, item in enumerate(part):
        if not _has_keys(item, {"Days", "StorageClass"}):
            return f'{at}: Transitions[{pos}] must be {{"Days": n, "StorageClass": "..."}}'
        if not _days_ok(item["Days"]):
            return f"{at}: Transitions[{pos}].Days must be a positive integer"
        if not isinstance(item["StorageClass"], str) or item["StorageClass"] not in (
            _STORAGE_CLASSES
        ):
            return f"{at}: Transitions[{pos}].StorageClass must be one of " + ", ".join(
                _STORAGE_CLASSES
            )
    return None


def lifecycle_rules_problem(rules: object) -> str | None:
    """The first problem of a lifecycle rules document, in words, or None when it is valid."""
    if not isinstance(rules, list | tuple):
        return "lifecycle rules must be a JSON array"
    if len(rules) > _MAX_RULES:
        return f"at most {_MAX_RULES} lifecycle rules, got {len(rules)}"
    seen: set[str] = set()
    for pos, rule in enumerate(rules):
        if problem := _rule_problem(rule, f"rule [{pos}]", seen):
            return problem
    return None


def validate_lifecycle_rules(rules: object, field: str = "lifecycle_rules") -> list[Any]:
    """The rules as a list ready for `psycopg.types.json.Jsonb`, or `ValidationError`."""
    if problem := lifecycle_rules_problem(rules):
        raise ValidationError(field, problem)
    assert isinstance(rules, list | tuple)
    return list(rules)


# Closed sets (the *_valid CHECKs, `enums`) and state machines (the transition triggers)

E = TypeVar("E", bound=StrEnum)

# account_status_transition_allowed(): closed is final.
ACCOUNT_TRANSITIONS: Mapping[AccountStatus, frozenset[AccountStatus]] = {
    AccountStatus.PENDING: frozenset({AccountStatus.APPROVED, AccountStatus.CLOSED}),
    AccountStatus.APPROVED: frozenset(
        {AccountStatus.ACTIVE, AccountStatus.SUSPENDED, AccountStatus.CLOSED}
    ),
    AccountStatus.ACTIVE: frozenset({AccountStatus.SUSPENDED, AccountStatus.CLOSED}),
    AccountStatus.SUSPENDED: frozenset({AccountStatus.ACTIVE, AccountStatus.CLOSED}),
    AccountStatus.CLOSED: frozenset(),
}


def require_choice(value: object, choices: type[E], field: str) -> E:
    """`value` as a member of `choices`, or `ValidationError` listing the choices."""
    if isinstance(value, str):
        try:
            return choices(value)
        except ValueError:
            pass
    raise ValidationError(field, f"{shown(value)} is not one of {', '.join(choices)}")


def require_not_blank(value: str, field: str, *, max_length: int | None = None) -> str:
    """`btrim(value) <> ''` (PostgreSQL's btrim trims spaces only), and an optional length."""
    if not isinstance(value, str) or not value.strip(" "):
        raise ValidationError(field, "must not be blank")
    if max_length is not None and len(value.strip(" ")) > max_length:
        raise ValidationError(field, f"longer than {max_length} characters")
    return value


def check_account_transition(current: AccountStatus, target: AccountStatus) -> None:
    """`RuleViolation('status', ...)` unless the state machine allows current -> target."""
    if current == target or target in ACCOUNT_TRANSITIONS[current]:
        return
    allowed = ", ".join(sorted(ACCOUNT_TRANSITIONS[current])) or "nothing (closed is final)"
    raise RuleViolation(
        "status", f"account status cannot change from {current} to {target} (allowed: {allowed})"
    )


def check_versioning_transition(current: Versioning, target: Versioning) -> None:
    """buckets_versioning_transition: never back to unversioned, and enabled before suspended."""
    if current == target:
        return
    if target == Versioning.UNVERSIONED or (
        current == Versioning.UNVERSIONED and target != Versioning.ENABLED
    ):
        raise RuleViolation(
            "versioning",
            f"bucket versioning cannot change from {current} to {target}; "
            "unversioned -> enabled, then enabled <-> suspended; never back to unversioned",
        )


# Numbers and moments -------------------------------------------------------------


def require_quantity(value: int, field: str, *, minimum: int = 0) -> int:
    """An integer from `minimum` to the top of bigint (`*_not_negative` CHECKs, the type)."""
    if type(value) is not int:  # bool is an int in Python; a quantity never is one
        raise ValidationError(field, f"{shown(value)} is not an integer")
    if value < minimum:
        bound = "negative" if minimum == 0 else f"below {minimum}"
        raise ValidationError(field, f"must not be {bound}, got {value}")
    if value > BIGINT_MAX:
        raise ValidationError(field, f"{value} does not fit in a bigint")
    return value


def require_aware(moment: datetime, field: str) -> datetime:
    """A timestamp with a time zone: a naive one would be read in the session's TimeZone."""
    return require_datetime(moment, field)


MAX_PAGE_SIZE = 500  # a page is one round trip; a bigger one is a report, not a page


def require_page_size(page_size: int) -> int:
    if type(page_size) is not int or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationError("page_size", f"must be 1 to {MAX_PAGE_SIZE}, got {shown(page_size)}")
    return page_size
