"""How a migration run behaves: timeouts, the wait for the lock, the retries.

Durations are spelled as in `primedb.durations`, on the command line, in `-x`
arguments of plain `alembic` and in the `SET` statements the runner sends.
"""

from dataclasses import dataclass, field

from primedb.diff.plan import Timeouts
from primedb.durations import format_duration
from primedb.errors import UsageError

__all__ = ["RunSettings", "timeout_statements"]

SET_LOCK_TIMEOUT = "SET lock_timeout = '{value}'"
SET_STATEMENT_TIMEOUT = "SET statement_timeout = '{value}'"


def timeout_statements(timeouts: Timeouts) -> tuple[str, str]:
    """The two session `SET`s that bound every statement of a revision."""
    return (
        SET_LOCK_TIMEOUT.format(value=format_duration(timeouts.lock_timeout_ms)),
        SET_STATEMENT_TIMEOUT.format(value=format_duration(timeouts.statement_timeout_ms)),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSettings:
    """Everything `migrate` and `rollback` can be told, with safe defaults.

    A timeout left at None was not set by the operator: each revision then runs
    with the one it declares (`lock_timeout_ms`, `statement_timeout_ms` module
    constants), else with `default_timeouts`. One the operator sets wins.
    """

    lock_timeout_ms: int | None = None
    statement_timeout_ms: int | None = None
    default_timeouts: Timeouts = field(default_factory=Timeouts)
    lock_wait_ms: int = 60_000
    lock_retries: int = 5
    retry_delay_ms: int = 1_000
    retry_delay_max_ms: int = 30_000

    def __post_init__(self) -> None:
        if self.lock_retries < 0:
            raise UsageError("--lock-retries must be 0 or more")
        if self.lock_wait_ms < 0 or self.retry_delay_ms < 0:
            raise UsageError("--lock-wait and --retry-delay must not be negative")

    def timeouts_for(
        self, declared_lock_ms: int | None = None, declared_statement_ms: int | None = None
    ) -> Timeouts:
        """The timeouts of one revision: the operator's, else the revision's, else defaults."""
        return Timeouts(
            lock_timeout_ms=_first(
                self.lock_timeout_ms, declared_lock_ms, self.default_timeouts.lock_timeout_ms
            ),
            statement_timeout_ms=_first(
                self.statement_timeout_ms,
                declared_statement_ms,
                self.default_timeouts.statement_timeout_ms,
            ),
        )

    def retry_delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (1, 2, ...): doubling, capped."""
        ms = min(self.retry_delay_ms * (1 << (attempt - 1)), self.retry_delay_max_ms)
        return ms / 1000


def _first(*values: int | None) -> int:
    for value in values:
        if value is not None:
            return value
    raise AssertionError("the last value is a default and never None")
