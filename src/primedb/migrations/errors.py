"""What can stop a migration run, as typed errors with the exit codes of `primedb.errors`.

A busy database (the migration lock is held, a lock timeout kept hitting)
ends with exit 3, like an unreachable one: nothing is wrong with the
revisions, try again later. A revision that fails ends with exit 5.
"""

from primedb.errors import BadInput, DatabaseUnreachable, UsageError

__all__ = [
    "LockTimeoutExhausted",
    "MigrationFailed",
    "MigrationLockBusy",
    "PartlyApplied",
    "RevisionNotFound",
]


class MigrationLockBusy(DatabaseUnreachable):
    """Another run held the migration lock for longer than `--lock-wait`."""


class LockTimeoutExhausted(DatabaseUnreachable):
    """A revision hit `lock_timeout` on every attempt."""


class MigrationFailed(BadInput):
    """A statement of a revision failed; its transaction was rolled back."""


class PartlyApplied(MigrationFailed):
    """A revision failed after part of it took effect; the next run resumes after that part."""


class RevisionNotFound(UsageError):
    """`--to` or the database names a revision the migrations folder does not hold."""
