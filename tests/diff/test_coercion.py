"""Type changes: which rewrite, which need USING, which may fail, which lose data."""

import pytest

from primedb.diff.coercion import classify, parse_type


def test_parse_type() -> None:
    t = parse_type("character varying(20)[]")
    assert (t.base, t.mods, t.array) == ("character varying", (20,), True)
    t = parse_type("timestamp(3) with time zone")
    assert (t.base, t.mods, t.array) == ("timestamp with time zone", (3,), False)


@pytest.mark.parametrize(
    ("old", "new", "rewrite", "using", "may_fail", "lossy"),
    [
        ("character varying(20)", "character varying(50)", False, False, False, False),
        ("character varying(20)", "text", False, False, False, False),
        ("numeric(10,2)", "numeric(12,2)", False, False, False, False),
        ("cidr", "inet", False, False, False, False),
        ("character varying(50)", "character varying(20)", True, False, True, False),
        ("integer", "bigint", True, False, False, False),
        ("bigint", "integer", True, False, True, False),
        ("text", "integer", True, True, True, False),
        ("integer", "text", True, False, False, False),
        ("numeric(10,2)", "numeric(10,0)", True, False, True, True),
        ("double precision", "integer", True, False, True, True),
        ("timestamp with time zone", "date", True, False, False, True),
        ("json", "jsonb", True, True, True, True),
        ("public.mood", "text", True, False, False, False),
        ("text", "public.mood", True, True, True, False),
    ],
)
def test_classify(
    old: str, new: str, rewrite: bool, using: bool, may_fail: bool, lossy: bool
) -> None:
    change = classify(old, new)
    assert (change.rewrite, change.using, change.may_fail, change.lossy) == (
        rewrite,
        using,
        may_fail,
        lossy,
    )
