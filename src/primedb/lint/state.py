"""What the linted SQL has done so far, as the lint reads it top to bottom.

A table created earlier in the same SQL is new: empty, used by nobody, so
the hazards of changing it do not apply. A `SET lock_timeout` covers the
statements after it (a `SET LOCAL`, only until the transaction ends). A
`CHECK (c IS NOT NULL)` that was validated lets a later `SET NOT NULL`
skip its scan; a constraint added NOT VALID and validated in the same
transaction gains nothing, since the ADD's lock is held until commit.
"""

from dataclasses import dataclass, field

from primedb.lint.names import Name

__all__ = ["LintState"]


@dataclass(slots=True)
class LintState:
    created: list[Name] = field(default_factory=list)  # tables, views, indexes, sequences
    functions: list[Name] = field(default_factory=list)
    session_lock_timeout: bool = False
    local_lock_timeout: bool = False
    in_transaction: bool = False
    not_null_checks: list[tuple[Name, str]] = field(default_factory=list)  # (table, column)
    pending_checks: list[tuple[Name, str, str]] = field(default_factory=list)  # + constraint
    not_valid: list[tuple[Name, str, int]] = field(default_factory=list)  # + transaction number
    transaction: int = 0  # number of the current explicit transaction

    def is_new(self, name: Name) -> bool:
        return any(name.same(c) for c in self.created)

    def function_is_new(self, name: Name) -> bool:
        return any(name.same(f) for f in self.functions)

    @property
    def lock_timeout(self) -> bool:
        return self.session_lock_timeout or self.local_lock_timeout

    def begin(self) -> None:
        self.in_transaction = True
        self.transaction += 1

    def end(self) -> None:
        self.in_transaction = False
        self.local_lock_timeout = False

    def set_lock_timeout(self, *, on: bool, local: bool) -> None:
        if local:
            # SET LOCAL outside a transaction block does nothing (PostgreSQL warns).
            self.local_lock_timeout = on and self.in_transaction
        else:
            self.session_lock_timeout = on

    def check_added(self, table: Name, constraint: str | None, column: str, *, valid: bool) -> None:
        if valid:
            self.not_null_checks.append((table, column))
        elif constraint is not None:
            self.pending_checks.append((table, constraint, column))

    def check_validated(self, table: Name, constraint: str) -> None:
        for pending in self.pending_checks:
            if pending[0].same(table) and pending[1] == constraint:
                self.not_null_checks.append((table, pending[2]))

    def has_not_null_check(self, table: Name, column: str) -> bool:
        return any(t.same(table) and c == column for t, c in self.not_null_checks)

    def not_valid_added(self, table: Name, constraint: str) -> None:
        if self.in_transaction:
            self.not_valid.append((table, constraint, self.transaction))

    def added_in_this_transaction(self, table: Name, constraint: str) -> bool:
        """Whether `constraint` was added NOT VALID in the transaction still open."""
        return self.in_transaction and any(
            t.same(table) and c == constraint and n == self.transaction
            for t, c, n in self.not_valid
        )
