"""Shared by the migrations tests: hand-written revisions, a recording Reporter, the CLI."""

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from primedb.migrations.lock import LockHolder
from primedb.migrations.reporter import StatementTiming, Step

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "migrations"

LOG = (
    "INSERT INTO migration_log SELECT '{rev}', current_setting('lock_timeout'), "
    "current_setting('statement_timeout')"
)

REVISIONS = {
    "0001_accounts.py": f'''
        """Create accounts."""
        from alembic import op

        revision = "0001"
        down_revision = None
        message = "create accounts"


        def upgrade() -> None:
            op.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL)")
            op.execute(
                "CREATE TABLE migration_log (revision text, lock_timeout text, "
                "statement_timeout text)"
            )
            op.execute("{LOG.format(rev="0001")}")


        def downgrade() -> None:
            op.execute("DROP TABLE migration_log")
            op.execute("DROP TABLE accounts")
    ''',
    "0002_note_index.py": f'''
        """Index account notes."""
        from alembic import op

        revision = "0002"
        down_revision = "0001"
        message = "index account notes"


        def upgrade() -> None:
            op.execute("ALTER TABLE accounts ADD COLUMN note text")
            op.execute("{LOG.format(rev="0002")}")
            with op.get_context().autocommit_block():
                op.execute("CREATE INDEX CONCURRENTLY accounts_note_idx ON accounts (note)")


        def downgrade() -> None:
            with op.get_context().autocommit_block():
                op.execute("DROP INDEX CONCURRENTLY accounts_note_idx")
            op.execute("ALTER TABLE accounts DROP COLUMN note")
            op.execute("DELETE FROM migration_log WHERE revision = '0002'")
    ''',
    "0003_name_check.py": f'''
        """Bound account names."""
        from alembic import op

        revision = "0003"
        down_revision = "0002"
        message = "bound account names"
        lock_timeout_ms = 1500
        statement_timeout_ms = 120_000


        def upgrade() -> None:
            op.execute(
                "ALTER TABLE accounts ADD CONSTRAINT accounts_name_len "
                "CHECK (length(name) < 200) NOT VALID"
            )
            op.execute("{LOG.format(rev="0003")}")
            # Its own transaction: the ADD's ACCESS EXCLUSIVE lock is released first.
            with op.get_context().autocommit_block():
                op.execute("ALTER TABLE accounts VALIDATE CONSTRAINT accounts_name_len")


        def downgrade() -> None:
            op.execute("ALTER TABLE accounts DROP CONSTRAINT accounts_name_len")
            op.execute("DELETE FROM migration_log WHERE revision = '0003'")
    ''',
}


def write_revision(folder: Path, filename: str, source: str) -> Path:
    path = folder / "versions" / filename
    path.write_text(textwrap.dedent(source).lstrip())
    return path


def make_project(tmp_path: Path) -> Path:
    """A migrations folder with the repository's env.py and three revisions."""
    folder = tmp_path / "migrations"
    (folder / "versions").mkdir(parents=True)
    for name in ("env.py", "alembic.ini", "script.py.mako"):
        shutil.copy(PROJECT / name, folder / name)
    for filename, source in REVISIONS.items():
        write_revision(folder, filename, source)
    return folder


@dataclass
class Recorder:
    """A Reporter that keeps every event; `on_retry` and `on_wait` let a test act then."""

    statements: list[StatementTiming] = field(default_factory=list)
    started: list[tuple[str, int]] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    retries: list[str] = field(default_factory=list)
    waits: list[LockHolder | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    on_retry: Callable[[int], None] | None = None
    on_wait: Callable[[], None] | None = None

    def lock_waiting(self, holder: LockHolder | None, wait_s: float) -> None:
        self.waits.append(holder)
        if self.on_wait is not None:
            self.on_wait()

    def lock_acquired(self, waited_s: float) -> None:
        pass

    def step_started(self, step: Step, attempt: int) -> None:
        self.started.append((step.revision.revision, attempt))

    def statement(self, timing: StatementTiming) -> None:
        self.statements.append(timing)

    def retrying(self, step: Step, attempt: int, delay_s: float, reason: str) -> None:
        self.retries.append(reason)
        if self.on_retry is not None:
            self.on_retry(attempt)

    def step_done(self, step: Step, seconds: float) -> None:
        self.done.append(step.revision.revision)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def shown(self) -> list[str]:
        """The statements that the CLI shows at info level."""
        return [" ".join(t.sql.split()) for t in self.statements if not t.housekeeping]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`primedb ARGS` in a subprocess, without the caller's database variables."""
    return subprocess.run(
        [sys.executable, "-m", "primedb", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=clean_env(env),
        check=False,
    )


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if k not in ("PRIMEDB_DSN", "DATABASE_URL")}
    full.update(extra or {})
    return full
