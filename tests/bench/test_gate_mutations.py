"""The gate on real mutations of a real database: each one it must catch, and one it must pass.

Every test measures a baseline on a copy of the bench's embedded default,
changes one thing the way a developer would (a revision that drops an index,
a query rewritten, a row updated, an index added), measures again and reads
the gate's verdict and lines.
"""

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from readme.examples import check_example, example

from primedb.bench import BenchSettings, Kind, Tolerances, Verdict, load_baseline
from primedb.bench.findings import Finding
from primedb.cli import cli
from primedb.errors import UsageError
from primedb.migrations.history import History
from primedb.migrations.reporter import QuietReporter
from primedb.migrations.runner import migrate
from primedb.pg import connect

from ._helpers import DATA, MIGRATIONS, QUERIES, ROOT, run

INBOX = ("notifications_unread_first", "notifications_unread_count")
INBOX_INDEX = "notifications_user_read_created_idx"
CREATE_INBOX_INDEX = (
    "CREATE INDEX notifications_user_read_created_idx "
    "ON notifications (user_id, read, created_at DESC, id DESC)"
)
HINT = "update the baseline with `primedb bench --save base`"


def _baseline(
    dsn: str, tmp_path: Path, names: tuple[str, ...], queries_dir: Path = QUERIES
) -> Path:
    path = tmp_path / "base.json"
    run(
        dsn,
        names,
        queries_dir=queries_dir,
        settings=BenchSettings(rounds=3, save=path, migrations_dir=MIGRATIONS),
    )
    return path


def _judge(
    dsn: str,
    baseline: Path,
    names: tuple[str, ...],
    *,
    queries_dir: Path = QUERIES,
    migrations_dir: Path = MIGRATIONS,
) -> tuple[bool, list[Finding], str]:
    """The gate's verdict, its findings and its text."""
    settings = BenchSettings(
        rounds=3,
        baseline=load_baseline(baseline),
        tolerances=Tolerances(check_time=False),
        migrations_dir=migrations_dir,
        save_hint=HINT,
    )
    result = run(dsn, names, queries_dir=queries_dir, settings=settings)
    assert result.comparison is not None
    return result.failed, list(result.comparison.findings), result.as_text()


def _lines(findings: list[Finding], verdict: Verdict) -> list[str]:
    return [f.line for f in findings if f.verdict is verdict]


REVISION = '''"""Drop the inbox index."""

from alembic import op

revision: str = "1a2b3c4d5e6f"
down_revision: str | None = "{head}"
branch_labels = None
depends_on = None

message = "drop the inbox index"


def upgrade() -> None:
    op.execute("DROP INDEX notifications_user_read_created_idx")


def downgrade() -> None:
    op.execute(
        "CREATE INDEX notifications_user_read_created_idx "
        "ON notifications (user_id, read, created_at DESC, id DESC)"
    )
'''


