"""A temporary Alembic project of hand-written revisions, and what a run reports.

Three revisions: tables (0001), a column and a CONCURRENTLY index in an
autocommit block (0002), a NOT VALID check validated in a transaction of
its own, with timeouts of its own (0003). Every revision logs the session
timeouts it ran with into `migration_log`, so tests see what was set and
that each ran exactly once.
"""

from pathlib import Path

import pytest

from ._helpers import Recorder, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A migrations folder with the repository's env.py and three revisions."""
    return make_project(tmp_path)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
