"""Typed errors of the storage layer: each names the field (or object) and the reason.

Every class is a `primedb.errors.BadInput` (exit 5), so the CLI prints one line.
Errors found in Python before a statement runs and errors the database raises
(translated by `primedb.storage.constraints`) are the same types, with the same
field names, so a caller never needs to know which side refused.
"""

from primedb.errors import BadInput

__all__ = [
    "AccountUnavailable",
    "Conflict",
    "Forbidden",
    "NotFound",
    "RetriesExhausted",
    "RuleViolation",
    "StorageError",
    "ValidationError",
]


class StorageError(BadInput):
    """Base of the storage errors: `field` names what was refused, `reason` says why."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        return f"{self.field}: {self.reason}"


class ValidationError(StorageError):
    """A value that breaks a rule of its own (a CNPJ, a bucket name, a lifecycle rule)."""

    def _message(self) -> str:
        return f"invalid {self.field}: {self.reason}"


class NotFound(StorageError):
    """The object named by `field` does not exist (or not in this account)."""

    def _message(self) -> str:
        return f"{self.field} not found: {self.reason}"


class Conflict(StorageError):
    """A value that is fine alone but clashes with a row that exists (a taken CNPJ)."""

    def _message(self) -> str:
        return f"{self.field} conflicts: {self.reason}"


class RuleViolation(StorageError):
    """A business rule that the change would break (the last owner, a status transition)."""

    def _message(self) -> str:
        return f"{self.field}: {self.reason}"


class Forbidden(StorageError):
    """The actor may not do this: not a member of the account, or a role without the right.

    `field` is `actor`; the reason names the action and the roles that may do it
    (`primedb.storage.permissions` holds the matrix).
    """

    def _message(self) -> str:
        return f"forbidden: {self.reason}"


class AccountUnavailable(RuleViolation):
    """The account's status does not allow the action (a closed or suspended account)."""


class RetriesExhausted(Conflict):
    """Concurrent transactions kept conflicting; nothing was written."""

    def __init__(self, operation: str, attempts: int, sqlstate: str) -> None:
        self.attempts = attempts
        self.sqlstate = sqlstate
        super().__init__(
            operation,
            f"gave up after {attempts} attempts on concurrent updates "
            f"(SQLSTATE {sqlstate}); nothing was written, try again later",
        )
