"""`primedb explain` and `primedb advise` from the command line: output shapes, errors, exits."""

import json

import pytest
from click.testing import CliRunner

from primedb.cli import cli

EXPLAIN_KEYS = {
    "name", "sample", "rows", "execution_ms", "planning_ms", "shared_hit", "shared_read", "plan",
    "findings",
}  # fmt: skip
INDEX_KEYS = {
    "table", "definition", "method", "columns", "include", "where", "size_bytes",
    "write_overhead", "queries", "verified",
}  # fmt: skip


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"PRIMEDB_DSN": "", "DATABASE_URL": ""})
    return result.exit_code, result.stdout, result.stderr


def test_explain_json_has_the_documented_shape(bare_dsn: str) -> None:
    code, out, _ = invoke(
        "explain", "notifications_unread_first", "user_by_id", "--runs", "1",
        "--dsn", bare_dsn, "--format", "json",
    )  # fmt: skip
    assert code == 0
    queries = json.loads(out)["queries"]
    assert [(q["name"], q["sample"]) for q in queries] == [
        ("notifications_unread_first", "heavy"),
        ("notifications_unread_first", "typical"),
        ("user_by_id", "heavy"),
        ("user_by_id", "typical"),
    ]
    assert all(set(q) == EXPLAIN_KEYS for q in queries)
    inbox = queries[0]
    assert inbox["plan"]["root"]["node_type"] == "Limit"
    kinds = {f["kind"] for f in inbox["findings"]}
    assert "sort_under_limit" in kinds  # no index orders the inbox here
    assert all(set(f) == {"kind", "severity", "node", "message", "hint"} for f in inbox["findings"])
    # (A hot node is a matter of the machine's load for a plan this fast.)
    assert [f for f in queries[2]["findings"] if f["kind"] != "hot_node"] == []


def test_explain_text_shows_the_tree_and_the_findings(bare_dsn: str) -> None:
    code, out, _ = invoke("explain", "notifications_unread_first", "--runs", "1", "--dsn", bare_dsn)
    assert code == 0
    assert out.startswith("notifications_unread_first [heavy]: 20 rows, execution ")
    assert "#1 Limit" in out and "  #2 Sort" in out and "findings:" in out
    assert "hint: an index whose keys are the equality columns then the sort key" in out


def test_explain_fails_on_findings_only_when_asked(bare_dsn: str) -> None:
    args = ("explain", "notifications_unread_first", "--runs", "1", "--dsn", bare_dsn)
    assert invoke(*args, "--fail-on", "warning")[0] == 1
    assert invoke(*args, "--fail-on", "critical")[0] == 0


def test_explain_an_adhoc_statement(bare_dsn: str) -> None:
    code, out, _ = invoke(
        "explain", "--sql", "SELECT count(*) FROM notifications WHERE kind = 'billing'",
        "--runs", "1", "--dsn", bare_dsn, "--format", "json",
    )  # fmt: skip
    assert code == 0
    (query,) = json.loads(out)["queries"]
    assert (query["name"], query["sample"], query["rows"]) == ("sql", "-", 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("explain", "no_such_query"), "no query named no_such_query"),
        (("explain", "user_by_id", "--sql", "SELECT 1"), "--sql runs one statement"),
        (("advise", "--workload", "pg_stat_statements", "user_by_id"), "takes no query names"),
    ],
)
def test_usage_errors_exit_2_before_any_work(args: tuple[str, ...], message: str) -> None:
    code, _, err = invoke(*args, "--dsn", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and message in err


def test_advise_json_has_the_documented_shape(bare_dsn: str) -> None:
    code, out, _ = invoke(
        "advise", "notifications_unread_first", "--dsn", bare_dsn, "--copy", "--runs", "1",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    report = json.loads(out)
    (index,) = report["indexes"]
    assert set(index) >= INDEX_KEYS
    assert index["definition"].startswith("CREATE INDEX CONCURRENTLY notifications_user_id_read")
    assert index["columns"] == ["user_id", "read", "created_at DESC", "id DESC"]
    assert index["verified"] and index["size_bytes"] > 0
    heavy, _ = index["queries"]
    assert set(heavy) == {"name", "sample", "before", "after"}
    assert set(heavy["after"]) >= {"execution_ms", "buffers", "rows", "plan"}
    assert heavy["after"]["buffers"] < heavy["before"]["buffers"]
    assert all(set(r) == {"definition", "why"} for r in report["rejected"])
    assert report["verification"] == "copy" and report["whatif"] == "hypopg"


def test_advise_on_a_database_that_is_not_a_copy_needs_a_decision(bare_dsn: str) -> None:
    code, _, err = invoke("advise", "notifications_unread_first", "--dsn", bare_dsn)
    assert code == 2 and "--verify-on-this-database" in err
    code, out, _ = invoke(
        "advise", "notifications_unread_first", "--dsn", bare_dsn, "--no-verify",
    )  # fmt: skip
    assert code == 0 and "not verified" in out