def test_a_revision_dropping_an_index_fails_naming_query_index_and_revision(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = _baseline(bench_dsn, tmp_path, INBOX)
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = History(MIGRATIONS).head  # the revision the baseline was taken at
    assert head is not None
    revision = REVISION.replace("{head}", head)
    (folder / "versions" / "1a2b3c4d5e6f_drop_the_inbox_index.py").write_text(revision)
    migrate(bench_dsn, folder, reporter=QuietReporter())

    failed, findings, text = _judge(bench_dsn, baseline, INBOX, migrations_dir=folder)

    assert failed
    regressions = _lines(findings, Verdict.REGRESSION)
    expected = (
        f"notifications_unread_first heavy: index {INBOX_INDEX} -> not used: index "
        f"{INBOX_INDEX} is no longer used, dropped in revision 1a2b3c4d5e6f "
        "(drop the inbox index)?"
    )
    assert expected in regressions
    assert (
        "notifications_unread_first heavy: Index Scan using "
        f"{INBOX_INDEX} on notifications -> Seq Scan on notifications: "
        "the index scan of notifications became a sequential scan"
    ) in regressions
    assert any(
        line.startswith("notifications_unread_first heavy: Sort nodes 0 -> 1: a Sort appeared")
        for line in regressions
    )
    buffers = [f for f in findings if f.kind is Kind.BUFFERS and f.sample == "heavy"]
    assert {f.query for f in buffers} == set(INBOX)
    assert all(f.verdict is Verdict.REGRESSION for f in buffers)
    # The count still reads the same rows: no correctness finding.
    assert not [f for f in findings if f.kind is Kind.ROWS]
    assert f"the schema changed since the baseline (revision {head} -> 1a2b3c4d5e6f, " in text


def test_an_index_dropped_outside_the_migrations_is_named_as_missing(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = _baseline(bench_dsn, tmp_path, INBOX[:1])
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute(f"DROP INDEX {INBOX_INDEX}")

    failed, findings, _ = _judge(bench_dsn, baseline, INBOX[:1])

    assert failed
    assert (
        f"notifications_unread_first typical: index {INBOX_INDEX} -> not used: index "
        f"{INBOX_INDEX} is no longer used; the database has no index {INBOX_INDEX}"
    ) in _lines(findings, Verdict.REGRESSION)


def _rewritten(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "queries"
    shutil.copytree(QUERIES, folder)
    path = folder / "notifications.sql"
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))
    return folder


def test_a_query_rewritten_to_read_more_buffers_fails(bench_dsn: str, tmp_path: Path) -> None:
    baseline = _baseline(bench_dsn, tmp_path, INBOX[:1])
    # `user_id + 0` hides the column from the index: same rows, every notification read.
    rewritten = _rewritten(
        tmp_path,
        "WHERE user_id = %(user_id)s\nORDER BY read",
        "WHERE user_id + 0 = %(user_id)s\nORDER BY read",
    )

    failed, findings, _ = _judge(bench_dsn, baseline, INBOX[:1], queries_dir=rewritten)

    assert failed
    buffers = [f for f in findings if f.kind is Kind.BUFFERS]
    assert [(f.sample, f.verdict) for f in buffers] == [
        ("heavy", Verdict.REGRESSION),
        ("typical", Verdict.REGRESSION),
    ]
    assert buffers[0].cause == "reads more than 10% and 8 buffers more than the baseline"
    assert buffers[0].change.startswith("buffers 15 -> ")
    assert not [f for f in findings if f.kind is Kind.ROWS]


def test_a_query_returning_fewer_rows_fails_as_a_correctness_regression(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = _baseline(bench_dsn, tmp_path, INBOX[:1])
    rewritten = _rewritten(tmp_path, "LIMIT %(page_size)s;", "LIMIT %(page_size)s - 1;")

    failed, findings, _ = _judge(bench_dsn, baseline, INBOX[:1], queries_dir=rewritten)

    assert failed
    assert (
        "notifications_unread_first heavy: rows 20 -> 19: "
        "the query returns different rows: a correctness regression"
    ) in _lines(findings, Verdict.REGRESSION)


def test_changed_data_in_the_same_number_of_rows_fails_on_the_checksum(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = _baseline(bench_dsn, tmp_path, ("bucket_by_id",))
    with connect(bench_dsn, autocommit=True) as conn:
        # The heavy sample of bucket_by_id is the first bucket; any change of it stamps
        # updated_at with the transaction's time (the set_updated_at trigger).
        conn.execute("UPDATE buckets SET name = 'renamed-by-the-test' WHERE id = 1")

    failed, findings, _ = _judge(bench_dsn, baseline, ("bucket_by_id",))

    assert failed
    (rows,) = [f for f in findings if f.kind is Kind.ROWS]
    assert (rows.query, rows.sample, rows.verdict) == ("bucket_by_id", "heavy", Verdict.REGRESSION)
    assert rows.change.startswith("rows 1, checksum sha256:")
    assert rows.cause == "the query returns different rows: a correctness regression"


def test_an_added_index_that_helps_passes_and_is_an_improvement(
    bench_dsn: str, tmp_path: Path
) -> None:
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute(f"DROP INDEX {INBOX_INDEX}")
    baseline = _baseline(bench_dsn, tmp_path, INBOX)
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute(CREATE_INBOX_INDEX)

    failed, findings, _ = _judge(bench_dsn, baseline, INBOX)

    assert not failed
    improvements = _lines(findings, Verdict.IMPROVEMENT)
    assert (
        "notifications_unread_first heavy: Seq Scan on notifications -> Index Scan using "
        f"{INBOX_INDEX} on notifications: a sequential scan of notifications became an index "
        f"scan; {HINT}"
    ) in improvements
    fewer = [f for f in findings if f.kind is Kind.BUFFERS]
    assert {(f.query, f.sample) for f in fewer} == {
        (q, s) for q in INBOX for s in ("heavy", "typical")
    }
    assert all(
        f.verdict is Verdict.IMPROVEMENT and f.cause == f"fewer buffers; {HINT}" for f in fewer
    )


def test_a_baseline_of_other_conditions_is_refused_naming_the_difference(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = _baseline(bench_dsn, tmp_path, INBOX[:1])
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute(
            f"ALTER DATABASE {conn.info.dbname} SET random_page_cost = 1.1"  # new sessions
        )
    settings = BenchSettings(rounds=3, baseline=load_baseline(baseline))
    with pytest.raises(UsageError) as refused:
        run(bench_dsn, INBOX[:1], settings=settings)
    assert "measured under other conditions: random_page_cost 4 -> 1.1" in str(refused.value)
    assert "--allow-different-conditions" in str(refused.value)

    other_data = DATA.__class__(scale=0.02, seed=DATA.seed, as_of=DATA.as_of)
    with pytest.raises(UsageError, match=r"scale 0\.01 -> 0\.02"):
        run(bench_dsn, INBOX[:1], data=other_data, settings=settings)


def test_allowed_different_conditions_compare_only_rows_and_plans(
    bench_dsn: str, tmp_path: Path
) -> None:
    baseline = _baseline(bench_dsn, tmp_path, INBOX[:1])
    with connect(bench_dsn, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {conn.info.dbname} SET work_mem = '8MB'")
        conn.execute(f"DROP INDEX {INBOX_INDEX}")
    settings = BenchSettings(
        rounds=3,
        baseline=load_baseline(baseline),
        allow_different_conditions=True,
        migrations_dir=MIGRATIONS,
    )

    result = run(bench_dsn, INBOX[:1], settings=settings)

    assert result.comparison is not None
    assert result.comparison.different_conditions == ("work_mem 4096 -> 8192",)
    kinds = {f.kind for f in result.comparison.regressions}
    assert Kind.INDEX in kinds and Kind.SCAN in kinds  # plans: compared
    assert Kind.BUFFERS not in kinds  # buffers: not, under other conditions
    assert "only rows and plans were compared" in result.as_text()


def test_the_readme_regression_example_against_the_committed_baseline(
    bench_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    revision = REVISION.replace("{head}", History(MIGRATIONS).head or "")
    (folder / "versions" / "1a2b3c4d5e6f_drop_the_inbox_index.py").write_text(revision)
    migrate(bench_dsn, folder, reporter=QuietReporter())
    monkeypatch.chdir(ROOT)  # `--compare ci` is the committed baseline

    # The README's gate command, for the inbox query, on the migrated database.
    command = example("bench-gate").text.splitlines()[0].removeprefix("$ ")
    _, *args = (bench_dsn if a == "$DSN" else a for a in shlex.split(command))
    args = [a for a in args if a != "audit_logs_page"] + ["--migrations-dir", str(folder)]
    judged = CliRunner().invoke(cli, args, env={"CI": ""})

    assert judged.exit_code == 1, judged.output
    check_example("bench-regression", judged.stdout)
