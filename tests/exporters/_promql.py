"""Metric names in a PromQL expression, and the counters inside its rate()s: enough PromQL
lexing for the dashboard and rule checks (promtool parses the expressions themselves)."""

import re

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_BRACES = re.compile(r"\{[^{}]*\}")
_RANGES = re.compile(r"\[[^\]]*\]")
# by (...), without (...), on (...), ignoring (...), group_left (...), group_right (...)
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
_KEYWORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
    "offset", "bool", "inf", "nan",
}  # fmt: skip
_RATES = re.compile(r"\b(?:rate|irate|increase)\s*\(\s*([A-Za-z_:][A-Za-z0-9_:]*)")


def _bare(expr: str) -> str:
    text = _STRINGS.sub('""', expr)
    text = _BRACES.sub("", text)
    text = _RANGES.sub("", text)
    return _GROUPING.sub(" ", text)


def metric_names(expr: str) -> set[str]:
    """Series names the expression selects (functions, keywords and labels left out)."""
    text = _bare(expr)
    names = set()
    for match in _IDENT.finditer(text):
        following = text[match.end() :].lstrip()
        if following.startswith("("):  # a function or aggregation
            continue
        if match.group().lower() in _KEYWORDS:
            continue
        names.add(match.group())
    return names


def rated_metrics(expr: str) -> set[str]:
    """The series given to rate(), irate() or increase()."""
    return set(_RATES.findall(_bare(expr)))
