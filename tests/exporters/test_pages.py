"""Both pages pass promtool, and the dashboard and the rules name only what they publish."""

import re
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

from primedb.exporters.dashboard import build_dashboard, dashboard_json, expressions

from ._promql import metric_names, rated_metrics
from ._tools import EXPORTERS, promtool
from .conftest import Pages

DASHBOARD = EXPORTERS / "grafana" / "primedb.json"
RULES = EXPORTERS / "prometheus" / "rules.yml"


def published(pages: Pages) -> dict[str, str]:
    """Sample name -> its family's type, over both live pages."""
    types: dict[str, str] = {}
    for page in (pages.app, pages.database):
        for family in text_string_to_metric_families(page):
            for sample in family.samples:
                types[sample.name] = family.type
    return types


def rule_documents() -> list[dict[str, object]]:
    rules = yaml.safe_load(RULES.read_text())
    return [rule for group in rules["groups"] for rule in group["rules"]]


def concrete(expr: str) -> str:
    """A dashboard expression with Grafana's variables given values, for promtool."""
    text = expr.replace("$__rate_interval", "1m")
    return re.sub(r"\$\w+", ".*", text)


def test_the_exporter_page_passes_promtool(pages: Pages) -> None:
    assert "primedb_up 1.0" in pages.database
    assert promtool("check", "metrics", stdin=pages.database).strip() == ""


def test_the_committed_dashboard_is_what_the_code_generates() -> None:
    assert DASHBOARD.read_text() == dashboard_json(), (
        "exporters/grafana/primedb.json is stale; run `primedb dashboard` and commit it"
    )


def test_every_panel_has_a_unit_and_a_datasource_variable() -> None:
    model = build_dashboard()
    panels = [p for p in model["panels"] if p["type"] != "row"]
    assert len(panels) >= 20
    for panel in panels:
        assert panel["fieldConfig"]["defaults"].get("unit"), panel["title"]
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    variables = {v["name"]: v for v in model["templating"]["list"]}
    assert set(variables) == {"datasource", "instance", "pool"}
    targets = [t["expr"] for p in panels for t in p["targets"]]
    assert all("[$__rate_interval]" in e for e in targets if "rate(" in e)


def test_every_dashboard_and_rule_expression_parses(tmp_path: Path) -> None:
    exprs = [concrete(e) for e in expressions(build_dashboard())]
    rules = [{"record": f"dashboard:expr_{i}", "expr": e} for i, e in enumerate(exprs)]
    document = {"groups": [{"name": "dashboard", "rules": rules}]}
    (tmp_path / "dashboard_rules.yml").write_text(yaml.safe_dump(document, width=10_000))
    assert f"SUCCESS: {len(exprs)} rules found" in promtool(
        "check", "rules", str(tmp_path / "dashboard_rules.yml")
    )
    assert "SUCCESS" in promtool("check", "rules", str(RULES))


def test_the_rules_pass_their_unit_tests_and_the_example_config_is_valid() -> None:
    out = promtool("test", "rules", "rules_test.yml", cwd=RULES.parent)
    assert "SUCCESS" in out
    assert "SUCCESS" in promtool("check", "config", "prometheus.yml", cwd=RULES.parent)


def test_the_dashboard_and_the_rules_name_only_published_metrics(pages: Pages) -> None:
    live = published(pages)
    recorded = {str(r["record"]) for r in rule_documents() if "record" in r}
    needed: dict[str, set[str]] = {}
    for expr in expressions(build_dashboard()):
        needed.setdefault("dashboard", set()).update(metric_names(expr))
    for rule in rule_documents():
        needed.setdefault("rules", set()).update(metric_names(str(rule["expr"])))
    for where, names in needed.items():
        missing = sorted(names - set(live) - recorded)
        assert not missing, f"the {where} name metrics no live scrape publishes: {missing}"
    assert len(needed["dashboard"]) > 20


def test_rate_is_taken_of_counters_only(pages: Pages) -> None:
    live = published(pages)
    exprs = expressions(build_dashboard()) + [str(r["expr"]) for r in rule_documents()]
    rated = set().union(*(rated_metrics(e) for e in exprs))
    assert rated, "no rate() found: the lexer is broken"
    for name in rated:
        assert live[name] in ("counter", "histogram"), f"rate() of {live[name]} {name}"
    for expr in exprs:  # and no counter outside a rate()
        bare = metric_names(expr) - rated_metrics(expr)
        assert not [n for n in bare if live.get(n) == "counter"], expr
